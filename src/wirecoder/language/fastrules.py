"""Drop-in replacements for the model's `attribute_ruler` and `lemmatizer`, with identical output.

The stock components are slow for what they do: the attribute ruler runs a Matcher of ~180 patterns
over every token (about 15 µs a token, as much as the tagger and parser together), and the lemmatizer
makes several Python calls a token. Both are functions of a few token attributes, so their results can
be remembered:

- the ruler's one-token patterns read only what `_RULER_KEY` lists (TAG, LOWER, DEP, IS_SPACE), so the
  rules that fire on a token are a function of those four values. Unseen combinations are learnt by
  running the stock ruler's own Matcher over a small Doc made of just those tokens; patterns of two or
  more tokens run as their own small Matcher over each Doc. The effects are then applied in the stock
  order (a later rule wins), as the stock component does.
- the English rule lemmatizer's lemma is a function of (ORTH, POS, MORPH) — its own cache key — and is
  only computed for tokens the ruler left without a lemma; unseen keys are asked of the stock component.

`install(nlp)` swaps them in under the same names, and only when the stock components are of the
expected kind with patterns of the expected shape; otherwise the pipeline is left as it is.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, MorphAnalysis

# What a one-token pattern of the ruler may read, in the order of the cache key.
_RULER_KEY = (TAG, LOWER, DEP, IS_SPACE)
_PATTERN_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
# What the ruler may set, in the order of the output columns (MORPH is set separately).
_SET_ATTRS = (POS, TAG, DEP, LEMMA)
# Caches are dropped when they grow past this many entries (a very long stream of varied text).
MAX_CACHE = 500_000


class FastAttributeRuler:
    """The stock AttributeRuler's output, computed from a per-token cache."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.name = ruler.name
        # Patterns of several tokens run as their own Matcher, over a few tokens from each token that
        # can open one (`openers`: their first tokens as one-token patterns, cached like the rest).
        self.multi = Matcher(self.vocab)
        self.openers = Matcher(self.vocab)
        self.longest = 1
        for attr_id, pattern in enumerate(ruler.patterns):
            longer = [p for p in pattern["patterns"] if len(p) > 1]
            if longer:
                self.multi.add(str(attr_id), longer)
                self.openers.add(str(attr_id), [p[:1] for p in longer])
                self.longest = max(self.longest, *(len(p) for p in longer))
        # ruler key -> (attr ids of the one-token rules that fire, their effect, opens a longer pattern)
        self.effects: dict[tuple, tuple] = {}
        self._morphs: dict[int, MorphAnalysis] = {}

    @staticmethod
    def supports(ruler) -> bool:
        """True when every pattern is a plain token sequence over the attributes the cache keys on."""
        if type(ruler) is not AttributeRuler:
            return False
        for pattern in ruler.patterns:
            for tokens in pattern["patterns"]:
                if not isinstance(tokens, list):
                    return False
                for spec in tokens:
                    if not isinstance(spec, dict) or not set(spec) <= _PATTERN_KEYS:
                        return False
            if not set(pattern["attrs"]) <= {"POS", "TAG", "DEP", "LEMMA", "MORPH"}:
                return False
        return True

    def _learn(self, doc: Doc, keys: list[tuple], positions: list[int]) -> None:
        """Rules firing on the tokens at `positions`, by running the stock Matcher on just those tokens."""
        words = [doc[i].text for i in positions]
        sample = Doc(self.vocab, words=words, spaces=[False] * len(words))
        values = numpy.array([[doc[i].tag, doc[i].dep] for i in positions], dtype="uint64")
        sample.from_array([TAG, DEP], values)
        fired: list[list[int]] = [[] for _ in positions]
        for attr_id, _match_id, start, end in self.ruler.match(sample):
            if end - start == 1:
                fired[start].append(attr_id)
        opens = {start for _match_id, start, _end in self.openers(sample, allow_missing=True)}
        for k, ids in enumerate(fired):
            key = keys[positions[k]]
            self.effects[key] = (tuple(ids), self._resolve(ids), k in opens)

    def _resolve(self, attr_ids) -> tuple:
        """(pos, tag, dep, lemma, morph) set by these rules applied in order; None where unset."""
        values: dict[int, int] = {}
        for attr_id in sorted(attr_ids):
            values.update(self.ruler.attrs[attr_id])
        morph = values.get(MORPH)
        if morph is not None and morph not in self._morphs:
            self._morphs[morph] = MorphAnalysis.from_id(self.vocab, morph)
        return (values.get(POS), values.get(TAG), values.get(DEP), values.get(LEMMA), morph)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        if len(self.effects) > MAX_CACHE:
            self.effects.clear()
        keys = list(map(tuple, doc.to_array(list(_RULER_KEY)).tolist()))
        effects = self.effects
        missing: dict[tuple, int] = {}
        for i, key in enumerate(keys):
            if key not in effects and key not in missing:
                missing[key] = i
        if missing:
            self._learn(doc, keys, list(missing.values()))
        per_token = [effects[key][1] for key in keys]
        # Patterns of several tokens: the tokens they set get their rules merged and re-resolved.
        extra: dict[int, list[int]] = {}
        for i, key in enumerate(keys):
            if not effects[key][2]:
                continue
            for match_id, start, end in self.multi(doc[i : i + self.longest], allow_missing=True):
                if start != 0:
                    continue  # found again from its own first token
                attr_id = int(self.vocab.strings[match_id])
                token = doc[i : i + end][self.ruler.indices[attr_id]].i
                extra.setdefault(token, []).append(attr_id)
        for i, ids in extra.items():
            per_token[i] = self._resolve(list(effects[keys[i]][0]) + ids)
        current = doc.to_array(list(_SET_ATTRS))
        out = current.copy()
        morphs = self._morphs
        morph_of = [None] * n
        for i, (pos, tag, dep, lemma, morph) in enumerate(per_token):
            if pos is not None:
                out[i, 0] = pos
            if tag is not None:
                out[i, 1] = tag
            if dep is not None:
                out[i, 2] = dep
            if lemma is not None:
                out[i, 3] = lemma
            if morph is not None:
                morph_of[i] = morphs[morph]
        doc.from_array(list(_SET_ATTRS), out)
        for token, morph in zip(doc, morph_of, strict=True):
            if morph is not None:
                token.morph = morph
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


class _IndexAsSets:
    """The lemma_index table with each word list as a set: the stock rule lemmatizer only asks
    `form in index`, which on a list of 57,000 nouns costs ~0.2 ms for every new word."""

    def __init__(self, table):
        self.table = table
        self.sets: dict[str, frozenset] = {}

    def get(self, key, default=None):
        if key not in self.sets:
            value = self.table.get(key)
            if value is None:
                return default
            self.sets[key] = frozenset(value)
        return self.sets[key]


class _Lookups:
    def __init__(self, lookups):
        self.lookups = lookups
        self.index = _IndexAsSets(lookups.get_table("lemma_index", {}))

    def get_table(self, name, default=None):
        return self.index if name == "lemma_index" else self.lookups.get_table(name, default)


class FastLemmatizer:
    """The stock rule Lemmatizer's output, from a cache keyed by its own cache key."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.name = lemmatizer.name
        self.overwrite = lemmatizer.overwrite
        self.lemmas: dict[tuple, int] = {}
        # The stock rule_lemmatize, run with its own cache and is_base_form, over the same tables
        # (lemma_index as sets) for the words not seen yet.
        self._rules = SimpleNamespace(
            cache=lemmatizer.cache,
            lookups=_Lookups(lemmatizer.lookups),
            is_base_form=lemmatizer.is_base_form,
        )
        self._lemmatize = type(lemmatizer).rule_lemmatize

    @staticmethod
    def supports(lemmatizer) -> bool:
        # The rule mode's result depends on (orth, pos, morph) only; other modes are left alone.
        return (
            isinstance(lemmatizer, Lemmatizer)
            and lemmatizer.mode == "rule"
            and type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize
        )

    def __call__(self, doc: Doc) -> Doc:
        if not self.lemmatizer._validated:
            return self.lemmatizer(doc)  # the stock component checks its tables once, then we take over
        if len(doc) == 0:
            return doc
        if len(self.lemmas) > MAX_CACHE:
            self.lemmas.clear()
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = values.tolist()
        lemmas = self.lemmas
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            new = lemmas.get(key)
            if new is None:
                new = lemmas[key] = self.vocab.strings.add(self._lemmatize(self._rules, doc[i])[0])
            values[i, 3] = new
            changed = True
        if changed:
            doc.from_array([LEMMA], values[:, 3:4])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def install(nlp: Language) -> None:
    """Swap the stock attribute_ruler and lemmatizer for the cached ones, where they qualify."""
    names = nlp.pipe_names
    if "attribute_ruler" in names and FastAttributeRuler.supports(nlp.get_pipe("attribute_ruler")):
        _replace(nlp, "attribute_ruler", FastAttributeRuler(nlp.get_pipe("attribute_ruler")))
    if "lemmatizer" in names and FastLemmatizer.supports(nlp.get_pipe("lemmatizer")):
        _replace(nlp, "lemmatizer", FastLemmatizer(nlp.get_pipe("lemmatizer")))


def _replace(nlp: Language, name: str, component) -> None:
    # Same name and place in the pipeline; the stock component stays reachable as component.ruler /
    # component.lemmatizer. spaCy has no public call to put a ready-made object in place of a component.
    index = [n for n, _ in nlp._components].index(name)
    nlp._components[index] = (name, component)
