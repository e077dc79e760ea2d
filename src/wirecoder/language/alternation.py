"""Regex alternations of many literal phrases, written as a prefix tree.

`re` tries the branches of `(?:w1|w2|...)` one after the other at every position it looks at, so a
list of a thousand names costs a thousand tries per character of the text. The same phrases as a tree
('j(?:anuary|u(?:ne|ly))') are tried one character at a time and match the same text with the same
preference as the flat list sorted longest first: two phrases that both match at one position are one
the prefix of the other, and the tree tries the longer one first (continuations before the end of a
phrase), exactly as the flat list does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def alternation(phrases: Iterable[str], unit: Callable[[str], str] = re.escape, end: str = "") -> str:
    """`(?:...)` matching any of `phrases` (the longest one where several match), each character
    written as `unit(char)` (characters whose units are equal must match the same text), `end` after
    each phrase."""
    tree: dict = {}
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        node = tree
        for ch in phrase:
            node = node.setdefault(unit(ch), {})
        node[""] = {}  # a phrase ends here: tried after the longer phrases through this node
    if not tree:
        return "(?:)"  # as the flat list of no phrases
    return "(?:" + _branches(tree, end) + ")"


def _branches(node: dict, end: str) -> str:
    longer = [u + _group(child, end) for u, child in node.items() if u != ""]
    return "|".join(longer + ([end] if "" in node else []))


def _group(node: dict, end: str) -> str:
    inner = _branches(node, end)
    if len(node) == 1:
        return inner
    return "(?:" + inner + ")"
