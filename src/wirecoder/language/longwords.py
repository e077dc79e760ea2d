"""Runs of characters without a space, fed to spaCy's tokenizer in bounded pieces.

spaCy's tokenizer looks for the prefixes and suffixes of a whitespace-delimited string by searching
the whole remaining string with its affix patterns, once per affix it strips: a string of n marks
(a row of quotation or exclamation marks) costs n²/2 character steps (20,000 straight quotes in one
string take over a minute, 100,000 half an hour; 60,000 ’ in pieces of 1,000 still 19 s). `LongWordTokenizer` wraps the model's tokenizer: a text with no run of more
than MAX_RUN non-space characters goes to it unchanged; in a text with such runs, each run is cut into
pieces of MAX_RUN characters, every piece and every stretch between runs is tokenised on its own, and
the Docs join with `Doc.from_docs` (no characters added: the text stays verbatim). A run that long is
no word of any language (a rare URL may be as long): the cut only adds a token boundary every MAX_RUN
characters inside it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# Characters of a space-free run handed to spaCy's tokenizer at once. Its affix search costs about this
# many steps per character of such a run; no word and few URLs are longer (none in our corpora passes 80).
MAX_RUN = 200
_LONG_RUN = re.compile(rf"[^ \t\n\r\f\v]{{{MAX_RUN + 1},}}")


class LongWordTokenizer:
    """The model's tokenizer, with over-long space-free runs tokenised in pieces (module docstring).
    Everything else (vocab, rules, serialisation) is the wrapped tokenizer's."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        docs = [self.tokenizer(part) for part in split_long_runs(text) if part]
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data", "spans"])

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def split_long_runs(text: str, size: int = MAX_RUN) -> list[str]:
    """`text` cut into consecutive parts ('' never among them) whose concatenation is `text`: each
    space-free run longer than `size` in parts of `size` characters (the last one keeps a single space
    that follows the run, as the tokenizer would attach it to the run's last token), and the stretches
    between the runs whole."""
    parts: list[str] = []
    pos = 0
    pattern = _LONG_RUN if size == MAX_RUN else re.compile(rf"[^ \t\n\r\f\v]{{{size + 1},}}")
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        if start > pos:
            parts.append(text[pos:start])
        for a in range(start, end, size):
            parts.append(text[a : min(a + size, end)])
        if text[end : end + 1] == " ":
            parts[-1] += " "
            end += 1
        pos = end
    if pos < len(text):
        parts.append(text[pos:])
    return parts
