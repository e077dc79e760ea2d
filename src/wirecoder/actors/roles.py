"""Role noun phrases: 'Russian forensic experts', 'a State Department spokesperson', 'the Kyiv
regime', 'the president' -> the actor they name (owner country or organisation, office holder,
definite anaphor, or a new role actor)."""

from __future__ import annotations

from spacy.tokens import Span

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


def _chunk(index: ActorIndex, chunk: Span, ent_at_token: dict, claimed: set[int], places: dict) -> None:
    d = index.d
    root = chunk.root
    ent_root = ent_at_token.get(root.i)
    if ent_root is not None and ent_root.label_ == "PERSON":
        # A name with its modifiers ('Ukrainian presidential aide Mykhailo Podolyak'): the person,
        # with the whole phrase as one more mention of it.
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
        return
    if ent_root is not None:
        return  # the phrase is a name (organisation, place): the entity resolves it
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
        return
    if role.noun in GENDERED_NOUNS and root.tag_ in ("NNS", "NNPS"):
        return  # 'men', 'women': not one person
    if role.kind == "person" and root.dep_ == "appos":
        # 'Fowler, a former party chairman, said': the apposition is the named person again
        head = ent_at_token.get(root.head.i)
        named = index.by_span.get((head.start_char, head.end_char)) if head is not None else None
        if named is not None and named.kind == "person":
            index.mention(named, chunk.start_char, chunk.end_char, root)
            return
    det = [t for t in chunk if t.dep_ == "det"]
    mods = body[: len(body) - n]
    # owners: entities among the modifiers, possessives, of/for/in/from phrases
    country, org_actor, owner_ents = None, None, []
    metonymic_owner = False
    for tok in mods:
        ent = ent_at_token.get(tok.i)
        if ent is None:
            continue
        if ent in owner_ents:
            continue
        owner_ents.append(ent)
        text = _strip_the(ent.text)
        c = d.demonyms.get(text) or d.country_names.get(text)
        place_iso3 = places.get((ent.start_char, ent.end_char), (None, None))[1]
        if ent.label_ in ("NORP", "GPE") and not c and place_iso3 and not d.capitals.get(text):
            country = country or place_iso3  # 'Darfur rebels': a region's country
        elif ent.label_ in ("NORP", "GPE") and (c or d.capitals.get(text)):
            country = country or c or place_iso3 or d.capitals.get(text)
            sense = places.get((ent.start_char, ent.end_char))
            if not c and role.group == "government" and (sense is None or sense[0] == "metonymic"):
                metonymic_owner = True
        elif text in d.seats:
            country = country or d.seats[text]
        elif ent.label_ == "PERSON":
            if role.group == "government":  # "Assad's regime" -> that person's government
                person = _person(index, ent)
                country = country or person.country
            for k in range(ent.start, ent.end):
                claimed.add(k)
        elif ent.label_ in ("ORG", "NORP", "FAC"):
            org = d.organizations.get(text)
            if org is not None:
                org_actor = index.organization(org)
                index.mention(org_actor, ent.start_char, ent.end_char, ent.root)
            else:
                sector = org_sector(text)
                org_actor = index.get(
                    ("org", text), name=text, kind="organization", country=None, sector=sector
                )
                org_actor.role_keys.add(text.split()[-1].lower())
                index.mention(org_actor, ent.start_char, ent.end_char, ent.root)
            country = country or org_actor.country
    pp_end = None  # 'rebels in Darfur': the place phrase is part of the mention
    if country is None and org_actor is None:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in (
                "of",
                "for",
                "from",
                "in",
                "at",
                "throughout",
                "across",
                "inside",
            ):
                for pobj in child.children:
                    ent = ent_at_token.get(pobj.i)
                    if pobj.dep_ != "pobj" or ent is None:
                        continue
                    text = _strip_the(ent.text)
                    if ent.label_ in ("GPE", "NORP", "LOC"):
                        country = (
                            d.country_names.get(text)
                            or places.get((ent.start_char, ent.end_char), (None, None))[1]
                            or d.capitals.get(text)
                            or d.demonyms.get(text)
                        )
                        if country and role.kind != "person":
                            pp_end = ent.end_char
                    elif ent.label_ == "ORG":
                        org = d.organizations.get(text)
                        if org is not None:
                            org_actor = index.organization(org)
                            country = org_actor.country
    noun_text = " ".join(t.text.lower() for t in body[-n:])
    others = [e for e in owner_ents if e.label_ in ("NORP", "GPE") and e.root.dep_ == "conj"]
    conj_first = None
    if others and country is not None:
        # 'U.S. and Russian negotiators': one actor per country, each mentioned by its own word.
        for ent in others:
            text = _strip_the(ent.text)
            c = d.demonyms.get(text) or d.country_names.get(text)
            if c and c != country:
                last = ent is others[-1]
                stop = root.idx + len(root.text) if last else ent.end_char
                _collective(index, role, c, None, ent.start_char, stop, ent.root, noun_text)
                owner_ents.remove(ent)
                for k in range(ent.start, ent.end):
                    claimed.add(k)
        conj_first = owner_ents[0] if owner_ents else None
    former = any(t.lower_ in ("former", "ex") for t in mods)
    definite = bool(det) and det[0].lower_ in DEFINITE_DETERMINERS
    start = (mods[0] if mods else body[-n]).idx
    end = root.idx + len(root.text)
    if pp_end is not None and pp_end > end:
        end = pp_end
    span_tok = root
    key_name = role.office or role.noun

    actor: Actor | None = None
    # 1. titles: 'the Russian president', "Russia's foreign minister", 'the president' -> office holder
    if role.kind == "person" and role.office in HOLDER_OFFICES and not former and org_actor is None:
        if definite and country is None and org_actor is None:
            actor = _last_with_role(index, key_name, past=False)
            if actor is None:
                holder_country = index.dominant_country()
                entry = d.holder(holder_country, role.office, index.date) if holder_country else None
                if entry is not None:
                    actor = index.person_from_entry(entry)
        elif country is not None:
            entry = d.holder(country, role.office, index.date)
            if entry is not None:
                actor = index.person_from_entry(entry)
    # 2. definite anaphora: 'the spokesperson', 'the ministry', 'the former president'
    if actor is None and definite and country is None and org_actor is None and len(mods) <= 1:
        if not mods or former:
            actor = _last_with_role(index, key_name, past=former) or _last_with_role(
                index, role.noun, past=former
            )
    if actor is None:
        if role.kind == "person":
            owner_key = org_actor.key if org_actor is not None else country
            group = role.office or role.noun
            if owner_key is None and not definite and not mods:
                owner_key = ("anon", chunk.start)  # 'an official said': a person of its own
            actor = index.get(
                ("role", owner_key, group),
                name=_owned_name(d, org_actor, country, noun_text, noun_text),
                kind="person",
                country=country,
                sector=_role_sector(role, org_actor),
                role=noun_text,
            )
            actor.role_keys.update({group, role.noun})
            if actor.gender is None:
                actor.gender = GENDERED_NOUNS.get(role.noun)
        else:
            if country is None and org_actor is None:
                if noun_text in NEED_OWNER or role.noun in NEED_OWNER:
                    return
                if role.noun in CONTEXT_COLLECTIVES:
                    country = index.context_country
            if noun_text in WEAPONS and country is None and org_actor is None:
                return
            actor = _collective(index, role, country, org_actor, None, None, None, noun_text)
    if others and conj_first is not None and country is not None:
        start, end = conj_first.start_char, conj_first.end_char  # the first country's own word
    index.mention(actor, start, end, span_tok)
    # Demonyms and capitals that own the phrase are mentions of the same actor ('Russian' in 'Russian
    # forensic experts', 'Kyiv' in 'the Kyiv regime'); country names and organisations keep their own.
    for ent in owner_ents:
        text = _strip_the(ent.text)
        if ent.label_ == "NORP" or (metonymic_owner and d.capitals.get(text)):
            index.mention(actor, ent.start_char, ent.end_char, ent.root)
            for k in range(ent.start, ent.end):
                claimed.add(k)
        elif ent.label_ in ("ORG", "FAC") or text in d.seats:
            for k in range(ent.start, ent.end):
                claimed.add(k)


def _owned_name(d, org_actor, country: str | None, label: str, bare: str) -> str:
    """'State Department spokesperson', 'Russian forensic experts'; `bare` when nothing owns it."""
    if org_actor is not None:
        return f"{org_actor.name} {label}"
    if country is not None:
        return f"{d.adjective(country) or d.country_name(country)} {label}"
    return bare


def _role_sector(role, org_actor) -> str | None:
    """The role noun's sector, or its organisation's where the role inherits it (a ministry's officials)."""
    if role.inherit and org_actor is not None and org_actor.sector:
        return org_actor.sector
    return role.sector


def _collective(index: ActorIndex, role, country, org_actor, start, end, tok, noun_text: str) -> Actor:
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
    for actor in reversed(index.recent.values()):  # by latest mention, as reading the history backwards
        keys = actor.past_keys | actor.role_keys if past else actor.role_keys
        if key in keys:
            return actor
    return None
