"""Which words are a trigger's arguments: the actor (subject, agent, possessor, ...) and the recipient
(object, target preposition, the subject of a demanded clause, ...), chosen by choose.pick_span."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.detect.candidates import Candidate, all_content
from wirecoder.events.detect.choose import pick_span
from wirecoder.events.detect.grammar import (
    MODIFIER_DEPS,
    NAMED_AUTHORS,
    PLACE_PREPS,
    RELATIVE_TAGS,
    SUBJECTS,
    TARGET_RANK,
)
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.lexicon import lexicon
from wirecoder.language.syntax import (
    agent_of,
    clause_verb_through_arguments,
    is_negated,
    is_passive,
    noun_phrase_with_name_parts,
)


def mention_arguments(
    ctx: DocumentSpans, cand: Candidate, content: Candidate | None, background: bool = False
):
    """The actor and recipient spans of a candidate, with those of the content folded into it."""
    tok = cand.tok
    if tok.pos_ == "VERB":
        actors, recipients = _verb_arguments(tok)
    else:
        actors, recipients = _noun_arguments(tok, frozenset(w.i for w in cand.words))
    addressee, clauses = _content_arguments(cand, content, actors, recipients)
    recipients += _about_recipients(cand, content, clauses)
    return _chosen_spans(ctx, cand, actors, recipients, addressee, clauses, background)


def _content_arguments(
    cand: Candidate, content: Candidate | None, actors: list[Token], recipients: list[Token]
) -> tuple[Token | None, list[Token]]:
    """Down the content chain ('promised to continue military aid to Mozambique'): its targets and a
    possessor actor are added to `actors` and `recipients` (in place); returns the addressee of a
    demand ('demanded that the US cancel') and the clauses passed."""
    tok = cand.tok
    addressee = None
    chain = _path_down(tok, content.tok) if content is not None else []
    inner = chain.pop(0) if chain else _content_clause(tok) if cand.entry.frame else None
    clauses = [tok, *(c.tok for c in cand.content)]
    for _ in range(4):  # 'promised to continue military aid to Mozambique', 'threatened to hold a strike'
        if inner is None:
            break
        if inner.dep_ == "ccomp" or cand.entry.frame == "request" and inner.pos_ == "VERB":
            subj = next((x for x in inner.children if x.dep_ in SUBJECTS), None)
            if subj is not None and subj.tag_ not in RELATIVE_TAGS and subj.i != tok.i:
                recipients.insert(0, subj)  # 'demanded that the US cancel'
                addressee = addressee or subj
        inner_actors, inner_recipients = (
            _verb_arguments(inner) if inner.pos_ == "VERB" else _noun_arguments(inner)
        )
        recipients += [t for t in inner_recipients if t.i != tok.i]
        if not actors and inner.dep_ != "dobj":
            # 'its demand that ...' is its owner's; 'condemned Trump's decision' is no act of Trump's,
            # nor is 'meet Kim to negotiate Pyongyang's program' one of Pyongyang's
            actors += [t for t in inner_actors if t.dep_ == "poss"]
        clauses.append(inner)
        if chain:
            inner = chain.pop(0)
        else:
            inner = _content_clause(inner) if inner.pos_ == "VERB" else None
    return addressee, clauses


def _about_recipients(cand: Candidate, content: Candidate | None, clauses: list[Token]) -> list[Token]:
    """What the event is about beyond its own arguments: the targets of its other content, who must
    meet a threat's condition, a purpose clause's target, what a protest is against."""
    tok = cand.tok
    found: list[Token] = []
    # what the event is about: 'a hunger strike to demand the resignation of X'
    for other in all_content(cand):
        if other is content:
            continue
        o = other.tok
        other_recipients = (_verb_arguments(o) if o.pos_ == "VERB" else _noun_arguments(o))[1]
        for t in other_recipients:
            found.append(t)
            found += [c for c in t.children if c.dep_ == "poss"]
    # a threat's target is who must meet its condition: 'threatened to strike unless Israel rescinds'
    for verb in clauses:
        for c in verb.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and lexicon().modality.get(("mark", m.lower_)) == "conditional"
                for m in c.children
            ):
                found += [x for x in c.children if x.dep_ in SUBJECTS]
    if _purpose_clause(tok):
        # 'sent personnel to Bosnia to investigate ...': the purpose shares the main verb's target
        found += [t for t in _verb_arguments(tok.head)[1] if t.i != tok.i]
    if cand.entry.type == "PROTEST":
        # 'blocked a road to show their disapproval of US policies': what a protest is against
        for c in tok.children:
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB":
                for t in _verb_arguments(c)[1]:
                    found += [
                        t,
                        *(x for x in t.children if x.dep_ == "poss"),
                        *_prep_objects(list(t.children)),
                    ]
    return found


def _chosen_spans(
    ctx: DocumentSpans,
    cand: Candidate,
    actors: list[Token],
    recipients: list[Token],
    addressee: Token | None,
    clauses: list[Token],
    background: bool,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The actor and recipient spans chosen among the argument words (pick_span), the recipient
    falling back to the addressee, then to where the event happened."""
    tok = cand.tok
    # a word of the trigger phrase is no argument: its targets are ('established ties with Iran')
    phrase = {w.i for w in cand.words}
    actors = [t for t in actors if t.i not in phrase]
    recipients = [r for t in recipients for r in ([t] if t.i not in phrase else _phrase_targets(t))]
    # a named body as subject is the doer even with no country ('Human Rights Watch in New York'); a
    # person with none is more often a name the actors stage could not place than a stateless one
    subjects = frozenset(t.i for t in actors if t.dep_ in SUBJECTS)
    actor = pick_span(ctx, actors, tok.idx, named_ok=subjects, kinds=("organization",), names_first=True)
    recipients = [t for t in recipients if actor is None or not _same_tokens(t, actor)]
    doer = ctx.actor_at(actor) if actor else None
    recipient = None
    if addressee is not None and (actor is None or not _same_tokens(addressee, actor)):
        # whoever a demand or promise is addressed to, even with no country (the EU, the UN)
        span = noun_phrase_with_name_parts(addressee)
        found = ctx.actor_at(span)
        if found is not None and (doer is None or found.id != doer.id):
            recipient = span
    if recipient is None:
        direct = frozenset(t.i for t in recipients if _direct_object(t, tok, phrase))
        recipient = pick_span(ctx, recipients, tok.idx, doer, direct)
    if recipient is None or ctx.actor_at(recipient) is None and not ctx.is_place(recipient):
        # 'demonstrated in Kirkuk', 'threatened to impose a curfew in Algiers', 'lifted a state of
        # emergency in the north of Sudan': an object naming no one gives way to where it happens
        clause = tok if background else clause_verb_through_arguments(tok)
        places = [t for c in (clause, *clauses) for t in place_objects(c)]
        located = pick_span(ctx, places, tok.idx, doer)
        if recipient is None or located is not None and (ctx.actor_at(located) or ctx.is_place(located)):
            recipient = located
    if actor and recipient and actor == recipient:
        recipient = None
    return actor, recipient


def _direct_object(t: Token, trigger: Token, phrase: set[int]) -> bool:
    """The object of a verb trigger, or of a preposition that is part of the trigger phrase ('call on X')."""
    if trigger.pos_ != "VERB":
        return False
    if t.dep_ in ("dobj", "dative") and t.head.i == trigger.i:
        return True
    return t.dep_ == "pobj" and t.head.i in phrase and t.head.head.i == trigger.i


def _phrase_targets(word: Token) -> list[Token]:
    """The targets of a word of the trigger phrase: its own 'on/against/...' objects, then those of a
    participle on it ('lifted sanctions imposed on Eritrea')."""
    found = _prep_objects(list(word.children))
    for c in word.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            found += _prep_objects(list(c.children))
    return found


def _purpose_clause(tok: Token) -> bool:
    """A subjectless to-infinitive or participle under another verb ('sent troops to investigate'):
    a clause with a subject or a conjunction of its own ('after the drone hit ...') tells its own event."""
    if tok.dep_ not in ("xcomp", "advcl") or tok.pos_ != "VERB" or tok.head.i == tok.i:
        return False
    return not any(
        c.dep_ in SUBJECTS or c.dep_ == "mark" and c.lower_ not in ("to", "in") for c in tok.children
    )


def _path_down(top: Token, bottom: Token) -> list[Token]:
    """The verbs and nouns from just below `top` down to `bottom` ('threatened' -> 'hold' -> 'strike')."""
    path = []
    tok = bottom
    for _ in range(5):
        if tok.i == top.i:
            return path[::-1]
        if tok.pos_ in ("VERB", "NOUN", "PROPN", "AUX", "ADJ"):
            path.append(tok)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return [bottom]


def _content_clause(tok: Token) -> Token | None:
    """The to-infinitive or that-clause a verb or noun governs (or the event noun a verb takes as
    object): 'demanded that X ...', 'its demand that X ...'."""
    clausal = ("xcomp", "ccomp") if tok.pos_ == "VERB" else ("xcomp", "ccomp", "acl")
    for c in tok.children:
        if c.dep_ in clausal:
            return c
    if tok.pos_ != "VERB" and tok.dep_ == "dobj":
        return next((c for c in tok.head.children if c.dep_ == "ccomp"), None)  # 'its demand today that ...'
    return next((c for c in tok.children if c.dep_ == "dobj"), None)


def _same_tokens(tok: Token, span: tuple[int, int]) -> bool:
    return tok.idx >= span[0] and tok.idx + len(tok.text) <= span[1]


def shared_subject(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares ('agreed to send', 'attacked and killed', 'killing')."""
    tok = verb
    for _ in range(4):
        for c in tok.children:
            # a governing 'is prepared/ready to' has its subject as nsubjpass
            if c.dep_ in ("nsubj", "csubj") or c.dep_ == "nsubjpass" and tok.i != verb.i:
                if c.tag_ in RELATIVE_TAGS and tok.dep_ == "relcl":
                    return tok.head
                return c
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head.i != tok.i:
            if tok.dep_ == "xcomp":
                obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
                if (
                    obj is not None
                    and lexicon().modality.get(("control", tok.head.lemma_.lower())) == "object"
                ):
                    return obj  # object control: 'urged Iraq to allow'
            if is_passive(tok.head) and tok.dep_ != "xcomp":
                agent = agent_of(tok.head)
                if agent is not None:
                    return agent
            tok = tok.head
            continue
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX", "ADJ"):
            governor = tok.head.head
            if not any(c.dep_ in ("dobj", "dative") for c in governor.children):
                tok = governor  # 'we are focused on providing': not 'blamed Kyiv for attacking'
                continue
        if tok.dep_ == "acl" and tok.head.i != tok.i and (tok.tag_ == "VBG" or _misparsed_main(tok)):
            return tok.head  # 'rebels attacking the town'
        if (
            tok.dep_ == "relcl"
            and tok.head.i != tok.i
            and tok.head.pos_ in ("NOUN", "PROPN")
            and not is_passive(tok)
        ):
            # a relative clause with no subject or relative word: the parser's reading of a main verb
            # ('the government, a number of parties and the Taliban condemned ...')
            if not any(c.dep_ == "nsubjpass" or c.tag_ in RELATIVE_TAGS for c in tok.children):
                return tok.head
        break
    return None


def _misparsed_main(verb: Token) -> bool:
    """A past form read as a participle on the sentence's root noun though it takes an object: the main
    verb ('The air force carried out three strikes', parsed 'force <- carried')."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _verb_arguments(verb: Token) -> tuple[list[Token], list[Token]]:
    actors: list[Token] = []
    recipients: list[Token] = []
    kids = list(verb.children)
    passive = (
        any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
        or verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and not _misparsed_main(verb)
    )
    agent = agent_of(verb) if passive else None
    if passive and agent is None and verb.lemma_.lower() in lexicon().stative_passives:
        passive = False  # 'Israel is opposed to', 'Vietnam is committed to': the subject acts
    if passive:
        if agent is not None:
            actors.append(agent)
        subj = next((c for c in kids if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            recipients.append(subj)
        elif verb.dep_ == "acl":
            recipients.append(verb.head)  # 'people killed in the attack'
    else:
        subj = shared_subject(verb) or next((c for c in kids if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            actors.append(subj)
        message = any(t.frame for t in lexicon().triggers.get(verb.lemma_.lower(), ()))
        if (
            message
            and subj is not None
            and verb.dep_ == "acl"
            and subj.i == verb.head.i
            and subj.dep_ in ("dobj", "attr")
        ):
            outer = shared_subject(subj.head)  # 'X issued a statement demanding ...': the statement is X's
            if outer is not None:
                actors.append(outer)
    objects = [c for c in kids if c.dep_ in ("dobj", "dative")] or _shifted_objects(kids)
    for obj in objects:
        recipients += [*_authors(obj, [] if passive else kids), obj]
    recipients += _prep_objects(kids)
    recipients += _beneficiaries(kids)
    return actors, recipients


def _shifted_objects(kids: list[Token]) -> list[Token]:
    """An object moved behind the verb's 'as' phrase, which the parser hangs on that phrase as an
    apposition ('denounced as an ugly crime Serbia's suppression of ...')."""
    return [
        a
        for c in kids
        if c.dep_ == "prep" and c.lower_ == "as"
        for g in c.children
        if g.dep_ == "pobj"
        for a in g.children
        if a.dep_ == "appos" and a.i > g.i
    ]


def _beneficiaries(kids: list[Token]) -> list[Token]:
    """The objects of a subjectless purpose clause of help ('to assist Kenya', 'to help Chile cope')."""
    found = []
    for c in kids:
        if (
            c.dep_ not in ("advcl", "xcomp")
            or c.pos_ != "VERB"
            or c.lemma_.lower() not in lexicon().beneficiary_verbs
        ):
            continue
        if any(x.dep_ in SUBJECTS for x in c.children) or not any(
            x.dep_ == "aux" and x.lower_ == "to" for x in c.children
        ):
            continue
        found += [x for x in c.children if x.dep_ in ("dobj", "dative")]
    return found


def _authors(obj: Token, verb_kids: list[Token]) -> list[Token]:
    """Who said or decided a message noun object: its possessor or 'by/from' object, or the verb's
    'by/from' object ('rejected the ministry's request', 'denied charges by X')."""
    nouns = lexicon().message_nouns
    if obj.lemma_.lower() not in nouns and obj.lower_ not in nouns:
        return []
    found = [c for c in obj.children if c.dep_ == "poss"]
    # 'an Indian proposal', 'the hostage-takers demands': a name or a doer noun before the message
    found += [
        c
        for c in obj.children
        if c.dep_ in ("amod", "compound") and (c.ent_type_ in NAMED_AUTHORS or c.pos_ == "PROPN")
    ]
    for kids in (list(obj.children), verb_kids):
        found += [
            g
            for c in kids
            if c.dep_ == "prep" and c.lower_ in ("by", "from")
            for g in c.children
            if g.dep_ == "pobj"
        ]
    return found


def _prep_objects(kids: list[Token]) -> list[Token]:
    """Objects of the target prepositions among a word's children, in RANKED_TARGET_PREPS order; no 'with'
    of backing ('with Albania's help', trigger_means_nouns.tsv)."""
    found = [(TARGET_RANK[c.lower_], c) for c in kids if c.dep_ == "prep" and c.lower_ in TARGET_RANK]
    found.sort(key=lambda f: f[0])
    means = lexicon().means_nouns
    return [
        g
        for _, c in found
        for g in c.children
        if g.dep_ == "pobj" and not (c.lower_ == "with" and g.lemma_.lower() in means)
    ]


def place_objects(tok: Token) -> list[Token]:
    """'in/at/near X' of a word: the recipient when nothing else is ('demonstrated in Kirkuk')."""
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _noun_arguments(noun: Token, phrase: frozenset[int] = frozenset()) -> tuple[list[Token], list[Token]]:
    kids = list(noun.children)
    actors = [c for c in kids if c.dep_ == "poss"]
    actors += [
        g for c in kids if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"
    ]
    # 'Israeli air raids', 'Ukrainian drones'
    actors += [c for c in kids if c.dep_ in MODIFIER_DEPS and c.i not in phrase]
    recipients = _prep_objects(kids)
    head = noun.head
    if noun.dep_ == "compound" and lexicon().modality.get(("light", head.lemma_.lower())) == "event":
        framed_actors, framed = _noun_arguments(head)  # 'launched a mediation effort between X and Y'
        return actors + framed_actors, recipients + framed
    role = noun  # a conjunct shares the place of the first ('with heavy artillery and airstrikes')
    while role.dep_ == "conj" and role.head.i != role.i and role.head.pos_ in ("NOUN", "PROPN"):
        role = role.head
    head = role.head
    if role.dep_ == "pobj" and head.lower_ == "for" and _goes_for(head.head):
        # 'negotiators return to Geneva for talks', 'thousands were converging for a rally'
        actors += [c for c in head.head.children if c.dep_ == "nsubj"]
    if role.dep_ == "pobj" and head.lower_ == "for":
        # 'the Taliban claimed responsibility for the attack' ('for' on the noun or on the verb)
        owner = head.head if head.head.pos_ == "VERB" else head.head.head
        if any(c.dep_ == "dobj" and _owned_up(c) for c in owner.children):
            actors += [c for c in owner.children if c.dep_ == "nsubj"]
    if role.dep_ == "pobj" and head.lower_ == "with" and _acts_with(head.head):
        # 'pounded the hideouts with airstrikes', 'provided Iraq with aid': the doer's means
        actors += [c for c in head.head.children if c.dep_ == "nsubj"]
    # a conjunct of an object shares its verb ('used batons and tear gas'), not of a message noun
    # object, whose conjuncts are what is talked about ('refuted the comments on seizures and killings')
    carrier = role if role.lemma_.lower() not in lexicon().message_nouns else noun
    if role.dep_ == "pobj" and head.lower_ in ("in", "of") and _amount(head.head):
        carrier = head.head  # 'announced $33 million in assistance': the amount is the verb's object
    if (
        role.dep_ == "pobj"
        and head.lower_ == "in"
        and head.head.lemma_.lower() in lexicon().participation_verbs
    ):
        # 'Serb forces were engaged in ethnic cleansing', 'took part in the attack'
        actors += [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    verb = carrier.head
    if (
        carrier.dep_ in ("dobj", "attr")
        and verb.i != carrier.i
        and verb.pos_ in ("VERB", "AUX")
        and verb.lemma_.lower() not in lexicon().nonagent_verbs
    ):
        v_actors, v_recipients = _verb_arguments(verb)
        actors += v_actors
        recipients += [t for t in v_recipients if t.i not in (noun.i, carrier.i)]
    return actors, recipients


def _acts_with(verb: Token) -> bool:
    """An active verb with an object, whose 'with' phrase is its means ('met with protests' has none)."""
    return verb.pos_ == "VERB" and not is_passive(verb) and any(c.dep_ == "dobj" for c in verb.children)


def _owned_up(noun: Token) -> bool:
    """'responsibility' as the object of 'claimed/accepted/took'."""
    verbs, nouns = lexicon().responsibility_verbs, lexicon().responsibility_nouns
    return (
        noun.lemma_.lower() in nouns
        and noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
        and noun.head.lemma_.lower() in verbs
        and not is_negated(noun.head)
    )


def _amount(noun: Token) -> bool:
    """A sum or quantity: '$33 million', '1.5 million euros', '700 kg'."""
    return noun.ent_type_ in ("MONEY", "QUANTITY") or any(c.dep_ == "nummod" for c in noun.children)


def _goes_for(verb: Token) -> bool:
    """An active verb with no object, whose 'for <event>' is what its subject comes to do; 'arrested
    20 for looting' (an object) and 'were praised for the aid' (a passive) are no such verb."""
    if verb.pos_ != "VERB" or is_passive(verb):
        return False
    return not any(c.dep_ in ("dobj", "dative", "ccomp", "xcomp") for c in verb.children)
