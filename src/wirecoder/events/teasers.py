"""Lines of a page that tell other stories: a list of related videos, each line opening with the
video's length ('1:17 Twins receive gift of mobility', '0:52 Woman killed in crash'). Their counts and
times are another incident's."""

from __future__ import annotations

import re

# a video's length opening a line, then its title; not a clock time ('6:30 p.m. Police said ...', a
# live blog's entry)
_VIDEO_LINE = re.compile(r"^[ \t]*\d{1,2}:\d{2}[ \t]+(?![AaPp]\.?[Mm]\b)\S[^\n]*$", re.MULTILINE)


def teaser_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the lines that open with a video's length."""
    return [(m.start(), m.end()) for m in _VIDEO_LINE.finditer(text)]
