"""The attribution stage: who said what, from quotation marks and the dependency parse.

Order of work (`PASSES`), each pass claiming what it finds so that later passes do not repeat it:
1. direct quotes (direct.py; quotes.find_quotes) with a cue after the quote ('"...," he said'), before it
   ('X said: "..."'), or in the middle ('"...," he said, "..."'), or a dash ('"..." - X');
2. reported speech (reported.py): a cue verb from the lexicon (data/attribution/cues.tsv) with a subject
   and a clause or object; content is the clause (a quote inside makes it 'mixed'); a cue verb joined to
   another ('said ... and blamed', 'noting that') takes that verb's speaker;
3. reporting nouns (nouns.py): "X's claim that ...";
4. 'according to X' (according.py);
5. headline style 'X: ...' (headlines.py);
6. quotes with no cue (uncued.py): the speaker of the previous direct quote, when there is one.
The shared state (the attributions found, the cues used) is claims.py.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from wirecoder.attribution.according import AccordingTo
from wirecoder.attribution.direct import DirectQuotes
from wirecoder.attribution.headlines import Headlines
from wirecoder.attribution.nouns import NounCues
from wirecoder.attribution.quotes import Quote, find_quotes
from wirecoder.attribution.reported import ReportedSpeech
from wirecoder.attribution.uncued import Uncued
from wirecoder.model import AttributionRecord, Document

__all__ = ["attribution_stage"]


class _Builder(DirectQuotes, ReportedSpeech, NounCues, AccordingTo, Headlines, Uncued):
    """The passes over one article's shared claims."""

    def run(self) -> list[AttributionRecord]:
        """Run the passes in order; the attributions in text order, with their ids."""
        quotes = find_quotes(self.text)
        for run_pass in PASSES:
            run_pass(self, quotes)
        self.found.sort(key=lambda a: (a.content.start, a.content.end))
        for n, a in enumerate(self.found, 1):
            a.id = f"at{n}"
        return list(self.found)  # a plain list: the index is done with


# The passes, in order: each reads what the ones before it found.
PASSES: tuple[Callable[[_Builder, list[Quote]], None], ...] = (
    _Builder.direct,
    _Builder.reported,
    _Builder.noun_cues,
    _Builder.according_to,
    _Builder.headlines,
    _Builder.uncued,
)


def attribution_stage(doc: Doc, document: Document) -> None:
    """Pipeline stage: fill document.attributions."""
    document.attributions = _Builder(doc, document).run()
