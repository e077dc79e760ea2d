"""Quotation-mark pairing over every common style; never raises on unbalanced marks.

Double marks (straight ", curly “ ” „, guillemets « ») delimit the quotes; single marks (‘ ’ ')
inside them are nested quotes and are left alone. A paragraph that opens a quote and does not close
it continues into the next paragraph when that one opens with a quotation mark (the newspaper
convention for quotes over several paragraphs); otherwise the quote ends with its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENERS + CLOSERS + STRAIGHT + "‘’‹›"

_PARAGRAPH = re.compile(r"[^\n]+")
_TOGGLED_MARK = re.compile(r"[“”\"]|''|``")


@dataclass(frozen=True)
class Quote:
    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the paragraph when the quote is not closed)
    closed: bool

    def inner(self, text: str) -> tuple[int, int]:
        """The quoted words, without the marks and the trailing comma or space."""
        start, end = self.start + 1, self.end - (1 if self.closed else 0)
        if text[self.start : self.start + 2] == "''":
            start += 1
        if self.closed and text[self.end - 2 : self.end] == "''":
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        return start, end


def _opens_paragraph(text: str, start: int, end: int) -> int | None:
    """Offset of the quotation mark a paragraph opens with, or None."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and (text[i] in OPENERS + STRAIGHT or text[i : i + 2] == "''"):
        return i
    return None


def find_quotes(text: str) -> list[Quote]:
    """The quotes of a text for attribution, in text order, paired per paragraph (see the module)."""
    quotes: list[Quote] = []
    pending: int | None = None  # an unclosed quote carried over from the previous paragraph
    pending_end = 0
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.start(), para.end()
        while p_end > p_start and text[p_end - 1].isspace():
            p_end -= 1
        if p_end <= p_start:
            continue
        open_at: int | None = None
        skip = -1
        if pending is not None:
            mark = _opens_paragraph(text, p_start, p_end)
            if mark is not None and text[mark] == text[pending]:  # the same style of mark goes on
                open_at, skip = pending, mark
            else:
                quotes.append(Quote(pending, pending_end, False))
            pending = None
        for i in range(p_start, p_end):
            if i == skip or (i == skip + 1 and text[i - 1 : i + 1] == "''"):
                continue
            c = text[i]
            if c == "'" and text[i + 1 : i + 2] == "'" and text[i - 1 : i] != "'":
                c = STRAIGHT  # '' (two apostrophes) as a double quotation mark, as some archives write it
            elif c == "'" and text[i - 1 : i] == "'":
                continue
            if c in OPENERS or c in CLOSERS:
                before = text[i - 1] if i > p_start else " "
                after = text[i + 1] if i + 1 < p_end else " "
                left_flank = (before.isspace() or before in "([{—–-") and not after.isspace()
                right_flank = not before.isspace() and (after.isspace() or after in ".,;:!?)—–-")
                if open_at is None:
                    if c in OPENERS or left_flank:  # '”Fortunately' opens a quote, typed the wrong way
                        open_at = i
                elif c in CLOSERS or right_flank:
                    quotes.append(Quote(open_at, i + 1, True))
                    open_at = None
                elif left_flank:  # a new quote opens: the previous one lost its closing mark
                    open_at = i
            elif c == STRAIGHT:
                if open_at is None:
                    open_at = i
                else:
                    quotes.append(Quote(open_at, i + (2 if text[i : i + 2] == "''" else 1), True))
                    open_at = None
        if open_at is not None:
            pending, pending_end = open_at, p_end
    if pending is not None:
        quotes.append(Quote(pending, pending_end, False))
    return [q for q in quotes if q.end - q.start > 2]


def toggled_quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) character offsets of quotations by their marks alone, across paragraphs: curly pairs
    (and ``), straight double quotes and '' toggling. Coreference's reading (is a pronoun inside a
    quote?); unlike `find_quotes` it knows no guillemets or low marks, reads no flanking and does not end
    an unclosed quote with its paragraph. Kept apart because the two give different spans."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _TOGGLED_MARK.finditer(text):
        q = m.group()
        if q == "“" or q == "``":
            open_at = m.start()
        elif q == "”":
            if open_at is not None:
                spans.append((open_at, m.end()))
            open_at = None
        else:  # straight quotes and '' toggle
            if open_at is None:
                open_at = m.start()
            else:
                spans.append((open_at, m.end()))
                open_at = None
    return spans
