"""Long texts: the spaCy model runs over pieces of them, and the pieces join into one Doc.

spaCy's tok2vec, parser and NER cost more per word the longer the Doc they are given (measured with
the seed article repeated in one text: 23,000 characters parse at about 40 µs/character, 140,000 at
about 75, 700,000 at over 100, and memory grows faster still). A text longer than WHOLE_CHARS is
therefore tokenised whole (so its tokens are exactly those of the whole text), cut between tokens into
pieces of about CHUNK_CHARS characters, preferably at a paragraph break, else at a line break, else
after a sentence-final mark, else anywhere between two tokens; the model's components run over the
pieces, and `Doc.from_docs` joins them back into one Doc whose text is the input, verbatim. The
wirecoder components that read the whole document (the boundaries before the parser, the entity
correction after NER) run on the whole Doc. A piece has at most CHUNK_CHARS characters before its
last token and at most CHUNK_TOKENS tokens, so this is also the cap on the length of a sentence the
parser sees.

Texts up to WHOLE_CHARS (every news article we have seen) are parsed in one piece, as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

# Texts up to this many characters are parsed whole: output on ordinary articles (the longest PolNeAR
# dev article has 22,068) is what the model gives on the whole text.
WHOLE_CHARS = 50_000
# Size of a piece of a longer text, in characters and in tokens (whichever comes first): spaCy's cost
# per token is flat up to about this size. 20,000 characters of news text are about 4,000 tokens.
CHUNK_CHARS = 20_000
CHUNK_TOKENS = 5_000
# Pipeline components that read the whole Doc: run on the joined Doc, never on a piece.
WHOLE_DOC_COMPONENTS = frozenset({"wirecoder_boundaries", "wirecoder_entities"})
SENTENCE_END = frozenset(".!?…")


def _rank(prev: str) -> int | None:
    """How good a cut it is after a token written `prev` (with its trailing space, if any): 0 after a
    paragraph break, 1 after a line break, 2 after a sentence end, None elsewhere."""
    if prev.isspace():
        if "\n" in prev:
            return 0 if prev.count("\n") >= 2 else 1
        return None
    if prev.endswith(" ") and prev[-2:-1] in SENTENCE_END:
        return 2
    return None


def cut_points(doc: Doc, size: int = CHUNK_CHARS, tokens: int = CHUNK_TOKENS) -> list[int]:
    """Token indexes where the pieces of `doc` start, after the first. A piece ends before the first
    token that starts more than `size` characters after the piece does, or earlier at the best place
    in the second half of its span (a paragraph break, else a line break, else a sentence end);
    likewise at `tokens` tokens. So a piece has at most `size` characters before its last token."""
    text = doc.text
    idx = doc.to_array(IDX).tolist()  # token offsets, without making a Token object for each
    cuts: list[int] = []
    start = first = 0  # character offset and token index of the current piece
    best: list[int | None] = [None, None, None]  # latest cut of each rank in the current piece
    for i in range(1, len(idx)):
        if idx[i] - start > size or i - first >= tokens:
            half, half_tokens = start + size // 2, first + tokens // 2
            cut = next((c for c in best if c is not None and (idx[c] >= half or c >= half_tokens)), i)
            cuts.append(cut)
            start, first = idx[cut], cut
            best = [c if c is not None and c > cut else None for c in best]
        rank = _rank(text[idx[i - 1] : idx[i]])
        if rank is not None:
            best[rank] = i
    return cuts


def pieces(doc: Doc, size: int = CHUNK_CHARS, tokens: int = CHUNK_TOKENS) -> Iterator[Doc]:
    """`doc` as consecutive Docs of about `size` characters or `tokens` tokens, cut between tokens
    (see cut_points)."""
    bounds = [0, *cut_points(doc, size, tokens), len(doc)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b > a:
            yield doc[a:b].as_doc()


def parse_long(nlp: Language, text: str, batch_size: int = 4) -> Doc:
    """`nlp(text)` for a long text, with the model's components run piece by piece (module docstring)."""
    doc = nlp.make_doc(text)
    names = nlp.pipe_names
    first = 0
    while first < len(names) and names[first] in WHOLE_DOC_COMPONENTS:
        first += 1
    last = len(names)
    while last > first and names[last - 1] in WHOLE_DOC_COMPONENTS:
        last -= 1
    for name in names[:first]:
        doc = nlp.get_pipe(name)(doc)
    parts = list(pieces(doc, CHUNK_CHARS, CHUNK_TOKENS))
    for name in names[first:last]:
        proc = nlp.get_pipe(name)
        if hasattr(proc, "pipe"):
            parts = list(proc.pipe(parts, batch_size=batch_size))
        else:
            parts = [proc(part) for part in parts]
    joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
    for name in names[last:]:
        joined = nlp.get_pipe(name)(joined)
    return joined
