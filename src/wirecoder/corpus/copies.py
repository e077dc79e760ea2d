"""Copies: syndicated and near-identical articles are one source.

Each text gets a MinHash signature over its word 5-shingles (datasketch); a locality-sensitive hash
index finds stored texts whose estimated Jaccard similarity is at least COPY_THRESHOLD. A wire story
with a few words changed, a headline rewritten or a footer added stays far above it; two outlets'
own reports of the same incident stay far below (they share facts, not sentences).
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# datasketch's hashing scheme, named so that stored signatures are read back with the one that made them
SCHEME = "affine32"
SHINGLE_WORDS = 5
COPY_THRESHOLD = 0.7
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


class CopyIndex:
    """Near-duplicate look-up over the stored documents: `copy_of(pk, minhash)` gives the first stored
    document (lowest pk) of the copy group a new text belongs to, or its own pk."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM)
        self.group: dict[int, int] = {}
        self.signatures: dict[int, MinHash] = {}

    def add(self, pk: int, minhash: MinHash, copy_of: int | None = None) -> int:
        """Index a document; returns the pk of its copy group's first document."""
        if copy_of is None:
            copy_of = self.find(minhash)
        group = pk if copy_of is None else self.group.get(copy_of, copy_of)
        key = str(pk)
        if key not in self.lsh:
            self.lsh.insert(key, minhash)
        self.group[pk] = group
        self.signatures[pk] = minhash
        return group

    def find(self, minhash: MinHash) -> int | None:
        """The group of the most similar stored copy, or None when the text is no copy."""
        best, best_score = None, COPY_THRESHOLD
        for key in self.lsh.query(minhash):
            pk = int(key)
            score = minhash.jaccard(self.signatures[pk])
            if score >= best_score and (best is None or score > best_score or pk < best):
                best, best_score = pk, score
        return None if best is None else self.group[best]

    def remove(self, pk: int) -> None:
        key = str(pk)
        if key in self.lsh:
            self.lsh.remove(key)
        self.group.pop(pk, None)
        self.signatures.pop(pk, None)
