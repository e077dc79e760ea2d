"""Copies: syndicated and near-identical articles are one source.

Each text gets a MinHash signature over its word 5-shingles (datasketch); its LSH bands, indexed in
the store, find the stored texts whose estimated Jaccard similarity is at least COPY_THRESHOLD. A wire story
with a few words changed, a headline rewritten or a footer added stays far above it; two outlets'
own reports of the same incident stay far below (they share facts, not sentences).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
# datasketch's hashing scheme, named so that stored signatures are read back with the one that made them
SCHEME = "affine32"
SHINGLE_WORDS = 5
COPY_THRESHOLD = 0.7
# LSH banding for that threshold (datasketch's optimum for 128 permutations, equal weight on false
# positives and negatives): 14 bands of 9 rows.
BANDS, ROWS = 14, 9
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        shingles = [" ".join(words).encode("utf-8")] if words else [b""]
    else:
        shingles = [" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - 4)]
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(shingles)
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64).copy(), scheme=SCHEME)


def bands(minhash: MinHash) -> list[tuple[int, int]]:
    """The signature's LSH bands: (band number, a 63-bit hash of its rows). Two texts share a band
    with a probability that rises steeply around COPY_THRESHOLD; the store indexes them
    (table copy_bands), so finding a copy is one indexed query whatever the corpus size."""
    values = minhash.hashvalues.astype(np.uint64)
    out = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = int.from_bytes(hashlib.blake2b(rows, digest_size=8).digest(), "big") >> 1
        out.append((band, digest))
    return out
