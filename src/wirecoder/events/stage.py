"""The events stage: event mentions -> events with arguments, counts, time, place, status and claims.

Order of work:
1. mentions: PLOVER triggers with their argument spans (detect.py), plus the events only the ACLED
   lexicon knows (acled.extra_mentions); each gets its ACLED category (acled.classify);
2. counts in each sentence (counts.py) go to the mention they attach to in the parse, else to the
   sentence's mention that takes that kind of count (data/events/stage.tsv, kind=owner);
3. each mention is resolved: actor/recipient ids (actors stage), place (places stage), time (a time
   expression attached to the trigger's clause), and its status from the attribution stage (inside
   a quote or reported clause -> claimed by that attribution; a denial -> denied; promised/might ->
   planned/hypothetical; the reporter's own words -> asserted);
4. coreferent mentions are merged into one event ('the drone assault', 'the attack on Moscow',
   'the incident'): same type with an anaphoric definite noun, the same target or place, or one
   mention syntactically inside the other; arguments that conflict keep events apart;
5. chronology: 'A day after Russia bombarded Kyiv, the attack on Moscow occurred' dates either
   event from the other; an attack with no actor takes the attacker of the same target elsewhere in
   the article when there is exactly one (flagged actor_inferred).
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirecoder.actors.lookup import ActorLookup
from wirecoder.events.acled import classify
from wirecoder.events.attach import assign_counts
from wirecoder.events.attackers import infer_attackers
from wirecoder.events.calibration import rank_incidents, raw_score
from wirecoder.events.chronology import date_events
from wirecoder.events.detect import find_mentions
from wirecoder.events.detect.extra import extra_mentions
from wirecoder.events.event import rules
from wirecoder.events.incident import gather, place_orphans
from wirecoder.events.merge import add_references, compatible, impersonal, merge_mentions
from wirecoder.events.resolve import resolve_mention
from wirecoder.events.tally import person_mentions
from wirecoder.events.write import is_article, lead_part, write_event
from wirecoder.model import Document

__all__ = ["events_stage"]


def events_stage(doc: Doc, document: Document) -> None:
    """Fill document.events from the Doc and the earlier stages' output, in the order of the module
    docstring."""
    mentions = find_mentions(doc, document)
    mentions += extra_mentions(doc, document, mentions)
    if not mentions:
        document.events = []
        return
    for mention in mentions:
        classify(doc, mention, document)
    mentions.sort(key=lambda m: m.trigger)
    orphans = assign_counts(doc, mentions)
    triggers = [m.trigger for m in mentions]
    actor_at = ActorLookup.of(document)
    resolved = [resolve_mention(doc, document, m, triggers, actor_at) for m in mentions]
    events = merge_mentions(doc, resolved)
    add_references(doc, document, events)
    date_events(document, events)
    infer_attackers(document, events)
    place_orphans(events, orphans, rules().owners)
    # one incident's people are told in many ways: on neither side do they keep its mentions apart
    main = gather(doc, document, events, lambda part, event: compatible(doc, impersonal(part), event, False))
    raws = [raw_score(e, lead_part(e)) for e in events]
    if main is not None and (len(main.parts) > 1 or is_article(doc)):
        raws = rank_incidents(events, raws, main)
    people = person_mentions(document)
    document.events = [
        write_event(document, i, event, raw, people)
        for i, (event, raw) in enumerate(zip(events, raws, strict=True), 1)
    ]
