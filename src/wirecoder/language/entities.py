"""Entity correction: spaCy's NER, cleaned and corrected by the gazetteer lexicon.

Runs as a spaCy component after `ner`. Three steps over each Doc:
1. clean spaCy's name entities: drop possessive endings and punctuation at the edges, drop entities
   with no capitalised token (the small model tags "n't" as GPE);
2. find lexicon matches, longest first, case-sensitive;
3. merge: a strong lexicon entry (country, capital, big city, demonym, organisation, landmark)
   replaces a conflicting spaCy label ('Kyiv' PERSON -> GPE, 'Hmeimim' NORP -> FAC) unless spaCy's
   entity is a longer name that contains it ('Moscow State University'); a weak entry (a smaller
   city) only adds an entity where spaCy has none and a locative preposition precedes it.
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from wirecoder.language.lexicon import EntityLexicon, LexEntry, load_lexicon
from wirecoder.model import Document, Entity

NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
POSSESSIVE = {"'s", "’s", "'", "’", "s"}
LOCATIVE = {"in", "at", "near", "from", "to", "outside", "into", "around", "across", "towards", "toward"}
# Lexicon matches spanning more tokens than this are ignored (names are short; bounds the work).
MAX_MATCH_TOKENS = 8


def clean_span(span: Span) -> Span | None:
    """Trim possessives and edge punctuation; None when nothing name-like is left."""
    start, end = span.start, span.end
    doc = span.doc
    is_name = span.label_ in NAME_LABELS

    def edge_junk(token) -> bool:
        # Names never begin or end with punctuation or spaces; '7%' keeps its '%'.
        return token.is_space or (is_name and token.is_punct)

    while end > start and (
        edge_junk(doc[end - 1]) or (doc[end - 1].lower_ in POSSESSIVE and end - 1 > start)
    ):
        end -= 1
    while start < end and edge_junk(doc[start]):
        start += 1
    if start >= end:
        return None
    if is_name and not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in doc[start:end]):
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def find_matches(doc: Doc, lexicon: EntityLexicon) -> list[tuple[Span, LexEntry]]:
    """Non-overlapping lexicon matches, longest first from left to right."""
    matches = []
    text = None
    n = len(doc)
    opens = _openers(lexicon)
    strings = doc.vocab.strings
    i = 0
    for k, orth in enumerate(doc.to_array([ORTH]).reshape(-1).tolist()):
        if k < i:
            continue  # inside the last match
        can_open = opens.get(orth)
        if can_open is None:
            can_open = opens[orth] = _can_open(strings[orth], lexicon)
        if not can_open:
            continue
        if text is None:
            text = doc.text
        start_char = doc[k].idx
        for j in range(min(n, k + MAX_MATCH_TOKENS), k, -1):
            last = doc[j - 1]
            entry = lexicon.get(text[start_char : last.idx + len(last)])
            if entry is not None:
                matches.append((Span(doc, k, j, label=entry.label), entry))
                i = j
                break
    return matches


# Whether a word can open a lexicon match, per word (ORTH id), kept on the lexicon: most words cannot,
# and asking once per word instead of once per token keeps the scan cheap.
MAX_OPENERS = 200_000


def _openers(lexicon: EntityLexicon) -> dict[int, bool]:
    cached = getattr(lexicon, "_openers", None)
    if cached is None or cached[0] != len(lexicon.heads) or len(cached[1]) > MAX_OPENERS:
        cached = lexicon._openers = (len(lexicon.heads), {})  # a lexicon that grew is asked anew
    return cached[1]


def _can_open(head: str, lexicon: EntityLexicon) -> bool:
    if head[:1].isupper() or head[:1].isdigit() or head.lower() in ("al", "el", "ad", "d'"):
        return _head(head) in lexicon.heads
    return False


def _head(word: str) -> str:
    for k, ch in enumerate(word):
        if not (ch.isalnum() or ch == "_"):
            return word[:k]
    return word


def merge(doc: Doc, spacy_ents: list[Span], matches: list[tuple[Span, LexEntry]]) -> list[Span]:
    # Tokens of multi-word PERSON names: 'Jordan' after 'Michael Jordan' stays a person.
    person_words = {t.text for e in spacy_ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    owner = {}  # token index -> spaCy entity covering it
    for ent in spacy_ents:
        for k in range(ent.start, ent.end):
            owner[k] = ent
    removed: set[tuple[int, int]] = set()
    added: list[Span] = []
    for span, entry in matches:
        overlapping = {
            (e.start, e.end): e for k in range(span.start, span.end) if (e := owner.get(k)) is not None
        }
        if not overlapping:
            if entry.strong or _locative_context(span):
                added.append(span)
            continue
        if not entry.strong:
            continue
        ents = list(overlapping.values())
        if any(e.label_ not in NAME_LABELS for e in ents):
            continue  # dates, numbers and the like keep spaCy's reading
        if len(ents) == 1 and ents[0].start <= span.start and ents[0].end >= span.end:
            ent = ents[0]
            if (ent.start, ent.end) != (span.start, span.end):
                continue  # a longer name that contains the match: 'Moscow State University'
            if ent.label_ == span.label_:
                continue
            if ent.label_ == "PERSON" and len(span) == 1 and span.text in person_words:
                continue
        removed.update(overlapping)
        added.append(span)
    kept = [e for e in spacy_ents if (e.start, e.end) not in removed]
    return filter_spans(kept + added)


def _locative_context(span: Span) -> bool:
    if span.start == 0 or span.doc[span.start].is_sent_start:
        return False
    return span.doc[span.start - 1].lower_ in LOCATIVE


@Language.factory("wirecoder_entities")
def make_entity_corrector(nlp: Language, name: str):
    lexicon = load_lexicon()

    def correct_entities(doc: Doc) -> Doc:
        cleaned = [s for e in doc.ents if (s := clean_span(e)) is not None]
        doc.ents = merge(doc, cleaned, find_matches(doc, lexicon))
        return doc

    return correct_entities


def entities_stage(doc: Doc, document: Document) -> None:
    """Pipeline stage: the corrected entities into the Document."""
    document.entities = [
        Entity(start=e.start_char, end=e.end_char, text=e.text, label=e.label_) for e in doc.ents
    ]
