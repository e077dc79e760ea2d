"""Resolving named mentions: entities (people, organisations, countries and capitals, peoples) and
dictionary names the entity recogniser missed."""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirecoder.actors import metonymy
from wirecoder.actors.dictionary import ActorDictionary, PersonEntry, RoleNoun
from wirecoder.actors.index import Actor, ActorIndex
from wirecoder.actors.resolve import HONORIFICS, name_tokens, org_sector, role_of
from wirecoder.actors.role_words import PAST_TITLE_WORDS


def _named(index: ActorIndex, span: Span) -> None:
    """A dictionary person or organisation named by `span`, mentioned there."""
    d = index.d
    entry = d.people.get(span.text)
    if entry is not None:
        actor = _match_known_person(index, name_tokens(span.text)) or index.person_from_entry(entry)
        index.mention(actor, span.start_char, span.end_char, span.root)
        return
    org = d.organizations.get(span.text)
    if org is not None:
        index.mention(index.organization(org), span.start_char, span.end_char, span.root)


def _strip_the(text: str) -> str:
    """`text` without a leading 'the '."""
    return text[4:] if text.lower().startswith("the ") else text


def _entity(index: ActorIndex, ent: Span, ent_at_token: dict[int, Span], places: dict) -> None:
    """Resolve a named entity by its label: person, organisation, seat, country or capital, people."""
    d = index.d
    text = _strip_the(ent.text)
    label = ent.label_
    if label == "PERSON":
        if text.split()[-1] in d.people_nouns and _people_group(index, ent, text, places):
            return  # 'Bosnian Serbs' mislabelled as a person
        _person(index, ent)
    elif text in d.people:  # a known person the recogniser mislabelled ('Olena Testenko' as ORG)
        _named(index, ent)
    elif label in ("ORG", "NORP", "FAC", "GPE", "LOC") and _seat_or_organization(index, ent, text):
        return
    elif label == "GPE" or (label == "LOC" and text in d.country_names):
        _place_entity(index, ent, text, places)
    elif label == "NORP":
        _nationality_entity(index, ent, text, places)
    elif label == "ORG":
        _unknown_org(index, ent, text)


def _seat_or_organization(index: ActorIndex, ent: Span, text: str) -> bool:
    """A seat of government ('the Kremlin': its government, unless it is the place) or a dictionary
    organisation (not for a GPE); True when the entity is one of these."""
    d, root = index.d, ent.root
    if text in d.seats:
        if not metonymy.seat_is_place(root):
            index.mention(index.government(d.seats[text]), ent.start_char, ent.end_char, root)
        return True
    org = d.organizations.get(text)
    if org is not None and ent.label_ != "GPE":
        index.mention(index.organization(org), ent.start_char, ent.end_char, root)
        return True
    return False


def _place_entity(index: ActorIndex, ent: Span, text: str, places: dict) -> None:
    """A country or capital: the places stage's sense where it gave one, else metonymy decides (a
    country is its state; a capital is its government only when it acts); a literal place is noted."""
    d, root = index.d, ent.root
    start, end = ent.start_char, ent.end_char
    sense = places.get((start, end))
    country = d.country_names.get(text)
    capital = d.capitals.get(text)
    if sense is not None:
        iso3 = country or capital or sense[1]
        if sense[0] == "literal":
            _note_place(index, iso3)
        if (sense[0] == "literal" and not country) or iso3 is None:
            return
        if country:
            index.mention(index.country_actor(country), start, end, root)
        else:
            index.mention(index.government(iso3), start, end, root)
        return
    if country:
        # A country named as a place is still the state it names (the places stage records the
        # place); only capitals and seats need a metonymic reading to be actors.
        if metonymy.country_is_place(root):
            _note_place(index, country)
        index.mention(index.country_actor(country), start, end, root)
        return
    if capital:
        if metonymy.capital_sense(root) == "metonymic":
            index.mention(index.government(capital), start, end, root)
        else:
            _note_place(index, capital)
        return
    lex = _lexicon_country(text, d)
    if lex:
        _note_place(index, lex)


def _nationality_entity(index: ActorIndex, ent: Span, text: str, places: dict) -> None:
    """A NORP: a people ('Palestinians'), an organisation, or the state of a demonym."""
    d, root = index.d, ent.root
    iso3 = d.demonyms.get(text)
    if root.dep_ not in ("compound", "amod", "nmod") and _people_group(index, ent, text, places):
        return
    org = d.organizations.get(text)
    if org is not None:
        index.mention(index.organization(org), ent.start_char, ent.end_char, root)
    elif iso3:
        # 'an Israeli proposal', 'French mediation': the state; ethnic and religious groups have
        # no entry and are left alone.
        index.mention(index.country_actor(iso3), ent.start_char, ent.end_char, root)


def _people_group(index: ActorIndex, ent: Span, text: str, places: dict) -> bool:
    """A people named by nationality or ethnicity ('Palestinians', 'Iraqi Kurds', 'Bosnian Serbs',
    'ethnic Albanians in Serbia'): a civilian group (CVL) of the country the text places it in: the
    country of an 'in'/'of' phrase, else a demonym before it, else (not for 'ethnic ...') its own
    state. An ethnic group the text does not place stays without a country, unless its sentence names
    exactly one other country. Returns False when `ent` is not such a people."""
    d = index.d
    doc = ent.doc
    words = text.split()
    kin = d.demonyms.get(text) if text in d.people_nouns else None
    prefix = None  # 'Bosnian Serbs' tagged as one name
    if kin is None and len(words) > 1 and words[-1] in d.people_nouns:
        prefix = d.demonyms.get(" ".join(words[:-1])) or d.country_names.get(" ".join(words[:-1]))
    before = doc[ent.start - 1] if ent.start > 0 else None
    if prefix is None and before is not None and before.dep_ in ("amod", "compound", "nmod"):
        prev = index.ent_at_token.get(before.i)
        if prev is not None and prev.label_ in ("NORP", "GPE") and before.head.i >= ent.start:
            prefix = d.demonyms.get(_strip_the(prev.text)) or d.country_names.get(_strip_the(prev.text))
    plural_name = text[:1].isupper() and text.endswith("s") and " " not in text
    if (
        kin is None
        and prefix is None
        and not (plural_name and before is not None and before.lower_ == "ethnic")
    ):
        return False
    ethnic = before is not None and before.lower_ == "ethnic"
    residence = _residence(index, ent.root, places)
    country = residence or prefix
    if country is None and ethnic:
        others = {
            c
            for e in ent.sent.ents
            if e.label_ in ("GPE", "LOC") and e.start != ent.start
            for c in [
                d.country_names.get(_strip_the(e.text))
                or places.get((e.start_char, e.end_char), (0, None))[1]
            ]
            if c and c != kin
        }
        country = others.pop() if len(others) == 1 else None
    elif country is None:
        country = kin
    begin = before.idx if ethnic or (prefix and before is not None and not len(words) > 1) else ent.start_char
    if prefix and len(words) == 1 and before is not None:
        prev = index.ent_at_token.get(before.i)
        begin = prev.start_char if prev is not None else begin
    # Counted or described people ('100 Palestinians', 'thousands of Nigerians', 'young Algerians',
    # 'Iraqi Kurds') are civilians; 'the Palestinians' / 'Palestinians blamed Israel' is the people as
    # a political side: the country with no sector.
    sector = "CVL" if ethnic or prefix or residence or _counted(ent.root) else None
    actor = index.get(
        ("group", country, "people", words[-1], sector),
        name=text,
        kind="group",
        country=country,
        sector=sector,
    )
    actor.plural = True
    index.mention(actor, begin, ent.end_char, ent.root)
    return True


QUANTITY_NOUNS = {
    "thousands", "hundreds", "dozens", "scores", "millions", "tens", "group", "groups", "crowd",
    "crowds", "number", "some", "many", "most", "all", "several", "few", "handful", "majority",
}  # fmt: skip


def _counted(root: Token) -> bool:
    """Whether a people's name is counted or described ('100 Palestinians', 'young Algerians')."""
    if any(
        c.dep_ in ("nummod", "amod", "quantmod") or (c.dep_ == "compound" and not c.ent_type_)
        for c in root.children
    ):
        return True
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in QUANTITY_NOUNS


def _residence(index: ActorIndex, head: Token, places: dict) -> str | None:
    """The country of an 'in'/'of'/'inside' place phrase on `head` ('Albanians in south Serbia')."""
    d = index.d
    children = list(head.children)
    for child in list(children):
        if child.dep_ == "acl":  # 'Palestinians living in the West Bank'
            children.extend(child.children)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "inside", "throughout", "across"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                for k in range(pobj.left_edge.i, pobj.right_edge.i + 1):
                    e = index.ent_at_token.get(k)
                    if e is None or e.label_ not in ("GPE", "LOC"):
                        continue
                    c = (
                        d.country_names.get(_strip_the(e.text))
                        or places.get((e.start_char, e.end_char), (0, None))[1]
                    )
                    if c:
                        return c
    return None


def _lexicon_country(text: str, d: ActorDictionary) -> str | None:
    """The country of a place name in the language lexicon, or None."""
    from wirecoder.language.lexicon import load_lexicon

    entry = load_lexicon().get(text)
    if entry is None:
        return None
    if entry.kind in ("country", "capital", "demonym"):
        return entry.ref
    if entry.kind == "admin1":
        return entry.ref
    return d.geonameid_to_iso3.get(entry.ref)


def _note_place(index: ActorIndex, iso3: str | None) -> None:
    """Remember the last place named: collectives without an owner may take its country."""
    if iso3:
        index.context_country = iso3


def _leading_country(text: str, d: ActorDictionary) -> str | None:
    """The country of a demonym or country name that a longer name starts with ('British Defence',
    "Nigeria's Union of ...")."""
    words = text.split()
    for n in (3, 2, 1):
        head = " ".join(words[:n]).rstrip("'’s").rstrip("'’")
        if len(words) > n and (head in d.demonyms or head in d.country_names):
            return d.demonyms.get(head) or d.country_names.get(head)
    return None


def _unknown_org(index: ActorIndex, ent: Span, text: str) -> None:
    """An organisation outside the dictionary: country from its name or modifiers, sector from its words."""
    d = index.d
    words = text.split()
    country = _leading_country(text, d)
    if country is None and " of " in text:
        tail = text.rsplit(" of ", 1)[1]
        country = d.country_names.get(_strip_the(tail))
    if country is None:
        country = _owner_country(index, ent.root)
    sector = org_sector(text)
    actor = index.get(("org", text), name=text, kind="organization", country=country, sector=sector)
    actor.role_keys.add(words[-1].lower())
    index.mention(actor, ent.start_char, ent.end_char, ent.root)


def _owner_country(index: ActorIndex, head: Token) -> str | None:
    """A country named in a modifier or 'of'/'in'/'from' phrase of `head`."""
    d = index.d
    for child in head.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < head.i:
            ent = index.ent_at_token.get(child.i)
            text = _strip_the(ent.text) if ent is not None else child.text
            c = d.demonyms.get(text) or d.country_names.get(text) or d.capitals.get(text)
            if c:
                return c
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    span_text = _strip_the(" ".join(t.text for t in pobj.subtree if t.dep_ != "det"))
                    c = (
                        d.country_names.get(span_text)
                        or d.capitals.get(span_text)
                        or d.country_names.get(pobj.text)
                    )
                    if c:
                        return c
    return None


# -- people ----------------------------------------------------------------------------------------


def _person(index: ActorIndex, ent: Span, pre: list[Token] | None = None) -> Actor:
    """Resolve a person's name (earlier mentions, the dictionary, else a new person) with its modifiers."""
    text = ent.text
    words = name_tokens(text) or [text.lower()]
    actor = _match_known_person(index, words)
    if actor is None:
        entry = _dictionary_person(index.d, text, words)
        if entry is not None:
            actor = index.person_from_entry(entry)
    actor = _new_or_fuller_name(index, actor, text, words)
    # Honorifics and role words before the name, appositions after it.
    doc = ent.doc
    before = [doc[k] for k in range(max(ent.sent.start, ent.start - 2), ent.start)]
    if actor.gender is None:
        for tok in before:
            g = HONORIFICS.get(tok.lower_)
            if g:
                actor.gender = g
    info = _person_modifiers(index, ent, pre)
    if info is not None:
        _apply_modifiers(index, actor, info, words)
    index.mention(actor, ent.start_char, ent.end_char, ent.root)
    return actor


def _dictionary_person(d: ActorDictionary, text: str, words: list[str]) -> PersonEntry | None:
    """The dictionary entry of a name as written, without a leading word or honorific, or a variant."""
    entry = d.people.get(text) or d.people.get(" ".join(text.split()[1:]) if len(text.split()) > 2 else "")
    if entry is None:
        entry = d.people.get(_strip_honorific(text))
    if entry is None and len(words) >= 2:
        # 'Omar Hassan al-Bashir', 'Omar El Bashir': a variant with a middle name or another
        # spelling of the particle, when its surname is a known alias and the first names agree.
        candidate = d.people.get(text.split()[-1])
        if candidate is not None and name_tokens(candidate.name)[:1] == words[:1]:
            entry = candidate
    return entry


def _new_or_fuller_name(index: ActorIndex, actor: Actor | None, text: str, words: list[str]) -> Actor:
    """A new person when nothing matched, else the actor with a fuller form of its name; the gender
    from the first name when still unknown."""
    d = index.d
    if actor is None:
        name = " ".join(text.split()) if len(words) > 0 else text
        actor = index.get(("person", name), name=name, kind="person", country=None, sector=None)
        actor.name_words = set(words)
        first = text.split()[0]
        actor.gender = d.first_names.get(first)
    elif (
        len(words) > len(name_tokens(actor.name))
        and actor.key[0] == "person"
        and actor.key[1] not in d.people
    ):
        actor.name = " ".join(text.split())  # a fuller form of a name seen before
        actor.name_words.update(words)
    if actor.key[0] == "person" and actor.key[1] not in d.people and actor.gender is None:
        # 'Clinton' first, then 'Hillary Clinton': the fuller name's entry or first name gives the gender
        entry = d.people.get(" ".join(text.split()))
        actor.gender = entry.gender if entry is not None else d.first_names.get(text.split()[0])
    return actor


def _apply_modifiers(
    index: ActorIndex,
    actor: Actor,
    info: tuple[RoleNoun | None, str | None, Actor | None, str | None],
    words: list[str],
) -> None:
    """Country, sector and role from the words around a name, for a person the dictionary does not
    know (a 'former' title makes an elite, ELI); the role as one of the person's role keys."""
    d = index.d
    role, country, org_actor, role_text = info
    past = bool(role_text and set(role_text.split()) & PAST_TITLE_WORDS)
    if actor.country is None and country is None and org_actor is not None:
        country = org_actor.country
    if actor.key[1] not in d.people:
        if actor.country is None and country:
            actor.country = country
        if actor.sector is None and role is not None:
            sector = role.sector
            if role.inherit and org_actor is not None and org_actor.sector:
                sector = org_actor.sector
            if past and sector in ("GOV", "LEG", "MIL"):
                sector = "ELI"  # 'former prime minister X', 'ousted president X': an elite, not the state
            actor.sector = sector
        if actor.role is None and role_text:
            actor.role = role_text
    elif index.date is None and past and actor.sector == "GOV":
        actor.sector = "ELI"  # an undated article that calls a known office holder 'former'
    if role is not None:
        actor.role_keys.add(role.office or role.noun)
    if actor.country is None and role is not None and role.office and actor.key[1] not in d.people:
        # 'President Bush': every president in the dictionary with that surname held office in
        # one country (the two Presidents Bush) -> that country, though not which person.
        actor.country = _office_surname_country(d, words[-1], role.office)


_SURNAMES: dict[int, dict[str, list[PersonEntry]]] = {}


def _office_surname_country(d: ActorDictionary, surname: str, office: str) -> str | None:
    """The one country where dictionary holders of `office` with this surname served, or None."""
    table = _SURNAMES.get(id(d))
    if table is None:
        table = {}
        for entry in {id(e): e for e in d.people.values()}.values():
            tokens = name_tokens(entry.name)
            if tokens:
                table.setdefault(tokens[-1], []).append(entry)
        _SURNAMES.clear()
        _SURNAMES[id(d)] = table
    countries = {o.country for e in table.get(surname, []) for o in e.offices if o.office == office}
    return countries.pop() if len(countries) == 1 else None


def _strip_honorific(text: str) -> str:
    """A name without its leading honorifics ('Mr. Putin' -> 'Putin')."""
    parts = text.split()
    while parts and (parts[0].lower() in HONORIFICS or parts[0].lower().rstrip(".") + "." in HONORIFICS):
        parts = parts[1:]
    return " ".join(parts)


def _match_known_person(index: ActorIndex, words: list[str]) -> Actor | None:
    """The most recently mentioned person whose name contains these words (or whose words these contain,
    same surname)."""
    wset = set(words)
    # the latest mention by name of each actor, latest first: as reading the history backwards
    for a in reversed(index.recent_named.values()):
        if a.kind != "person" or not a.name_words:
            continue
        if wset <= a.name_words:
            return a
        own = name_tokens(a.name)
        if own and set(own) <= wset and own[-1] == words[-1]:
            return a
    return None


def _person_modifiers(
    index: ActorIndex, ent: Span, pre: list[Token] | None
) -> tuple[RoleNoun | None, str | None, Actor | None, str | None] | None:
    """(role noun, country, owner org actor, role text) from words before the name in its phrase, or an
    apposition ('Josh Earnest, the White House press secretary')."""
    doc = ent.doc
    d = index.d
    root = ent.root
    tokens = pre
    if tokens is None:
        left = root.left_edge.i
        tokens = [
            doc[k] for k in range(left, ent.start) if doc[k].dep_ not in ("det", "punct", "cc", "predet")
        ]
    role, _n = role_of(tokens, d) if tokens else (None, 0)
    phrase = tokens
    if role is None:
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                ap = [t for t in child.subtree if t.i <= child.i and t.dep_ not in ("det", "punct", "cc")]
                r, _ = role_of(ap, d)
                if r is not None:
                    role, phrase = r, [t for t in child.subtree if t.dep_ not in ("det", "punct")]
                    break
    if role is None and not tokens:
        return None
    country, org_actor, role_words = None, None, []
    for tok in phrase:
        ent2 = index.ent_at_token.get(tok.i)
        if ent2 is not None and ent2.label_ in ("NORP", "GPE") and ent2.start != ent.start:
            c = (
                d.demonyms.get(ent2.text)
                or d.country_names.get(_strip_the(ent2.text))
                or d.capitals.get(ent2.text)
            )
            if c:
                country = country or c
                continue
        if ent2 is not None and ent2.label_ == "ORG":
            org = d.organizations.get(_strip_the(ent2.text))
            if org is not None and org_actor is None:
                org_actor = index.organization(org)
                index.mention(org_actor, ent2.start_char, ent2.end_char, ent2.root)
            elif org is None:  # 'British Defence' tagged as one name: its leading demonym
                country = country or _leading_country(_strip_the(ent2.text), d)
            continue
        if ent2 is not None and ent2.label_ == "PERSON":
            continue
        if tok.lower_ in ("'s", "’s", "of", "for", "to", "the", "a", "an", ",") or tok.is_punct:
            continue
        if ent2 is None:
            role_words.append(tok.text if tok.text.isupper() else tok.text.lower())
    if country is None:
        for child in root.children:  # 'King Hassan of Morocco'
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    c = d.country_names.get(pobj.text) if pobj.dep_ == "pobj" else None
                    if c:
                        country = c
    role_text = " ".join(role_words) if role is not None and role_words else None
    return role, country, org_actor, role_text
