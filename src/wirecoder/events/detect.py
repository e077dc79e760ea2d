"""PLOVER event triggers over the dependency parse, with their arguments.

1. candidates: every token whose lemma heads a trigger in the lexicon (events/triggers.tsv), with the
   longest phrase whose other words hang from it ('open fire', 'hunger strike'); a '-' phrase blocks
   ('heart attack'); nouns that only modify another noun ('attack helicopter') or stand bare with no
   argument ('under the agreement') are no events;
2. content: a candidate that is the content of another (the to-infinitive or that-clause of 'threaten',
   'agree', 'demand', the event noun object of a verb trigger, a participle of the same type) is folded
   into that one, which may change its type (trigger_shifts.tsv: a promise to attack is THREATEN);
3. context: negation ('did not accept' -> REJECT where the lexicon says so), modality from auxiliaries,
   governing verbs and 'if' clauses (trigger_modality.tsv), and 'X said Y must ...' as a REQUEST;
4. arguments: the actor (subject, 'by' agent of a passive, possessive or nationality modifier of a
   noun trigger, else the subject of the verb whose object it is, that goes 'for' it, uses it 'with'
   an object, claims responsibility for it, or whose object is an amount of it), the recipient
   (object, or the author of a message object: 'rejected X's request'; 'on/against/to/with' target
   but no 'with X's help'; the subject of a that-clause demand; the object of a purpose clause of
   help; a participle's target on a phrase word: 'lifted sanctions imposed on X'), the place
   ('in/at/near' a place mention); of several candidate spans the first that names an actor of a
   known country or a place wins, a direct object or subject that is itself a named body even with
   no country; an object naming no one gives way to the clause's place;
5. mode: the trigger's own, or the highest-ranked mode word among its modifiers (trigger_modes.tsv).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import HEAD, LEMMA, LOWER
from spacy.tokens import Doc, Token

from wirecoder.actors.stage import ActorLookup
from wirecoder.events.lexicon import NO_EVENT, Lexicon, Trigger, lexicon
from wirecoder.events.mention import EventMention
from wirecoder.language.syntax import (
    agent_of,
    clause_verb_through_arguments,
    is_negated,
    is_passive,
    noun_phrase_with_name_parts,
)
from wirecoder.model import Document

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
CLAUSAL = {"ccomp", "advcl", "conj", "relcl", "parataxis", "punct", "cc", "mark", "csubj"}
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "attr", "oprd", "pcomp", "acomp"}
NOUN_ARG_PREPS = {
    "on",
    "against",
    "with",
    "to",
    "by",
    "between",
    "from",
    "for",
    "into",
    "at",
    "over",
    "toward",
    "towards",
    "in",
    "of",
    "upon",
}
TARGET_PREPS = (
    "on",
    "against",
    "at",
    "into",
    "with",
    "to",
    "toward",
    "towards",
    "upon",
    "over",
    "between",
    "for",
    "from",
    "of",
)
TARGET_RANK = {p: i for i, p in enumerate(TARGET_PREPS)}
CONTENT_PREPS = {"on", "against", "to", "for", "into", "with", "of", "over", "about", "from", "upon"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around"}
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "npadvmod", "advmod"}
PARTITIVE_PREPS = ("of", "from", "in")
RELATIVE_TAGS = {"WDT", "WP", "WP$"}
LIGHT_CONTENT_DEPS = {"dobj", "attr", "oprd"}  # an event noun object of a verb trigger is that verb's event
AIM_TYPES = {"REQUEST", "ACCUSE", "PROTEST"}  # a protest's purpose clause says what it is against
BACKGROUND_PENALTY = 0.2
RELATIVE_PENALTY = 0.15
# how far the words of a trigger phrase may stand from its head ('lifted a decades-old ban')
MAX_PHRASE_GAP = 8
NAME_ENTITIES = {"DATE", "TIME", "ORG", "GPE", "PERSON", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"}
MODIFIER_DEPS = {"amod", "compound", "nmod"}  # a noun trigger's modifier is its actor only if it names one
TIME_ENTITIES = {"DATE", "TIME"}
NAMED_AUTHORS = {"NORP", "ORG", "GPE", "PERSON"}
MODE_DEPS_SKIP = {"ccomp", "advcl", "conj", "relcl", "parataxis", "punct", "cc", "mark", "nsubj", "csubj"}


@dataclass
class Candidate:
    tok: Token
    entry: Trigger
    words: list[Token]  # the phrase's tokens
    content: list[Candidate] = field(default_factory=list)
    folded: bool = False  # part of another candidate's event


class Context:
    """The Document's actor mentions (actors.stage.ActorLookup) and place spans, indexed once per
    call, and the argument spans found so far."""

    def __init__(self, doc: Doc, document: Document, mode_words: list[int]):
        self.mode_words = mode_words  # indices of tokens that are mode words, ascending
        sents = [(sent.start, sent.start_char, sent.end_char) for sent in doc.sents] if len(doc) else []
        self.sent_starts = [s[0] for s in sents]
        self.sent_chars = [(s[1], s[2]) for s in sents]
        self.lookup = ActorLookup.of(document)
        self.places = sorted(
            (m["start"], m["end"]) for p in document.places or [] for m in p.get("mentions", [])
        )
        self.times = sorted((t["start"], t["end"]) for t in document.times or [])
        self.time_starts = [t[0] for t in self.times]
        self.longest_time = max((e - s for s, e in self.times), default=0)
        self.cache: dict[tuple[int, int], dict[str, Any] | None] = {}
        self.spans: dict[tuple[int, bool], list[tuple[int, int]]] = {}  # argument spans per token

    def actor_at(self, span: tuple[int, int]) -> dict[str, Any] | None:
        if span not in self.cache:
            self.cache[span] = self.lookup(*span)
        return self.cache[span]

    def mode_words_near(self, i: int) -> list[int]:
        """The mode words of token i's sentence."""
        k = bisect_right(self.sent_starts, i) - 1
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else 1 << 30
        lo = bisect_left(self.mode_words, start)
        hi = bisect_left(self.mode_words, end)
        return self.mode_words[lo:hi]

    def sentence(self, i: int) -> tuple[int, int]:
        return self.sent_chars[bisect_right(self.sent_starts, i) - 1]

    def is_time(self, offset: int) -> bool:
        lo = bisect_left(self.time_starts, offset - self.longest_time)
        hi = bisect_right(self.time_starts, offset)
        return any(s <= offset < e for s, e in self.times[lo:hi])

    def place_in(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """The first place mention overlapping the span."""
        i = bisect_left(self.places, (span[0] - 200, 0))
        for s, e in self.places[i:]:
            if s >= span[1]:
                break
            if span[0] < e:
                return (s, e)
        return None

    def is_place(self, span: tuple[int, int]) -> bool:
        i = bisect_left(self.places, (span[0] - 200, 0))
        for s, e in self.places[i:]:
            if s >= span[1]:
                break
            if span[0] < e:
                return True
        return False


def find_mentions(doc: Doc, document: Document) -> list[EventMention]:
    if len(doc) == 0:
        return []
    lex = lexicon()
    candidates: dict[int, Candidate] = {}
    arrays = doc.to_array([LEMMA, LOWER, HEAD])  # one pass over the Doc in C; Tokens only for hits
    lemmas, lowers = arrays[:, 0], arrays[:, 1]
    heads = lex.head_array
    for i in numpy.flatnonzero(numpy.isin(lemmas, heads) | numpy.isin(lowers, heads)).tolist():
        tok = doc[i]
        if tok.ent_type_ in NAME_ENTITIES:
            continue  # 'last March', 'Asia-Pacific Economic Cooperation': part of a name or a date
        lemma, lower = tok.lemma_.lower(), tok.lower_
        cand = _candidate(tok, lex.triggers.get(lemma, ()))
        if cand is None and lower != lemma:  # 'fighting' (noun) is no 'fight' (verb)
            cand = _candidate(tok, lex.triggers.get(lower, ()))
        if cand is not None:
            candidates[i] = cand
    musts = numpy.flatnonzero(numpy.isin(lowers, lex.obliged_array)).tolist()
    obliged = _obliged(doc, lex, candidates, musts) if musts else []
    relative_heads = arrays[:, 2].astype("int64")  # head offsets are signed
    depth = _depths(relative_heads, candidates)
    _fold(candidates, depth)
    mode_words = numpy.isin(lemmas, lex.mode_array) | numpy.isin(lowers, lex.mode_array)
    ctx = Context(doc, document, numpy.flatnonzero(mode_words).tolist())
    # a noun for the doers ('inspectors', 'demonstrators') is no event of its own
    mentions = [_mention(lex, c, ctx) for c in candidates.values() if not c.folded and not c.entry.agent_noun]
    mentions += [_obliged_mention(tok, ctx) for tok in obliged]
    mentions = [m for m in mentions if m is not None]
    mentions.sort(key=lambda m: m.trigger)
    return mentions


def argument_finder(doc: Doc, document: Document):
    """A function (first, last, kind) -> (actor span, recipient span) that reads the arguments of the
    words doc[first:last + 1] as a trigger of PLOVER type `kind` would have them: for event words
    the trigger lexicon does not know (acled.extra_mentions: 'a military operation against X',
    'a cease-fire with Y'). The Document's actors and places are indexed once per call of this."""
    ctx = Context(doc, document, [])

    def find(first: int, last: int, kind: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        words = list(doc[first : last + 1])
        root = doc[first : last + 1].root
        lemma = root.lemma_.lower()
        entry = Trigger((lemma,), lemma, (), "*", kind, None, 0.5)
        cand = Candidate(root, entry, words)
        return _arguments(ctx, cand, None, _background(lexicon(), root))

    return find


# --------------------------------------------------------------------------------------------------
# Candidates


def _candidate(tok: Token, entries: tuple[Trigger, ...]) -> Candidate | None:
    pos = tok.pos_
    for entry in entries:
        if not entry.fits_pos(pos):
            continue
        words = [tok]
        ok = True
        for other in entry.others:
            found = _find_word(tok, other)
            if found is not None and found.dep_ != "prt" and abs(found.i - tok.i) > MAX_PHRASE_GAP:
                found = None  # 'giving a speech in Toledo' is no 'give in'
            if found is None:
                ok = False
                break
            words.append(found)
        if not ok:
            continue
        if entry.type == NO_EVENT:
            return None
        if (
            entry.needs_object
            and not any(c.dep_ in ("dobj", "dative") for c in tok.children)
            and not is_passive(tok)
        ):
            return None
        if pos != "VERB" and not _noun_is_event(tok, entry):
            return None
        if pos == "VERB" and tok.dep_ == "amod":
            return None  # 'the long-threatened invasion', 'wounded soldiers', 'armed groups'
        return Candidate(tok, entry, words)
    return None


def _find_word(head: Token, lemma: str) -> Token | None:
    """A word of the phrase hanging from the head: a child, or a child's child (prep -> object)."""
    for child in head.children:
        if child.dep_ in CLAUSAL or _time_phrase(child):
            continue  # 'called on Friday for ...' is no 'call on'
        if child.lemma_.lower() == lemma or child.lower_ == lemma:
            return child
    for child in head.children:
        if child.dep_ in CLAUSAL:
            continue
        for grand in child.children:
            if grand.dep_ in CLAUSAL:
                continue
            if grand.lemma_.lower() == lemma or grand.lower_ == lemma:
                return grand
    return None


def _time_phrase(tok: Token) -> bool:
    """A preposition whose object is a date or time ('on Friday')."""
    return tok.pos_ == "ADP" and any(g.dep_ == "pobj" and g.ent_type_ in TIME_ENTITIES for g in tok.children)


def _noun_is_event(tok: Token, entry: Trigger) -> bool:
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        # 'attack helicopter', 'aid workers': a modifier of another noun, unless that noun only frames
        # the event ('a mediation effort')
        return lexicon().modality.get(("light", tok.head.lemma_.lower())) == "event"
    if entry.bare_noun:
        return True
    for child in tok.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ == "prep" and child.lower_ in NOUN_ARG_PREPS:
            return True
        if child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "PROPN", "NOUN"):
            return True
    return tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX")


def _depths(relative_heads, candidates: dict[int, Candidate]) -> dict[int, int]:
    """Each candidate's depth in its sentence's tree, from the Doc's head offsets."""
    out = {}
    for i in candidates:
        d, j = 0, i
        while d < 50:
            step = int(relative_heads[j])
            if step == 0:
                break
            j += step
            d += 1
        out[i] = d
    return out


def _fold(candidates: dict[int, Candidate], depth: dict[int, int]) -> None:
    """Fold content into the candidate it belongs to (innermost first, so chains fold upwards)."""
    for cand in sorted(candidates.values(), key=lambda c: -depth[c.tok.i]):
        if cand.folded:
            continue
        owner = _owner(cand, candidates)
        if owner is not None:
            owner.content.append(cand)
            cand.folded = True
    # one event told twice in a clause: 'began a hunger strike to protest', 'staged a rally in protest'
    first: dict[tuple[int, str], Candidate] = {}
    for cand in sorted(candidates.values(), key=lambda c: c.tok.i):
        if cand.folded:
            continue
        if cand.tok.dep_ in ("nsubj", "nsubjpass"):
            continue  # 'the strike provoked the assault': subject and object are two events
        if _background(lexicon(), cand.tok, "sequence"):
            continue  # 'recaptured the town after two days of fighting': an earlier event
        key = (_anchor(cand.tok).i, cand.entry.type)
        aim = (
            (_anchor(cand.tok).i, "PROTEST")
            if cand.entry.type in AIM_TYPES and cand.tok.pos_ == "VERB"
            else None
        )
        if key in first or aim in first:
            first[key if key in first else aim].content.append(cand)  # 'staged a rally to demand ...'
            cand.folded = True
        else:
            first[key] = cand


def _anchor(tok: Token) -> Token:
    """The verb a trigger's clause hangs from: a noun's verb, the main verb of a purpose clause."""
    if tok.pos_ != "VERB":
        return clause_verb_through_arguments(tok)
    if tok.dep_ in ("advcl", "xcomp") and tok.head.i != tok.i:
        return tok.head
    return tok


def _owner(cand: Candidate, candidates: dict[int, Candidate]) -> Candidate | None:
    tok = cand.tok
    for c in tok.children:  # 'the attack killed five': the noun (which can refer back) carries the event
        if c.dep_ == "nsubj" and c.i in candidates and candidates[c.i].entry.type == cand.entry.type:
            if not candidates[c.i].folded and not candidates[c.i].entry.agent_noun:
                return candidates[c.i]
    host = _participle_host(tok)
    if host is not None and host.i in candidates and candidates[host.i].entry.type == cand.entry.type:
        return candidates[host.i]  # 'rebels firing rockets shelled the town': how the doers did it
    event_head = tok.head.i in candidates and not candidates[tok.head.i].entry.agent_noun
    if tok.dep_ == "relcl" and event_head and tok.head.pos_ != "VERB":
        return candidates[tok.head.i]  # 'a general strike that shut down the capital': told of that event
    if cand.entry.type in AIM_TYPES and tok.dep_ in ("acl", "advcl", "xcomp") and event_head:
        if candidates[tok.head.i].entry.type == "PROTEST":
            return candidates[tok.head.i]  # 'a demonstration calling for ...': the protest's aim
    if cand.entry.agent_noun and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in candidates:
        return candidates[tok.head.i]  # 'demonstrators blocked roads': the doers of that event
    dep, head = tok.dep_, tok.head
    via_prep = False
    if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "agent") and head.head.i != head.i:
        head, via_prep = head.head, True
    if dep == "ccomp" and head.i not in candidates:
        # 'reiterated its demand that Israel ease ...': the clause hangs from the verb, not the noun
        noun = next((c for c in head.children if c.dep_ == "dobj" and c.i in candidates), None)
        if noun is not None and candidates[noun.i].entry.frame:
            return candidates[noun.i]
    if (
        head.i != tok.i
        and head.i not in candidates
        and head.pos_ == "VERB"
        and (dep in CONTENT_DEPS or via_prep)
    ):
        # 'threatened to hold a strike', 'agreed to allow the return of ...': a frame one verb up
        upper = head
        for _ in range(2):
            if upper.dep_ not in ("xcomp", "ccomp") or upper.head.i == upper.i:
                break
            upper = upper.head
            if upper.i in candidates:
                if candidates[upper.i].entry.frame:
                    return candidates[upper.i]
                break
    if head.i == tok.i or head.i not in candidates or candidates[head.i].entry.agent_noun:
        return None  # nothing folds into a doer noun, which is no event of its own
    owner = candidates[head.i]
    if owner.entry.frame and (via_prep or dep in CONTENT_DEPS or dep == "acl" and owner.tok.pos_ != "VERB"):
        return owner  # 'threatened to attack', 'demanded the withdrawal', 'accused X of violating'
    background = via_prep and lexicon().modality.get(("sequence", tok.head.lower_)) == "apart"
    if (
        cand.entry.type == owner.entry.type
        and not background
        and (via_prep or dep in ("advcl", "xcomp", "dobj", "acl", "appos", "npadvmod", "conj"))
    ):
        return owner  # 'bombarded Kyiv ..., killing', 'wounded ... in a bomb attack'
    if tok.pos_ != "VERB" and owner.tok.pos_ == "VERB":
        if dep in LIGHT_CONTENT_DEPS or via_prep and tok.head.lower_ in CONTENT_PREPS:
            return owner  # 'suspended aid', 'lifted the blockade on', 'denied the accusation'
    return None


def _takes_ground(lex: Lexicon, verb: Token, ctx: Context) -> bool:
    """Whether the verb's object (or passive subject) is ground held by force: a territory noun,
    directly or after 'part/most/control of', or a place that names no actor."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    for _ in range(2):
        if obj is None:
            return False
        if obj.lemma_.lower() in lex.territory_words:
            return True
        span = noun_phrase_with_name_parts(obj)
        if ctx.is_place(span) and ctx.actor_at(span) is None:
            return True
        obj = next(
            (
                g
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
    return False


def _participle_host(tok: Token) -> Token | None:
    """The verb whose subject a participle clause describes, for the participle or its object:
    'police using tear gas dispersed ...' -> 'dispersed'."""
    if tok.pos_ != "VERB" and tok.dep_ == "dobj":
        tok = tok.head
    if tok.dep_ != "acl" or tok.tag_ not in ("VBG", "VBN") or any(c.dep_ == "mark" for c in tok.children):
        return None
    noun = tok.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i == noun.i or noun.head.pos_ != "VERB":
        return None
    return noun.head


# --------------------------------------------------------------------------------------------------
# One mention


def _mention(lex: Lexicon, cand: Candidate, ctx: Context) -> EventMention | None:
    tok, entry = cand.tok, cand.entry
    kind, mode = entry.type, entry.mode
    nominal = tok.pos_ != "VERB"
    clause = clause_verb_through_arguments(tok)
    negated = is_negated(tok) or (
        nominal and clause.i != tok.i and is_negated(clause) and tok.dep_ != "nsubj"
    )
    # a noun takes the modality of its clause only as a core argument ('plans an attack')
    core = not nominal or tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd")
    modality = _modality(lex, clause if nominal else tok) if core else None
    if entry.frame and cand.content and lex.modality.get(("governor", tok.lemma_.lower())) == "planned":
        modality = modality or "planned"  # 'promised to strike back': the content is planned

    words = [*cand.words]
    content = _main_content(cand)
    if entry.frame:
        shifted = (
            lex.shift(f"frame:{entry.frame}", content.entry.type, content.entry.mode) if content else None
        )
        if shifted:
            kind, mode = shifted
        if content and content.tok.dep_ == "xcomp" and 0 < content.tok.i - tok.i <= 4:
            words.append(content.tok)  # 'promised to strike'
    elif content and content.entry.type == kind and mode is None:
        mode = content.entry.mode
    if negated and entry.negated_type:
        kind, mode, negated = entry.negated_type, None, False
    if entry.territory_type and _takes_ground(lex, tok, ctx):
        kind, mode = entry.territory_type, None
    if not entry.frame:
        shifted = (
            lex.shift("conditional", kind, mode) if _conditional(lex, clause if nominal else tok) else None
        )
        if shifted is None and modality == "planned":
            shifted = lex.shift("planned", kind, mode)
        kind, mode = shifted or (kind, mode)
    mode = _mode(lex, kind, mode, cand, ctx)

    # 'after two days of fighting': the setting of another event, whose clause lends it nothing
    background = _background(lex, tok)  # a noun or gerund ('after a week of shelling')
    actor, recipient = _arguments(ctx, cand, content, background)
    if entry.actor_object:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if (
            obj is not None
            and ctx.actor_at(noun_phrase_with_name_parts(obj)) is None
            and ctx.actor_at(recipient or noun_phrase_with_name_parts(obj)) is None
        ):
            return None  # 'did not meet the threshold', 'the clip was released' ('the leaders met' stays)
    verbal = entry.type in lex.verbal_types  # the word's own type: a planned evacuation stays a thing done
    place = _place(tok, tok if background else clause, ctx, verbal)
    if (
        place is None
        and recipient is not None
        and ctx.actor_at(recipient) is None
        and ctx.is_place(recipient)
        and not (verbal and _object_locative(tok, recipient))
    ):
        place = recipient  # a target known only by its place locates the event ('a curfew in Algiers')
    start = min(w.idx for w in words)
    end = max(w.idx + len(w.text) for w in words)
    sentence = ctx.sentence(tok.i)
    score = entry.score - (0.1 if modality == "hypothetical" else 0.0)
    if background:
        score -= BACKGROUND_PENALTY  # 'after two days of fighting': told as the setting of another event
    elif clause.dep_ in ("relcl", "acl"):
        score -= RELATIVE_PENALTY  # 'farmers who were killed in ...': told to say who someone is
    return EventMention(
        type=kind,
        trigger=(start, end),
        head=tok.i,
        sentence=sentence,
        mode=mode,
        actor=actor,
        recipient=recipient,
        place=place,
        nominal=nominal,
        negated=negated,
        modality=modality if modality in ("planned", "hypothetical") else None,
        score=round(max(0.05, min(score, 0.99)), 3),
    )


def _object_locative(tok: Token, span: tuple[int, int]) -> bool:
    """Whether the span lies in an 'in/at/inside X' of the trigger's own object: where the thing talked
    about happens ('does not endorse attacks in Moscow'), not where the words were said. The object of
    a promised act keeps its place ('threatened to impose a curfew in Algiers')."""
    for obj in tok.children:
        if obj.dep_ != "dobj":
            continue
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                start, end = c.idx, c.right_edge.idx + len(c.right_edge.text)
                if start <= span[0] and span[1] <= end:
                    return True
    return False


def in_background(tok: Token) -> bool:
    """Whether an event word is told as the setting of another event of its sentence ('arrested ...
    amid clashes'); with no other trigger word it is the sentence's news ('suffered ... after a gas
    attack')."""
    lex = lexicon()
    if not _background(lex, tok):
        return False
    inside = {t.i for t in tok.subtree}
    for t in tok.sent:
        if t.i in inside:
            continue
        entries = lex.triggers.get(t.lemma_.lower(), ()) + lex.triggers.get(t.lower_, ())
        if any(e.type != NO_EVENT and not e.agent_noun and e.fits_pos(t.pos_) for e in entries):
            return True
    return False


def _background(lex: Lexicon, noun: Token, kind: str = "background") -> bool:
    """A noun under 'after/amid/during ...', directly or through 'of' ('after two days of fighting');
    with kind 'sequence' only under a preposition that sets it apart in time ('after', 'before')."""
    for _ in range(2):
        if noun.dep_ != "pobj":
            return False
        prep = noun.head
        if lex.modality.get((kind, prep.lower_)) in ("background", "apart"):
            return True
        if prep.lower_ != "of":
            return False
        noun = prep.head
    return False


def _main_content(cand: Candidate) -> Candidate | None:
    if not cand.content:
        return None
    return min(
        cand.content, key=lambda c: (c.tok.dep_ not in ("xcomp", "ccomp", "dobj"), abs(c.tok.i - cand.tok.i))
    )


def _modality(lex: Lexicon, verb: Token) -> str | None:
    """planned / hypothetical / obliged from the verb's auxiliaries, the verb it is the infinitive of,
    or an 'if' it stands under."""
    tok = verb
    for _ in range(3):
        for c in tok.children:
            if c.dep_ == "aux" or c.dep_ == "auxpass":
                value = lex.modality.get(("aux", c.lower_)) or lex.modality.get(("aux", c.lemma_.lower()))
                if value and tok.dep_ == "ccomp":  # 'said they would meet him'
                    value = lex.modality.get(("reported", c.lower_), value)
                if value:
                    return value
            if c.dep_ == "mark":
                value = lex.modality.get(("mark", c.lower_))
                if value == "conditional":  # inside an if-clause
                    return "hypothetical"
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            gov = tok.head
            value = lex.modality.get(("governor", gov.lemma_.lower())) or lex.modality.get(
                ("governor", gov.lower_)
            )
            if value:
                return value
            tok = gov  # 'said it would be ready to send': look further up
            continue
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head  # 'will withdraw and release': the auxiliary is on the first verb
            continue
        break
    return None


def _conditional(lex: Lexicon, verb: Token) -> bool:
    """A trigger with an 'if'/'unless' clause of its own: a conditional promise or threat."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and lex.modality.get(("mark", m.lower_)) == "conditional" for m in c.children
        ):
            return True
    return False


def _mode(lex: Lexicon, kind: str, own: str | None, cand: Candidate, ctx: Context) -> str | None:
    """The highest-ranked mode of the event's type among the trigger's own mode and the mode words
    that modify it (or its content): within three steps below it through phrase-internal relations, or
    in its subject ('suicide bombers killed', 'tanks fired')."""
    best, best_rank = None, 10**6
    if own is not None:
        best, best_rank = own, lex.mode_rank.get((kind, own), 10**5)
    roots = {cand.tok.i, *(c.tok.i for c in cand.content)}
    doc = cand.tok.doc
    for i in ctx.mode_words_near(cand.tok.i):
        tok = doc[i]
        if not _modifies(tok, roots):
            continue
        for found in _mode_of(lex, tok):
            if found[0] != kind:
                continue
            rank = lex.mode_rank.get(found, 10**6)
            if rank < best_rank:
                best, best_rank = found[1], rank
    return best


def _modifies(tok: Token, roots: set[int]) -> bool:
    """Whether a word hangs from one of the roots within three steps, through no clause or subject edge
    except a subject's own word ('suicide bombers' of 'killed')."""
    deps = []
    for _ in range(4):
        if tok.i in roots:
            if not deps:
                return True
            if deps[-1] == "nsubj":
                return len(deps) == 1 or len(deps) == 2 and deps[0] in ("compound", "amod")
            return len(deps) <= 3 and not any(d in MODE_DEPS_SKIP for d in deps)
        if tok.head.i == tok.i:
            return False
        deps.append(tok.dep_)
        tok = tok.head
    return False


def _mode_of(lex: Lexicon, tok: Token) -> tuple[tuple[str, str], ...]:
    lemma = tok.lemma_.lower()
    found = lex.modes.get(lemma) or lex.modes.get(tok.lower_) or ()
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        pair = lex.mode_phrases.get((prev.lemma_.lower(), lemma)) or lex.mode_phrases.get(
            (prev.lower_, tok.lower_)
        )
        if pair:
            found = (pair, *found)
    return found


# --------------------------------------------------------------------------------------------------
# Arguments


def _arguments(ctx: Context, cand: Candidate, content: Candidate | None, background: bool = False):
    tok = cand.tok
    if tok.pos_ == "VERB":
        actors, recipients = _verb_arguments(tok)
    else:
        actors, recipients = _noun_arguments(tok, frozenset(w.i for w in cand.words))
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
    # what the event is about: 'a hunger strike to demand the resignation of X'
    for other in _all_content(cand):
        if other is content:
            continue
        o = other.tok
        other_recipients = (_verb_arguments(o) if o.pos_ == "VERB" else _noun_arguments(o))[1]
        for t in other_recipients:
            recipients.append(t)
            recipients += [c for c in t.children if c.dep_ == "poss"]
    # a threat's target is who must meet its condition: 'threatened to strike unless Israel rescinds'
    for verb in clauses:
        for c in verb.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and lexicon().modality.get(("mark", m.lower_)) == "conditional"
                for m in c.children
            ):
                recipients += [x for x in c.children if x.dep_ in SUBJECTS]
    if _purpose_clause(tok):
        # 'sent personnel to Bosnia to investigate ...': the purpose shares the main verb's target
        recipients += [t for t in _verb_arguments(tok.head)[1] if t.i != tok.i]
    if cand.entry.type == "PROTEST":
        # 'blocked a road to show their disapproval of US policies': what a protest is against
        for c in tok.children:
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB":
                for t in _verb_arguments(c)[1]:
                    recipients += [
                        t,
                        *(x for x in t.children if x.dep_ == "poss"),
                        *_prep_objects(list(t.children)),
                    ]
    # a word of the trigger phrase is no argument: its targets are ('established ties with Iran')
    phrase = {w.i for w in cand.words}
    actors = [t for t in actors if t.i not in phrase]
    recipients = [r for t in recipients for r in ([t] if t.i not in phrase else _phrase_targets(t))]
    # a named body as subject is the doer even with no country ('Human Rights Watch in New York'); a
    # person with none is more often a name the actors stage could not place than a stateless one
    subjects = frozenset(t.i for t in actors if t.dep_ in SUBJECTS)
    actor = _pick(ctx, actors, tok.idx, named_ok=subjects, kinds=("organization",), names_first=True)
    recipients = [t for t in recipients if actor is None or not _same_tokens(t, actor)]
    doer = ctx.actor_at(actor) if actor else None
    recipient = None
    if addressee is not None and (actor is None or not _same_tokens(addressee, actor)):
        # whoever a demand or promise is addressed to, even with no country (the EU, the UN)
        span = noun_phrase_with_name_parts(addressee)
        found = ctx.actor_at(span)
        if found is not None and (doer is None or found["id"] != doer["id"]):
            recipient = span
    if recipient is None:
        direct = frozenset(t.i for t in recipients if _direct_object(t, tok, phrase))
        recipient = _pick(ctx, recipients, tok.idx, doer, direct)
    if recipient is None or ctx.actor_at(recipient) is None and not ctx.is_place(recipient):
        # 'demonstrated in Kirkuk', 'threatened to impose a curfew in Algiers', 'lifted a state of
        # emergency in the north of Sudan': an object naming no one gives way to where it happens
        clause = tok if background else clause_verb_through_arguments(tok)
        places = [t for c in (clause, *clauses) for t in _place_objects(c)]
        located = _pick(ctx, places, tok.idx, doer)
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


def _all_content(cand: Candidate) -> list[Candidate]:
    """The candidates folded into this one, and those folded into them."""
    found, stack = [], list(cand.content)
    while stack:
        other = stack.pop(0)
        found.append(other)
        stack.extend(other.content)
    return found


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


def _subject(verb: Token) -> Token | None:
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
        subj = _subject(verb) or next((c for c in kids if c.dep_ == "nsubjpass"), None)
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
            outer = _subject(subj.head)  # 'X issued a statement demanding ...': the statement is X's
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
    """Objects of the target prepositions among a word's children, in TARGET_PREPS order; no 'with'
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


def _place_objects(tok: Token) -> list[Token]:
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


def _pick(
    ctx: Context,
    toks: list[Token],
    trigger: int = -1,
    exclude: dict | None = None,
    named_ok: frozenset[int] = frozenset(),
    kinds: tuple[str, ...] = ("organization", "person"),
    names_first: bool = False,
) -> tuple[int, int] | None:
    """The span of the first candidate naming an actor of a known country (or a place), else the first
    naming any actor, else the noun phrase of the first candidate that is no mere modifier. Tight spans
    of every candidate are tried before whole subtrees. A candidate in `named_ok` (the trigger's direct
    object, or subject) that is itself the name of an actor of one of `kinds` wins even with no
    country ('urged the UN to', 'called on NATO to'). With `names_first` a name in apposition to a
    candidate is tried before the candidate ('the then president, Goodluck Jonathan' -> the person)."""
    first = any_actor = None
    toks = [t for t in toks if t.ent_type_ not in TIME_ENTITIES and not ctx.is_time(t.idx)]
    for wide in (False, True):
        for tok in toks:
            key = (tok.i, wide)
            spans = ctx.spans.get(key)
            if spans is None:
                spans = ctx.spans[key] = list(_spans(tok, wide))
            if names_first and not wide:
                spans = _appositive_names(tok) + spans
            for span in spans:
                if span[0] <= trigger < span[1]:
                    continue  # 'a demonstration calling for ...' is not the actor of 'calling'
                actor = ctx.actor_at(span)
                if actor is not None and exclude is not None and _same_side(actor, exclude):
                    continue  # 'Denmark settled its dispute': the doer is not its own target
                if first is None and tok.dep_ not in MODIFIER_DEPS and tok.pos_ in ("PROPN", "NOUN", "PRON"):
                    first = span
                if actor is not None and (
                    actor.get("country") or not wide and tok.i in named_ok and _names(tok, actor, kinds)
                ):
                    return span
                if actor is None:
                    place = ctx.place_in(span)
                    if place is not None:
                        return place  # 'power lines leading into Kabul': the target is located by Kabul
                if actor is not None and any_actor is None:
                    any_actor = span
    return any_actor or first


def _names(tok: Token, actor: dict, kinds: tuple[str, ...]) -> bool:
    """Whether the word is part of a proper name (ORG/PERSON) that is a mention of the actor, of one
    of the kinds: 'the UN', not 'troops' or 'an appeal from X'."""
    if actor.get("kind") not in kinds or tok.ent_type_ not in ("ORG", "PERSON"):
        return False
    return any(m["start"] <= tok.idx < m["end"] for m in actor["mentions"])


def _same_side(actor: dict, doer: dict) -> bool:
    """The doer itself, or one of its own kind ('a Ukrainian official rejected Kyiv's role': one
    government)."""
    if actor["id"] == doer["id"]:
        return True
    keys = ("country", "sector")
    return all(actor.get(k) and actor.get(k) == doer.get(k) for k in keys)


def _appositive_names(tok: Token) -> list[tuple[int, int]]:
    """The noun phrases of proper names in apposition after a word ('the then president, Goodluck Jonathan')."""
    return [
        noun_phrase_with_name_parts(c)
        for c in tok.children
        if c.dep_ == "appos" and c.i > tok.i and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG")
    ]


def _spans(tok: Token, wide: bool):
    """Spans to try for an argument word. Tight: its noun phrase (without trailing phrases), the phrase
    with its modifiers up to a clause ('leaders of the coalition'), the noun after 'of/from/in' alone.
    Wide: the whole subtree ('refugees fleeing the war in Liberia')."""
    if wide:
        if not any(c.dep_ in ("advcl", "relcl", "ccomp") for c in tok.children):  # no other event's clause
            yield (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
        return
    yield noun_phrase_with_name_parts(tok)
    last = tok
    for c in tok.rights:  # up to a clause ('a declaration demanding ...')
        if c.dep_ in CLAUSAL or c.dep_ in ("acl", "relcl", "advcl", "ccomp", "xcomp"):
            break
        last = c.right_edge
    yield (tok.left_edge.idx, last.idx + len(last.text))
    for prep in PARTITIVE_PREPS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == prep:
                for g in c.children:
                    if g.dep_ == "pobj":
                        yield noun_phrase_with_name_parts(g)


def _place(tok: Token, clause: Token, ctx: Context, verbal: bool = False) -> tuple[int, int] | None:
    """The 'in/at/near X' of the trigger (or of the verb a noun trigger hangs from) when X is a place;
    of a thing done also its object's ('attacked a post in Kandahar'), of words not ('rejected attacks
    in Moscow' was said elsewhere)."""
    if not ctx.places:
        return None
    if tok.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children):
        span = noun_phrase_with_name_parts(tok.head)  # 'Moscow, where buildings were hit'
        if ctx.is_place(span):
            return span
    owners = [tok, clause] if clause.i != tok.i else [tok]
    if not verbal:
        owners += [c for c in tok.children if c.dep_ == "dobj"]  # 'attacked a post in Kandahar'
    owners += [
        c
        for owner in list(owners)
        for c in owner.children
        if c.dep_ == "advcl"
        and any(
            m.dep_ in ("mark", "advmod") and lexicon().modality.get(("mark", m.lower_)) == "simultaneous"
            for m in c.children
        )
    ]
    for owner in owners:
        for c in owner.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for g in c.children:
                    if g.dep_ != "pobj":
                        continue
                    for span in (
                        noun_phrase_with_name_parts(g),
                        (g.left_edge.idx, g.right_edge.idx + len(g.right_edge.text)),
                    ):
                        if ctx.is_place(span):
                            return span
    return None


# --------------------------------------------------------------------------------------------------
# 'X said Y must ...'


def _obliged(doc: Doc, lex: Lexicon, candidates: dict[int, Candidate], musts: list[int]) -> list[Token]:
    """Verbs under 'must/should' in a that-clause of a speaker: a demand by the speaker."""
    found = []
    for i in musts:
        tok = doc[i]
        if tok.dep_ != "aux" or lex.modality.get(("aux", tok.lower_)) != "obliged":
            continue
        verb = tok.head
        speech = _speech_verb(verb)
        if speech is None or speech.i in candidates:
            continue
        if _subject(speech) is None or not any(c.dep_ in SUBJECTS for c in verb.children):
            continue
        if verb.i in candidates:
            candidates[verb.i].folded = True
        found.append(verb)
    return found


def _speech_verb(verb: Token) -> Token | None:
    """The verb whose that-clause holds `verb`: 'said [Y must ...]', 'issued a reminder [that Y must ...]'."""
    if verb.dep_ not in ("ccomp", "acl"):
        return None
    speech = verb.head
    if speech.pos_ == "NOUN":
        # only a message to someone: 'issued a reminder to Iraq that it must ...' (not 'the belief that')
        speech = speech.head
        if not any(
            c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in (*verb.head.children, *speech.children)
        ):
            return None
    return speech if speech.pos_ == "VERB" else None


def _obliged_mention(verb: Token, ctx: Context) -> EventMention:
    speech = _speech_verb(verb)
    speaker = _subject(speech) if speech is not None else None
    subj = next(c for c in verb.children if c.dep_ in SUBJECTS)
    aux = next(c for c in verb.children if c.dep_ == "aux")
    actor = _pick(ctx, [speaker]) if speaker is not None else None
    recipient = _pick(ctx, [subj])
    sentence = ctx.sentence(verb.i)
    start, end = min(aux.idx, verb.idx), max(aux.idx + len(aux.text), verb.idx + len(verb.text))
    return EventMention(
        type="REQUEST",
        trigger=(start, end),
        head=verb.i,
        sentence=sentence,
        actor=actor,
        recipient=recipient,
        place=None,
        negated=False,
        modality=None,
        score=0.6,
    )
