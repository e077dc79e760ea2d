"""Role noun phrases: 'Russian forensic experts', 'a State Department spokesperson', 'the Kyiv
regime', 'the president' -> the actor they name (owner country or organisation, office holder,
definite anaphor, or a new role actor)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from wirecoder.actors.dictionary import ActorDictionary, RoleNoun
from wirecoder.actors.index import Actor, ActorIndex
from wirecoder.actors.names import _person, _strip_the
from wirecoder.actors.resolve import org_sector, role_of
from wirecoder.actors.role_words import (
    CONTEXT_COLLECTIVES,
    GENDERED_NOUNS,
    HOLDER_OFFICES,
    NEED_OWNER,
    WEAPONS,
)

# Determiners that make a role phrase definite ('the spokesperson', 'that official'): an anaphor.
DEFINITE_DETERMINERS = {"the", "this", "that"}


@dataclass
class _RolePhrase:
    """A role noun phrase being resolved: its parts, and the owner (country, organisation) found so far."""

    index: ActorIndex
    chunk: Span
    root: Token  # the role noun (or the organisation noun modifying the head: 'Israeli army bulldozers')
    role: RoleNoun
    body: list[Token]  # the phrase without determiners and punctuation, up to `root`
    n: int  # how many words at the end of `body` name the role
    mods: list[Token]  # the words of `body` before the role noun
    ent_at_token: dict[int, Span]
    claimed: set[int]
    places: dict
    country: str | None = None
    org_actor: Actor | None = None
    owner_ents: list[Span] = field(default_factory=list)
    metonymic_owner: bool = False  # a capital owning a government ('the Kyiv regime')
    pp_end: int | None = None  # 'rebels in Darfur': the place phrase is part of the mention

    def claim(self, ent: Span) -> None:
        """Mark an entity's tokens as resolved with this phrase."""
        for k in range(ent.start, ent.end):
            self.claimed.add(k)


def _chunk(index: ActorIndex, chunk: Span, ent_at_token: dict, claimed: set[int], places: dict) -> None:
    """Resolve a noun phrase: a name with its modifiers, or a role noun phrase (see the steps below)."""
    ent_root = ent_at_token.get(chunk.root.i)
    if ent_root is not None and ent_root.label_ == "PERSON":
        _modified_name(index, chunk, ent_root, ent_at_token, claimed)
        return
    if ent_root is not None:
        return  # the phrase is a name (organisation, place): the entity resolves it
    phrase = _role_phrase(index, chunk, ent_at_token, claimed, places)
    if phrase is None or _apposition_of_name(phrase):
        return
    _owners(phrase)
    if phrase.country is None and phrase.org_actor is None:
        _pp_owner(phrase)
    noun_text = " ".join(t.text.lower() for t in phrase.body[-phrase.n :])
    conj_first = _split_conjoined(phrase, noun_text)
    former = any(t.lower_ in ("former", "ex") for t in phrase.mods)
    det = [t for t in chunk if t.dep_ == "det"]
    definite = bool(det) and det[0].lower_ in DEFINITE_DETERMINERS
    actor = _title_holder(phrase, definite, former) or _definite_anaphor(phrase, definite, former)
    if actor is None:
        actor = _new_role_actor(phrase, noun_text, definite)
        if actor is None:
            return
    _mention_phrase(phrase, actor, conj_first)


def _modified_name(
    index: ActorIndex, chunk: Span, ent_root: Span, ent_at_token: dict, claimed: set[int]
) -> None:
    """A name with its modifiers ('Ukrainian presidential aide Mykhailo Podolyak'): the person, with the
    whole phrase as one more mention of it."""
    pre = [t for t in chunk if t.i < ent_root.start and t.dep_ not in ("det", "predet", "punct", "cc")]
    if pre and ent_root.start not in claimed:
        actor = _person(index, ent_root, pre)
        index.mention(actor, pre[0].idx, ent_root.end_char, ent_root.root)
        for tok in pre:
            ent = ent_at_token.get(tok.i)
            if ent is None or ent.label_ in ("NORP", "GPE", "PERSON"):
                claimed.add(tok.i)
        for k in range(ent_root.start, ent_root.end):
            claimed.add(k)


def _role_phrase(
    index: ActorIndex, chunk: Span, ent_at_token: dict, claimed: set[int], places: dict
) -> _RolePhrase | None:
    """The phrase's role noun and modifiers, or None when it names no role (or plural 'men', 'women')."""
    d = index.d
    root = chunk.root
    body = [t for t in chunk if t.dep_ not in ("det", "predet", "punct") and t.i <= root.i]
    role, n = role_of(body, d)
    if role is None:
        # 'Israeli army bulldozers', 'U.S. border patrol agents': an organisation noun modifying the
        # head is the actor ('Israeli army')
        for k in range(len(body) - 2, -1, -1):
            tok = body[k]
            if tok.dep_ != "compound" or ent_at_token.get(tok.i) is not None:
                continue
            r, n2 = role_of(body[: k + 1], d)
            if r is not None and r.kind == "organization" and r.sector in ("MIL", "COP", "SPY"):
                role, n, body, root = r, n2, body[: k + 1], tok
                break
    if role is None:
        return None
    if role.noun in GENDERED_NOUNS and root.tag_ in ("NNS", "NNPS"):
        return None  # 'men', 'women': not one person
    return _RolePhrase(
        index, chunk, root, role, body, n, body[: len(body) - n], ent_at_token, claimed, places
    )


def _apposition_of_name(phrase: _RolePhrase) -> bool:
    """'Fowler, a former party chairman, said': the apposition is the named person again (mentioned)."""
    root, index = phrase.root, phrase.index
    if phrase.role.kind != "person" or root.dep_ != "appos":
        return False
    head = phrase.ent_at_token.get(root.head.i)
    named = index.by_span.get((head.start_char, head.end_char)) if head is not None else None
    if named is not None and named.kind == "person":
        index.mention(named, phrase.chunk.start_char, phrase.chunk.end_char, root)
        return True
    return False


def _owners(phrase: _RolePhrase) -> None:
    """The owner from the entities among the modifiers: demonyms, countries, capitals, regions, seats,
    a person ("Assad's regime"), an organisation."""
    index, d, places = phrase.index, phrase.index.d, phrase.places
    for tok in phrase.mods:
        ent = phrase.ent_at_token.get(tok.i)
        if ent is None or ent in phrase.owner_ents:
            continue
        phrase.owner_ents.append(ent)
        text = _strip_the(ent.text)
        c = d.demonyms.get(text) or d.country_names.get(text)
        place_iso3 = places.get((ent.start_char, ent.end_char), (None, None))[1]
        if ent.label_ in ("NORP", "GPE") and not c and place_iso3 and not d.capitals.get(text):
            phrase.country = phrase.country or place_iso3  # 'Darfur rebels': a region's country
        elif ent.label_ in ("NORP", "GPE") and (c or d.capitals.get(text)):
            phrase.country = phrase.country or c or place_iso3 or d.capitals.get(text)
            sense = places.get((ent.start_char, ent.end_char))
            if not c and phrase.role.group == "government" and (sense is None or sense[0] == "metonymic"):
                phrase.metonymic_owner = True
        elif text in d.seats:
            phrase.country = phrase.country or d.seats[text]
        elif ent.label_ == "PERSON":
            if phrase.role.group == "government":  # "Assad's regime" -> that person's government
                person = _person(index, ent)
                phrase.country = phrase.country or person.country
            phrase.claim(ent)
        elif ent.label_ in ("ORG", "NORP", "FAC"):
            phrase.org_actor = _owner_organization(index, ent, text)
            phrase.country = phrase.country or phrase.org_actor.country


def _owner_organization(index: ActorIndex, ent: Span, text: str) -> Actor:
    """The organisation that an entity modifying a role noun names (mentioned there)."""
    org = index.d.organizations.get(text)
    if org is not None:
        org_actor = index.organization(org)
    else:
        org_actor = index.get(
            ("org", text), name=text, kind="organization", country=None, sector=org_sector(text)
        )
        org_actor.role_keys.add(text.split()[-1].lower())
    index.mention(org_actor, ent.start_char, ent.end_char, ent.root)
    return org_actor


# Prepositions whose object may own a role noun ('rebels in Darfur', 'officials of the ministry').
OWNER_PREPS = ("of", "for", "from", "in", "at", "throughout", "across", "inside")


def _pp_owner(phrase: _RolePhrase) -> None:
    """The owner from a prepositional phrase on the role noun: a place (its country; for a collective
    the place phrase joins the mention) or a known organisation."""
    index, d = phrase.index, phrase.index.d
    for child in phrase.root.children:
        if child.dep_ != "prep" or child.lower_ not in OWNER_PREPS:
            continue
        for pobj in child.children:
            ent = phrase.ent_at_token.get(pobj.i)
            if pobj.dep_ != "pobj" or ent is None:
                continue
            text = _strip_the(ent.text)
            if ent.label_ in ("GPE", "NORP", "LOC"):
                phrase.country = (
                    d.country_names.get(text)
                    or phrase.places.get((ent.start_char, ent.end_char), (None, None))[1]
                    or d.capitals.get(text)
                    or d.demonyms.get(text)
                )
                if phrase.country and phrase.role.kind != "person":
                    phrase.pp_end = ent.end_char
            elif ent.label_ == "ORG":
                org = d.organizations.get(text)
                if org is not None:
                    phrase.org_actor = index.organization(org)
                    phrase.country = phrase.org_actor.country


def _split_conjoined(phrase: _RolePhrase, noun_text: str) -> Span | None:
    """'U.S. and Russian negotiators': one actor per country, each mentioned by its own word; returns
    the first owner left (whose own word is the phrase's mention), or None when nothing is conjoined."""
    d, root = phrase.index.d, phrase.root
    others = [e for e in phrase.owner_ents if e.label_ in ("NORP", "GPE") and e.root.dep_ == "conj"]
    if not others or phrase.country is None:
        return None
    for ent in others:
        text = _strip_the(ent.text)
        c = d.demonyms.get(text) or d.country_names.get(text)
        if c and c != phrase.country:
            last = ent is others[-1]
            stop = root.idx + len(root.text) if last else ent.end_char
            _collective(phrase.index, phrase.role, c, None, ent.start_char, stop, ent.root, noun_text)
            phrase.owner_ents.remove(ent)
            phrase.claim(ent)
    return phrase.owner_ents[0] if phrase.owner_ents else None


def _title_holder(phrase: _RolePhrase, definite: bool, former: bool) -> Actor | None:
    """Titles: 'the Russian president', "Russia's foreign minister", 'the president' -> the office holder
    (the last actor in that office, else the dictionary's holder in the article's main country)."""
    index, role, country = phrase.index, phrase.role, phrase.country
    if role.kind != "person" or role.office not in HOLDER_OFFICES or former or phrase.org_actor is not None:
        return None
    if definite and country is None:
        actor = _last_with_role(index, role.office or role.noun, past=False)
        if actor is None:
            holder_country = index.dominant_country()
            entry = index.d.holder(holder_country, role.office, index.date) if holder_country else None
            if entry is not None:
                actor = index.person_from_entry(entry)
        return actor
    if country is not None:
        entry = index.d.holder(country, role.office, index.date)
        if entry is not None:
            return index.person_from_entry(entry)
    return None


def _definite_anaphor(phrase: _RolePhrase, definite: bool, former: bool) -> Actor | None:
    """Definite anaphora: 'the spokesperson', 'the ministry', 'the former president' -> the last actor
    in that role."""
    if not definite or phrase.country is not None or phrase.org_actor is not None or len(phrase.mods) > 1:
        return None
    if phrase.mods and not former:
        return None
    role = phrase.role
    return _last_with_role(phrase.index, role.office or role.noun, past=former) or _last_with_role(
        phrase.index, role.noun, past=former
    )


def _new_role_actor(phrase: _RolePhrase, noun_text: str, definite: bool) -> Actor | None:
    """A person in a role ('an official' of its own, 'a State Department spokesperson'), or a collective
    with its owner; None for a collective or weapon that needs an owner and has none."""
    index, d, role, org_actor = phrase.index, phrase.index.d, phrase.role, phrase.org_actor
    if role.kind == "person":
        owner_key = org_actor.key if org_actor is not None else phrase.country
        group = role.office or role.noun
        if owner_key is None and not definite and not phrase.mods:
            owner_key = ("anon", phrase.chunk.start)  # 'an official said': a person of its own
        actor = index.get(
            ("role", owner_key, group),
            name=_owned_name(d, org_actor, phrase.country, noun_text, noun_text),
            kind="person",
            country=phrase.country,
            sector=_role_sector(role, org_actor),
            role=noun_text,
        )
        actor.role_keys.update({group, role.noun})
        if actor.gender is None:
            actor.gender = GENDERED_NOUNS.get(role.noun)
        return actor
    if phrase.country is None and org_actor is None:
        if noun_text in NEED_OWNER or role.noun in NEED_OWNER:
            return None
        if role.noun in CONTEXT_COLLECTIVES:
            phrase.country = index.context_country
    if noun_text in WEAPONS and phrase.country is None and org_actor is None:
        return None
    return _collective(index, role, phrase.country, org_actor, None, None, None, noun_text)


def _mention_phrase(phrase: _RolePhrase, actor: Actor, conj_first: Span | None) -> None:
    """The phrase as a mention of `actor`, and its owner words: demonyms and capitals that own the phrase
    are mentions of the same actor ('Russian' in 'Russian forensic experts', 'Kyiv' in 'the Kyiv
    regime'); country names and organisations keep their own."""
    index, d, root = phrase.index, phrase.index.d, phrase.root
    start = (phrase.mods[0] if phrase.mods else phrase.body[-phrase.n]).idx
    end = root.idx + len(root.text)
    if phrase.pp_end is not None and phrase.pp_end > end:
        end = phrase.pp_end
    if conj_first is not None and phrase.country is not None:
        start, end = conj_first.start_char, conj_first.end_char  # the first country's own word
    index.mention(actor, start, end, root)
    for ent in phrase.owner_ents:
        text = _strip_the(ent.text)
        if ent.label_ == "NORP" or (phrase.metonymic_owner and d.capitals.get(text)):
            index.mention(actor, ent.start_char, ent.end_char, ent.root)
            phrase.claim(ent)
        elif ent.label_ in ("ORG", "FAC") or text in d.seats:
            phrase.claim(ent)


def _owned_name(
    d: ActorDictionary, org_actor: Actor | None, country: str | None, label: str, bare: str
) -> str:
    """'State Department spokesperson', 'Russian forensic experts'; `bare` when nothing owns it."""
    if org_actor is not None:
        return f"{org_actor.name} {label}"
    if country is not None:
        return f"{d.adjective(country) or d.country_name(country)} {label}"
    return bare


def _role_sector(role: RoleNoun, org_actor: Actor | None) -> str | None:
    """The role noun's sector, or its organisation's where the role inherits it (a ministry's officials)."""
    if role.inherit and org_actor is not None and org_actor.sector:
        return org_actor.sector
    return role.sector


def _collective(
    index: ActorIndex,
    role: RoleNoun,
    country: str | None,
    org_actor: Actor | None,
    start: int | None,
    end: int | None,
    tok: Token | None,
    noun_text: str,
) -> Actor:
    """The collective actor (government, military, 'Russian forensic experts') for a role noun with
    its owner; mentioned at (start, end) when given."""
    d = index.d
    group = role.group or role.noun
    sector = _role_sector(role, org_actor)
    if group == "government" and country is not None and org_actor is None:
        actor = index.government(country)
    elif org_actor is not None and not role.group and role.kind == "organization":
        actor = index.get(
            ("org", f"{org_actor.name} {noun_text}"),
            name=f"{org_actor.name} {noun_text}",
            kind="organization",
            country=org_actor.country,
            sector=sector,
        )
    else:
        owner = org_actor.key if org_actor is not None else country
        label = group if role.group else noun_text
        name = _owned_name(d, org_actor, country, label, noun_text)
        kind = "organization" if role.kind == "organization" else "group"
        actor = index.get(("group", owner, group), name=name, kind=kind, country=country, sector=sector)
    actor.role_keys.update({group, role.noun, noun_text.split()[-1]})
    actor.plural = True
    if start is not None:
        index.mention(actor, start, end, tok)
    return actor


def _last_with_role(index: ActorIndex, key: str, past: bool) -> Actor | None:
    """The latest mentioned actor with this role key (or past role key, when `past`)."""
    for actor in reversed(index.recent.values()):  # by latest mention, as reading the history backwards
        keys = actor.past_keys | actor.role_keys if past else actor.role_keys
        if key in keys:
            return actor
    return None
