"""Markup nested deeper than the HTML parser goes, flattened before parsing so that its text is kept.

libxml2 (behind lxml and trafilatura) stops descending at depth 255 and drops everything below: a page
of 20,000 nested <div>s around the article comes out empty. `cap_nesting` removes the tags that would
open deeper than MAX_DEPTH (and their closing tags), leaving the text between them in place. It is
used only on a page whose parsed tree reached the parser's limit (`too_deep`), so every other page
is parsed exactly as it is.

The depth is counted from the tags: void elements (<br>, <img>) open nothing, and an opening <p>,
<li>, <td>, ... closes a sibling of the same name left open just before it. (Unclosed inline tags make
this count deeper than the parser's, which is why it is not the trigger.)
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

MAX_DEPTH = 200  # below libxml2's 255, with room for the <html><body> the parser adds
PARSER_LIMIT = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*?(/?)>")
VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# an opening tag of one of these closes an open sibling of the same name ('<li>a<li>b')
SIBLING_CLOSES = frozenset("p li dt dd option tr td th".split())


def too_deep(tree) -> bool:
    """Whether a parsed tree reaches the parser's depth limit (so that markup below it was lost)."""
    depth = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= PARSER_LIMIT - 1:
            return True
    return False


def cap_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """`html` with the tags that open deeper than `max_depth` removed (their text kept). Linear in the
    length of the page."""
    nesting = _Nesting(max_depth)
    pieces: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        if not nesting.keeps(match):
            pieces.append(html[last : match.start()])
            last = match.end()
    pieces.append(html[last:])
    return "".join(pieces)


class _Nesting:
    """The open elements as the parser would hold them, tag by tag; with a cap, the tags that would
    open deeper than it (and their closing tags) are not kept."""

    def __init__(self, cap: int):
        self.cap = cap
        self.stack: list[str] = []
        self.open = Counter()  # names on the stack: 'is it open?' without walking it
        self.dropped = Counter()  # opening tags not kept, by name: their closing tags are not either

    def keeps(self, match: re.Match[str]) -> bool:
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if self.dropped[name]:
                self.dropped[name] -= 1
                return False
            if self.open[name]:
                while self._pop() != name:
                    pass
            return True
        if name in VOID or self_closing:
            return True
        if name in SIBLING_CLOSES and self.stack and self.stack[-1] == name:
            self._pop()
        if len(self.stack) >= self.cap:
            self.dropped[name] += 1
            return False
        self.stack.append(name)
        self.open[name] += 1
        return True

    def _pop(self) -> str:
        name = self.stack.pop()
        self.open[name] -= 1
        return name
