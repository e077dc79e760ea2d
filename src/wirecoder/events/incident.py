"""One incident, one event: the incident an article is about, gathered from all its mentions.

News on a shooting tells one incident many times ('the shooting', 'opened fire', 'a bullet struck a
10-year-old girl', 'the incident') and gives its arguments piecemeal: the place in the dateline, the
day in the lead, the dead and wounded in later sentences that name no event at all ('The girl was
taken to a local hospital'). After the stage has merged coreferent mentions (stage._merge), this step
fills one template per incident (MUC-style):

1. victim counts in sentences with no event to take them go to the event told nearest before them
   (else after them) of the first type that takes such counts (stage.tsv, kind=owner);
2. the main incident is the event of an incident type (data/events/incident.tsv, kind=type) the text
   tells most, mentions in the headline and lead weighing three times, that is neither a charge
   ('charged with aggravated assault') nor marked as another incident ('another shooting', 'an earlier
   attack'); every other event of an incident type joins it unless it is marked so, names another
   day, dates itself by a month or year ('shootings this year'), happened in another locality, or its
   organisations or countries conflict. Those stay separate as context, their counts their own; victim
   counts told with other events (the arrest, the investigation) join it, tallies dated by a month or
   year leave it;
3. the main incident's date is the day its earliest-told dated mention gives (a named day before a
   bare clock time, never a page's time stamp), else the day of a time expression in one of its
   sentences (then in the first sentences of the text) that hangs from none of the other events'
   triggers or a reporting verb ('Police said Friday'); its place is the locality with the most
   evidence (placed in it, the dateline, its sentences, mentions across the article; PLACE_WEIGHTS),
   else the county the article names most. Each with a precision: date day/week/month/year, place
   ACLED geo_precision (1 locality, 2 near it or part of a region, 3 larger).

The stage ranks the main incident first (highest confidence) and lowers the confidence of context
incidents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from wirecoder.events.mention import Count
from wirecoder.events.teasers import teaser_lines
from wirecoder.model import PlaceMention, PlaceRecord, TimeRecord
from wirecoder.places.stage import DATELINE_PATTERN, DATELINE_WINDOW
from wirecoder.resources import read_records
from wirecoder.times.lexicon import lexicon as time_lexicon

LOCALITY_KINDS = ("city", "locality")
VICTIMS = frozenset({"killed", "injured", "shot", "casualties"})
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_WEEK = re.compile(r"^\d{4}-W\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Rules:
    types: frozenset[str]
    context: frozenset[str]
    charge: frozenset[str]
    near: frozenset[str]
    precision: dict[str, int]
    clock: frozenset[str]
    stamp: frozenset[str]
    street: frozenset[str]
    response: frozenset[str] = frozenset()
    followup: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IncidentRow:
    """A row of data/events/incident.tsv: which list it feeds, the word, and a precision's value."""

    kind: str
    word: str
    value: int | None = None


@lru_cache(maxsize=1)
def rules() -> Rules:
    lists: dict[str, set[str]] = {
        k: set()
        for k in ("type", "context", "charge", "near", "clock", "stamp", "street", "response", "followup")
    }
    precision: dict[str, int] = {}
    for row in read_records("events/incident.tsv", IncidentRow):
        if row.kind == "precision":
            precision[row.word] = int(row.value or 0)
        else:
            lists[row.kind].add(row.word)
    return Rules(
        frozenset(lists["type"]),
        frozenset(w.lower() for w in lists["context"]),
        frozenset(w.lower() for w in lists["charge"]),
        frozenset(w.lower() for w in lists["near"]),
        precision,
        frozenset(w.lower() for w in lists["clock"]),
        frozenset(w.lower() for w in lists["stamp"]),
        frozenset(w.lower() for w in lists["street"]),
        frozenset(w.lower() for w in lists["response"]),
        frozenset(w.lower() for w in lists["followup"]),
    )


def day_of(value: str | None) -> str | None:
    match = _DAY.match(value or "")
    return match.group(1) if match else None


def time_precision(value: str | None) -> str | None:
    """day, week, month or year: how finely a TIMEX3 value fixes a date (None: not a date)."""
    if not value:
        return None
    if day_of(value):
        return "day"
    if _WEEK.match(value):
        return "week"
    if _MONTH.match(value):
        return "month"
    if _YEAR.match(value):
        return "year"
    return None


# --------------------------------------------------------------------------------------------------
# 1. Counts told apart from any event


def place_orphans(events: list, orphans: list[Count], owners: dict[str, tuple[str, ...]]) -> None:
    """Each count of a sentence with no event to take it goes to the event told nearest before it
    (else the first one after it) of the first type that takes such counts (stage.tsv, kind=owner)."""
    for count in orphans:
        for type_ in owners.get(count.category, ()):
            told = sorted(
                (p.mention.trigger[0], k) for k, e in enumerate(events) if e.type == type_ for p in e.parts
            )
            if told:
                before = [k for at, k in told if at < count.start]
                events[before[-1] if before else told[0][1]].extra_counts.append(count)
                break


# --------------------------------------------------------------------------------------------------
# 2. The main incident and its context


def _marked(doc: Doc, part) -> bool:
    """'another shooting', 'an earlier attack', 'the third shooting': another incident than the article's."""
    tok = doc[part.mention.head]
    words = rules().context
    return any(c.dep_ in ("amod", "det", "advmod", "compound") and c.lower_ in words for c in tok.children)


def _charge(doc: Doc, part) -> bool:
    """'charged with aggravated assault', 'on suspicion of murder': a charge, not an event."""
    m = part.mention
    if not m.nominal:
        return False
    tok = doc[m.head]
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return False
    words = rules().charge
    for _ in range(4):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lemma_.lower() in words or tok.lower_ in words:
            return True
        if tok.pos_ not in ("ADP", "NOUN", "ADJ", "CCONJ") or tok.dep_ == "ROOT":
            return tok.lemma_.lower() in words
    return False


def _locality(place: PlaceRecord | None) -> bool:
    return bool(place and place.kind in LOCALITY_KINDS and place.lat is not None)


def _aggregate(value: str | None, day: str | None) -> bool:
    """A month or year ('shootings this year'), or a week that does not hold the incident's day."""
    if not value or day_of(value):
        return False
    if _MONTH.match(value) or _YEAR.match(value):
        return True
    if _WEEK.match(value) and day:
        import datetime as dt

        year, week, _ = dt.date.fromisoformat(day).isocalendar()
        return value != f"{year}-W{week:02d}"
    return False


def _conflicts(main, other, published: str | None) -> bool:
    main_day = day_of((main.time or {}).get("value"))
    other_value = (other.time or {}).get("value")
    other_day = day_of(other_value)
    if main_day and other_day and main_day != other_day:
        return True
    if _aggregate(other_value, main_day or day_of(published)):
        return True
    mine, theirs = main.first("place"), other.first("place")
    if _locality(mine) and _locality(theirs) and mine.id != theirs.id:
        return True
    return False


LEAD_SENTENCES = 3  # the headline and the lead: the first sentences of the text


def _salience(event, lead_end: int) -> tuple[int, int]:
    """How much the article is about an event: its mentions, those in the headline and lead thrice."""
    score = sum(3 if p.mention.trigger[0] < lead_end else 1 for p in event.parts)
    return score, -min(p.mention.trigger[0] for p in event.parts)


def gather(doc: Doc, document, events: list, compatible: Callable[[Any, Any], bool]) -> Any:
    """Find the main incident, fold its other mentions into it, and date and place it. Returns the
    main event (None when the article tells no incident); `events` loses the folded events.
    `compatible(part, event)`: whether a mention's arguments agree with an event's (stage._compatible)."""
    r = rules()
    usable = [
        e for e in events if e.type in r.types and any(p.status in ("asserted", "claimed") for p in e.parts)
    ]
    for e in usable:
        first = min(e.parts, key=lambda p: p.mention.trigger[0])
        if all(_charge(doc, p) for p in e.parts) or _marked(doc, first):
            e.context = True
    candidates = [e for e in usable if not e.context]
    if not candidates:
        return None
    sentences = list(doc.sents)
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end_char if sentences else 0
    main = max(candidates, key=lambda e: _salience(e, lead_end))
    main.main = True
    # its own day first (not the lead's): mentions of another day are another incident ('two teens
    # were shot to death in the same park on May 3, 2011')
    # (the candidates not yet told apart from it are not 'other events' whose times it may not take)
    _date(doc, document, main, [e for e in events if e is not main and e not in candidates], 0)
    for e in candidates:
        if e is main:
            continue
        if _conflicts(main, e, document.published) or not all(compatible(p, main) for p in e.parts):
            e.context = True
            continue
        main.parts.extend(e.parts)
        main.extra_counts.extend(e.extra_counts)
        main.references.extend(s for s in e.references if s not in main.references)
        main.denied_by.extend(a for a in e.denied_by if a not in main.denied_by)
        if main.time is None or (not day_of(main.time.get("value")) and day_of((e.time or {}).get("value"))):
            main.time = e.time
        events.remove(e)
    main.parts.sort(key=lambda p: p.mention.trigger[0])
    _drop_tallies(doc, document, main)
    for e in events:  # victims told with the arrest or the investigation are the incident's
        if e is main or e.context or e.type in r.types:
            continue
        for p in e.parts:
            moved = [c for c in p.mention.counts if c.category in VICTIMS]
            p.mention.counts = [c for c in p.mention.counts if c.category not in VICTIMS]
            main.extra_counts.extend(moved)
        main.extra_counts.extend(c for c in e.extra_counts if c.category in VICTIMS)
        e.extra_counts = [c for c in e.extra_counts if c.category not in VICTIMS]
    others = [e for e in events if e is not main]
    date_end = sentences[min(4 * LEAD_SENTENCES, len(sentences)) - 1].end_char if sentences else 0
    _date(doc, document, main, others, date_end + 1)
    _place(doc, document, main)
    return main


def _drop_tallies(doc: Doc, document, main) -> None:
    """Victim counts in a sentence dated by a month or a year ('1,309 people have been shot this year',
    'the third homicide in 2016') are a tally of many incidents, not this one's."""
    marks = [t.start for t in document.times if t.type == "DATE" and _aggregate(t.value, None)]
    tallied = [
        (s.start_char, s.end_char) for s in doc.sents if any(s.start_char <= m < s.end_char for m in marks)
    ] + teaser_lines(doc.text)  # and a related video's title ('0:52 Woman killed in crash')
    if not tallied:
        return

    def tally(count: Count) -> bool:
        return count.category in VICTIMS and any(s <= count.start < e for s, e in tallied)

    for p in main.parts:
        p.mention.counts = [c for c in p.mention.counts if not tally(c)]
    main.extra_counts = [c for c in main.extra_counts if not tally(c)]


# --------------------------------------------------------------------------------------------------
# 3. When and where


def _reported(tok: Token, cues: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in cues)


def _governor(doc: Doc, start: int, end: int) -> Token | None:
    """The word a time expression says when of: its head, past a preposition ('said on Tuesday')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root.head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head


_CLOCK_DIGITS = re.compile(r"[\d:@]+")


def clock_only(t: TimeRecord) -> bool:
    """A bare clock time ('around 9:30 p.m.'): the times stage puts it on the publication day, which
    is weaker evidence of the day than a day named ('Wednesday night')."""
    words = _CLOCK_DIGITS.sub(" ", t.text.lower()).replace(",", " ").split()
    return all(w in rules().clock for w in words)


def stamp(document, t: TimeRecord) -> bool:
    """A page's time stamp ('Posted: Monday, March 2, 2015 12:06 AM EST', 'UPDATE @ 4:29 p.m.')."""
    before = (
        document.text[max(0, t.start - 14) : t.start]
        .lower()
        .replace(":", " ")
        .replace("@", " ")
        .split()
    )
    return (bool(before) and before[-1] in rules().stamp) or dateline_date(document.text, t)


_DASHES = "-–—|"
_BARE_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_DATELINE_WORDS = 6  # 'JAY COUNTY, Ind. (Nov. 18, 2015)— A 15-year-old boy ...'


def dateline_date(text: str, t: TimeRecord) -> bool:
    """The date of the report itself: a calendar date alone on its line ('By: WCTV News\n\nMay 16,
    2016'), opening a paragraph before a dash ('June 17, 2013 - Houston police are ...') or in
    parentheses in a dateline ('JAY COUNTY, Ind. (Nov. 18, 2015)— A boy ...', 'UPDATE (Nov. 2)')."""
    if not any(c.isdigit() for c in t.text):
        return False
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    before = text[line_start : t.start].strip()
    after = text[t.end : line_end if line_end >= 0 else len(text)].strip()
    if not before.strip("(,") and (not after.strip("),:") or after[0] in _DASHES):
        return True
    if not before and _BARE_CLOCK.fullmatch(t.text):
        return True  # '3:31 Charleston shooting survivors at DNC': a video's length in a list
    return (
        before.endswith("(")
        and after.startswith(")")
        and len(before.split()) <= _DATELINE_WORDS
        and (not after[1:].strip(":") or after[1:].lstrip()[:1] in _DASHES)
    )


def _elsewhere(head: Token, foreign: set[int], cues: list[tuple[int, int]]) -> bool:
    """A time that says when of another event or of the telling ('arrested Friday', 'Police said
    Friday', 'is to be arraigned this morning', 'were identified Sunday'); the police's response to the incident ('officers responded ... around 9 p.m. Sunday',
    'are investigating a shooting Monday night') is told on the incident's own time."""
    lemma = head.lemma_.lower()
    if lemma in rules().response:
        return False
    return lemma in rules().followup or head.i in foreign or _reported(head, cues)


def _date(doc: Doc, document, main, others: list, lead_end: int) -> None:
    """The day its earliest-told dated mention gives, else the nearest fitting time expression in its
    sentences, else in the headline and lead. A bare clock time on a mention ('shot around 5:45 p.m.')
    only says the publication day: a day named in its sentences ('Saturday evening') comes first."""
    dated = sorted(
        (
            (clock_only(p.time), p.mention.trigger[0], k, p)
            for k, p in enumerate(main.parts)
            if p.time and day_of(p.time.value) and not stamp(document, p.time)
        ),
        key=lambda item: item[:3],
    )
    if dated and not dated[0][0]:
        chosen = _after_midnight(doc, document, main, dated[0][3].time, lead_end)
        main.time = {"value": day_of(chosen.value), "time": chosen.id}
        return
    if not dated and day_of((main.time or {}).get("value")):
        return
    best = _sentence_time(doc, document, main, others, lead_end)
    if dated and (best is None or clock_only(best) or not day_of(best.value)):
        best = dated[0][3].time
    if best is not None:
        best = _after_midnight(doc, document, main, best, lead_end)
        main.time = {"value": day_of(best.value) or best.value, "time": best.id}


def _incident_sentences(doc: Doc, main, lead_end: int) -> list[tuple[int, int]]:
    """Its sentences: those of its mentions, of the nouns that refer to it ('The incident happened
    Thursday evening'), then the lead's (those starting before lead_end)."""
    lead = [(s.start_char, s.end_char) for s in doc.sents if s.start_char < lead_end]
    told = {p.mention.sentence for p in main.parts}
    spans = [start for start, _end in main.references]
    told |= {
        (s.start_char, s.end_char) for s in doc.sents if any(s.start_char <= x < s.end_char for x in spans)
    }
    return sorted(told) + lead


_SMALL_HOURS = re.compile(r"^\d{4}-\d{2}-\d{2}T0[0-5]")  # 'about 12:49 a.m. Wednesday', '3 AM Monday'


def _night(t: TimeRecord) -> bool:
    """'overnight', 'last night': a night that names no day, which runs past midnight into the next
    (the times stage gives it the evening's day); 'Friday night' names its day."""
    words = set(re.findall(r"[a-z]+", t.text.lower()))
    named = words & set(time_lexicon().weekdays)
    return not named and bool(words & {"overnight", "night"})


def _after_midnight(doc: Doc, document, main, chosen: TimeRecord, lead_end: int) -> TimeRecord:
    """The next day's time of a night the incident is dated by, when its sentences put it in the small
    hours ('Three shot overnight' ... 'At about 12:49 a.m. Wednesday'): the calendar day it happened."""
    day = day_of(chosen.value)
    if not day or not _night(chosen):
        return chosen
    import datetime as dt

    after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    sentences = _incident_sentences(doc, main, lead_end)
    for t in document.times:
        if t.type not in ("DATE", "TIME") or day_of(t.value) != after or stamp(document, t):
            continue
        early = _SMALL_HOURS.match(t.value) or "midnight" in t.text.lower()
        early = early or (t.value.endswith("TMO") and "early" in t.text.lower())
        if early and any(s <= t.start < e for s, e in sentences):
            return t
    return chosen


def _sentence_time(doc: Doc, document, main, others: list, lead_end: int) -> TimeRecord | None:
    """The time expression of the incident's sentences (then of the lead) that says when of it: a day
    before a week, a named day before a bare clock time, then the first told, nearest its triggers."""
    sentences = _incident_sentences(doc, main, lead_end)
    triggers = [p.mention.trigger[0] for p in main.parts]
    foreign = {p.mention.head for e in others for p in e.parts}
    cues = [(a.cue.start, a.cue.end) for a in document.attributions if a.cue]
    best, best_rank = None, None
    for t in document.times:
        if t.type not in ("DATE", "TIME") or t.anchor_text is not None:
            continue
        precision = time_precision(t.value)
        if precision not in ("day", "week") or stamp(document, t):
            continue
        at = next((k for k, (s, e) in enumerate(sentences) if s <= t.start < e), None)
        if at is None:
            continue
        head = _governor(doc, t.start, t.end)
        if head is not None and _elsewhere(head, foreign, cues):
            continue  # 'arrested Friday', 'Police said Friday'
        rank = (precision != "day", clock_only(t), at, min(abs(t.start - x) for x in triggers))
        if best_rank is None or rank < best_rank:
            best, best_rank = t, rank
    return best


_SITE = re.compile(r"\s(?:-|–|—|\|)\s")  # 'Woman shot - Cleveland 19 News Cleveland, OH'


def _street(text: str, mention: PlaceMention) -> bool:
    """'Baltimore Avenue', 'Spain St.', 'Larose Elementary School': the name of a street or a building."""
    after = text[mention.end : mention.end + 16].split()
    return bool(after) and after[0].strip(".,;:").lower() in rules().street


def _mentions(document) -> list[tuple[PlaceMention, PlaceRecord]]:
    """Place mentions, less those in the site name a page title ends with ('... - KSLA News 12
    Shreveport, Louisiana'), and less localities in another country than most of the article's places."""
    first_line = document.text.split("\n", 1)[0]
    parts = _SITE.split(first_line)
    site_start = len(first_line) - len(parts[-1]) if len(parts) > 1 else len(first_line)
    everything = [
        (m, place)
        for place in document.places
        for m in place.mentions
        if not site_start <= m.start < len(first_line) and not _street(document.text, m)
    ]
    countries: dict[str, int] = {}
    for _m, place in everything:
        if place.country:
            countries[place.country] = countries.get(place.country, 0) + 1
    if not countries:
        return everything
    home = max(countries, key=countries.get)
    return [(m, p) for m, p in everything if not (p.kind in LOCALITY_KINDS and p.country not in (None, home))]


def _near(document, mention: PlaceMention) -> bool:
    """'near Boise', 'outside Nampa', 'north of Boise': the event is by the place, not in it."""
    before = document.text[max(0, mention.start - 24) : mention.start].lower().split()
    words = rules().near
    return bool(before) and (
        before[-1] in words or (len(before) > 1 and before[-1] == "of" and before[-2] in words)
    )


def _precision(document, place: PlaceRecord, mention: PlaceMention | None) -> int:
    value = rules().precision.get(place.kind or "other", 3)
    if mention is not None and value == 1 and _near(document, mention):
        return 2
    return value


PLACE_WEIGHTS = {"syntax": 3, "dateline": 2, "sentence": 1, "mention": 1, "mentions_cap": 3}


def _place(doc: Doc, document, main) -> None:
    """The locality with the most evidence: the event is placed in it ('shot in Boise'), the dateline
    names it, its sentences name it, and the article names it again and again; else the county the
    article names most; else the event's own place, whatever it is."""
    everything = _mentions(document)
    kept = {id(p) for _m, p in everything}
    own = main.first("place")
    if own is not None and id(own) not in kept:
        own = None  # named only in the page's site name, or a namesake abroad ('Delhi', 'Huy')
    w = PLACE_WEIGHTS
    sentences = {p.mention.sentence for p in main.parts}
    votes: dict[int, list] = {}  # id(place) -> [score, mentions, first start, place, mention, placed in]

    def entry(place: PlaceRecord, mention: PlaceMention | None) -> list:
        return votes.setdefault(id(place), [0.0, 0, mention.start if mention else 0, place, mention, False])

    for m, p in everything:
        if not _locality(p):
            continue
        e = entry(p, m)
        e[1] += 1
        e[2] = min(e[2], m.start)
        if any(s <= m.start < end for s, end in sentences) and m.sense == "literal":
            if e[4] is None or not any(s <= e[4].start < end for s, end in sentences):
                e[4] = m  # the mention in the incident's words decides 'near'/'outside'
    for p in {
        id(q.place): q.place for q in main.parts if _locality(q.place) and id(q.place) in kept
    }.values():
        e = entry(p, None)
        e[0] += w["syntax"]
        e[5] = True
    dateline = _dateline_place(document, everything)
    if dateline is not None and _locality(dateline[0]):
        entry(*dateline)[0] += w["dateline"]
    for e in votes.values():
        e[0] += w["mention"] * min(e[1], w["mentions_cap"])
        if e[4] is not None and any(s <= e[4].start < end for s, end in sentences):
            e[0] += w["sentence"]
    if own is not None and own.country:
        votes = {k: e for k, e in votes.items() if e[3].country == own.country}
    found = None
    if votes:
        best = max(votes.values(), key=lambda e: (e[0], e[5], -e[2]))  # ties: where the text places it
        found = (best[3], best[4])
    if found is None:
        found = _dominant(everything, AREA_KINDS)  # 'a shooting in Cooper County': the county (precision 2)
        if found is not None and own is not None and own.country and found[0].country != own.country:
            found = None
    if found is None and own is not None:
        found = (own, None)
    if found is not None:
        main.place, main.place_precision = found[0], _precision(document, found[0], found[1])


def _dateline_place(document, everything) -> tuple[PlaceRecord, PlaceMention] | None:
    match = DATELINE_PATTERN.search(document.text[:DATELINE_WINDOW])
    if match is None:
        return None
    start, end = match.span(1 if match.group(1) else 2)
    for m, p in everything:
        if m.start < end and start < m.end and p.lat is not None:
            return p, m
    return None


AREA_KINDS = ("admin2",)


def _dominant(everything, kinds: tuple[str, ...] = LOCALITY_KINDS) -> tuple[PlaceRecord, PlaceMention] | None:
    """The locality (or area of `kinds`) the article names most (ties: the first named)."""
    counts: dict[str, list] = {}
    for m, p in everything:
        if p.kind in kinds and p.lat is not None:
            entry = counts.setdefault(p.id, [0, m.start, p, m])
            entry[0] += 1
            entry[1] = min(entry[1], m.start)
    if not counts:
        return None
    _n, _first, place, mention = max(counts.values(), key=lambda v: (v[0], -v[1]))
    return place, mention
