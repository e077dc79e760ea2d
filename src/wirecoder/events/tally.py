"""An event's counts combined into one figure per category: the largest told, the shot and not killed
counted as injured, one person told wounded and then dead counted once, attackers killed kept apart."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from wirecoder.events.counts import lexicon as count_lexicon
from wirecoder.events.mention import Count
from wirecoder.model import Document

_NUMBERED = re.compile(r"\d")


def _numbered(text: str, count: Count) -> bool:
    """The count's words give a number ('two people', '3'), not just a person ('the girl', 'he')."""

    words = text[count.start : count.end].lower().split()
    return bool(_NUMBERED.search(text[count.start : count.end])) or any(
        w in count_lexicon().numbers for w in words
    )


_SENTENCE_END = re.compile(r"[.!?]\s")


def _someone_else(text: str, count: Count, found: list[Count]) -> bool:
    """'A man was shot and killed and a woman was wounded': a wounded person named beside a dead one in
    the same sentence, neither a pronoun, is someone else."""
    if text[count.start : count.end].lower() in _pronouns():
        return False
    for other in found:
        if other.category != "killed" or text[other.start : other.end].lower() in _pronouns():
            continue
        a, b = sorted([(count.start, count.end), (other.start, other.end)])
        if (a[0], a[1]) != (b[0], b[1]) and not _SENTENCE_END.search(text[a[1] : b[0]]):
            return True
    return False


def _told_of_the_dead(text: str, count: Count, found: list[Count]) -> bool:
    """'A toddler was fatally wounded ... holding the wounded girl': with the dead told, a wounded person
    named only by an anaphor ('the girl', 'his son', 'he'), no number, may be one of them."""
    if count.category != "injured" or count.perpetrator or _numbered(text, count):
        return False
    words = text[count.start : count.end].lower().split()
    if not words or not (words[0] in _anaphoric() or " ".join(words) in _pronouns()):
        return False
    return not _someone_else(text, count, found)


def _anaphoric() -> set[str]:
    """'the', 'his': determiners of someone already told (counts_context.tsv, role=anaphoric)."""
    return count_lexicon().context.get("anaphoric", set())


def person_mentions(document: Document) -> dict[tuple[int, int], str]:
    """Each mention span of a person actor -> the actor's id ('Hawkingberry', 'She' -> one person)."""
    return {(m.start, m.end): a.id for a in document.actors if a.kind == "person" for m in a.mentions}


def _person_of(people: dict[tuple[int, int], str], count: Count) -> str | None:
    if count.best != 1:
        return None
    return next((a for (s, e), a in people.items() if s < count.end and count.start < e), None)


def combine_counts(
    text: str, counts_found: list[Count], people: dict[tuple[int, int], str] | None = None
) -> dict[str, Any]:
    """One figure per category, the largest told; people shot and not killed are injured ('two people
    were shot, one fatally': killed 1, injured 1). One person told wounded and then dead is one killed:
    by the actors' coreference ('She suffered a gunshot wound. She was pronounced dead'), or when
    everyone shot died."""
    # 'They killed me!', 'Please don't let me die': a speaker's words about themselves, not a count
    counts_found = [c for c in counts_found if text[c.start : c.end].lower() not in _speakers()]
    if people:
        dead = {p for c in counts_found if c.category == "killed" and (p := _person_of(people, c))}
        counts_found = [
            c for c in counts_found if not (c.category == "injured" and _person_of(people, c) in dead)
        ]
    if any(c.category == "killed" and c.low for c in counts_found):
        # 'was taken to a hospital, where he died': a weak cue without a number is told of the dead
        counts_found = [
            c for c in counts_found if not (c.category == "injured" and c.weak and not _numbered(text, c))
        ]
        counts_found = [c for c in counts_found if not _told_of_the_dead(text, c, counts_found)]

    def largest(found: list[Count]) -> dict[str, Any]:
        counts: dict[str, Any] = {"killed": None, "injured": None}
        for c in found:
            current = counts.get(c.category)
            if current is None or (c.low or 0) > (current["low"] or 0):
                counts[c.category] = c.to_dict(text)
        return counts

    counts = largest([c for c in counts_found if not c.perpetrator])
    attackers = largest([c for c in counts_found if c.perpetrator])
    reflexive = _reflexives()
    for category in ("killed", "shot"):
        # attackers killed count among the killed. Added to the victims only when the text sets them
        # apart: 'shot his wife and then himself' is two; 'the suspect ... he died' and 'four people
        # were killed, including the gunman' are not more than told
        mine, theirs = counts.get(category), attackers.get(category)
        if (
            mine is not None
            and theirs is not None
            and _apart(mine, theirs, reflexive, attackers)
            and not (category == "killed" and _alone_with_self(text, theirs, counts_found, reflexive))
        ):
            counts[category] = _add(mine, theirs)
        elif theirs is not None and (mine is None or (theirs["low"] or 0) > (mine["low"] or 0)):
            counts[category] = theirs
    if attackers["killed"] is not None:
        counts["killed_perpetrators"] = attackers["killed"]
    shot = counts.get("shot")
    if shot is not None and shot["best"] is not None:
        killed = counts["killed"]
        dead = 0 if killed is None else killed["best"]
        suicide = attackers["killed"]
        shot_self = shot["evidence"]["text"].lower() in reflexive  # 'shot himself': the figure is theirs
        if (
            dead
            and suicide is not None
            and suicide["evidence"]["text"].lower() in reflexive
            and not shot_self
        ):
            dead -= suicide["best"] or 0  # 'shot her son before killing herself': she is not among those shot
        if dead is not None and shot["best"] <= dead:
            # everyone shot died: 'taken to hospital' or 'suffered a gunshot wound' told of one of the dead
            counts["injured"] = largest(
                [
                    c
                    for c in counts_found
                    if c.category == "injured"
                    and not c.weak
                    and (_numbered(text, c) or _someone_else(text, c, counts_found))
                ]
            )["injured"]
        injured = counts["injured"]
        if dead is not None and shot["best"] >= dead:
            rest = shot["best"] - dead
            if injured is None or (injured["low"] or 0) < rest:
                counts["injured"] = {"low": rest, "best": rest, "high": rest, "evidence": shot["evidence"]}
    return counts


def _apart(
    victims: dict, attackers: dict, reflexive: frozenset[str], all_attackers: dict | None = None
) -> bool:
    """The attackers are not among the victims' figure: 'killed himself'; 'a man was killed ... the
    gunman died' (one person each, no pronoun that could be either)."""
    theirs, mine = attackers["evidence"]["text"].lower(), victims["evidence"]["text"].lower()
    if theirs in reflexive:
        # 'he was shot in the head ... had accidentally shot himself': the one shot is the victim told,
        # unless the shooter also killed himself ('shot his wife and then himself')
        return not _self_shot_only(attackers, all_attackers, reflexive)
    return (
        victims["best"] == 1
        and not _NUMBERED.search(mine)
        and mine.split()[0] not in ("one",)
        and mine not in _pronouns()
        and theirs not in _pronouns()
    )


def _alone_with_self(text: str, theirs: dict, found: list[Count], reflexive: frozenset[str]) -> bool:
    """'A 7-year-old boy fatally shot himself ... the boy was pronounced dead': a reflexive death with no
    other victim in its sentence ('shot his wife and then himself') is the victim told, not one more."""
    if theirs["evidence"]["text"].lower() not in reflexive:
        return False
    start = theirs["evidence"]["start"]
    for c in found:
        if c.perpetrator or c.category not in ("killed", "shot", "injured") or c.start == start:
            continue
        a, b = sorted([(c.start, c.end), (start, theirs["evidence"]["end"])])
        if not _SENTENCE_END.search(text[a[1] : b[0]]):
            return False
    return True


def _self_shot_only(attackers: dict, all_attackers: dict | None, reflexive: frozenset[str]) -> bool:
    """A reflexive count of people shot ('shot himself') with no reflexive death beside it: an
    accidental or survived self-shooting, told of the same person as the victim."""
    if all_attackers is None or attackers is not all_attackers.get("shot"):
        return False
    killed = all_attackers.get("killed")
    return killed is None or killed["evidence"]["text"].lower() not in reflexive


@lru_cache(maxsize=1)
def _reflexives() -> frozenset[str]:

    return frozenset(count_lexicon().context.get("reflexive", ()))


def _add(a: dict | None, b: dict | None) -> dict | None:
    if a is None or b is None:
        return a or b

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return {
        "low": plus(a["low"], b["low"]) or a["low"] or b["low"],
        "best": plus(a["best"], b["best"]),
        "high": plus(a["high"], b["high"]),
        "evidence": a["evidence"],
    }


def _pronouns() -> set[str]:
    """'he', 'they': one of the people already told (counts_context.tsv, role=pronoun)."""
    return count_lexicon().context.get("pronoun", set())


def _speakers() -> set[str]:
    """'me', 'we', 'you': the speaker or the addressed (counts_context.tsv, role=speaker)."""
    return count_lexicon().context.get("speaker", set())
