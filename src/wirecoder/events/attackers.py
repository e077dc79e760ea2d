"""Attacker inference: an attack told without its attacker takes the attacker of the other attacks on
the same country in the article, when there is exactly one (written out flagged actor_inferred)."""

from __future__ import annotations

from wirecoder.events.event import Event, iso3
from wirecoder.model import ActorRecord, Document


def infer_attackers(document: Document, events: list[Event]) -> None:
    """An attack told without its attacker ('a base was hit') takes the attacker of the other attacks on
    the same country in the article, when all of those come from one country."""
    countries: dict[str, set[str]] = {}
    actor_of: dict[str, ActorRecord] = {}
    for e in events:
        actor, recipient = e.actor, e.first("recipient") or e.first("place")
        if e.type == "ASSAULT" and actor and actor.country and recipient and recipient.country:
            target = iso3(recipient)
            countries.setdefault(target, set()).add(actor.country)
            actor_of.setdefault(actor.country, actor)
    for e in events:
        recipient = e.first("recipient") or e.first("place")
        if e.type != "ASSAULT" or e.actor is not None or not recipient:
            continue
        attackers = countries.get(iso3(recipient), set())
        if len(attackers) == 1:
            country_code = next(iter(attackers))
            country = next(
                (a for a in document.actors if a.kind == "country" and a.country == country_code), None
            )
            e.inferred_actor = country or actor_of[country_code]
