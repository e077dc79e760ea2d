"""Headline style 'X: ...': a short name (an entity, an actor, the title line's name) before a colon
that opens the paragraph."""

from __future__ import annotations

import re

from wirecoder.actors.lookup import actor_at
from wirecoder.attribution.claims import Claims
from wirecoder.attribution.quotes import Quote

_HEADLINE = re.compile(r"^([A-Z][^:\n]{1,60}?):[ \t]+(\S[^\n]*)$")


class Headlines(Claims):
    """Pass 5: headline-style attributions."""

    def headlines(self, _quotes: list[Quote]) -> None:
        """Pass 5: 'X: ...' paragraphs whose X is a name, an actor or the title line's name."""
        for para in re.finditer(r"[^\n]+", self.text):
            m = _HEADLINE.match(para.group(0))
            if not m or len(m.group(1).split()) > 6 or len(m.group(2).split()) < 3:
                continue
            s0 = para.start()
            speaker = (s0 + m.start(1), s0 + m.end(1))
            name = m.group(1)
            entity = any(e.start < speaker[1] and speaker[0] < e.end for e in self.document.entities)
            # the title line: a short capitalised name before the colon ('Poll: ...', 'Lynch: ...')
            title = s0 == 0 and len(name.split()) <= 3
            if not (entity or title or name.isupper() or actor_at(self.document, *speaker) is not None):
                continue
            content = (s0 + m.start(2), s0 + m.end(2))
            if self.covered(*content):
                continue
            colon = s0 + m.end(1)
            self.add("direct", speaker, (colon, colon + 1), content, "assert")
