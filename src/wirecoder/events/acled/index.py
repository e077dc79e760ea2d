"""The per-Doc index of ACLED word classes: every lexicon entry matched once per Doc (longest entry
first), cached in doc.user_data."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.tokens import Doc, Span

from wirecoder.events.acled.lexicon import AcledLexicon, lexicon

MAX_GAP = 3  # other words allowed between the words of a multi-word entry


CACHE_KEY = "wirecoder.events.acled"


NO_CLASS_ENTITIES = {"DATE", "TIME", "PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "MONEY", "PERCENT"}


@dataclass
class Sentence:
    index: int
    span: Span
    words: frozenset[str]  # lemmas, lower-case words and @classes in the sentence
    matches: list[tuple[int, int, frozenset[str]]]  # (first token, last token, classes) of each entry found
    relative_clauses: list[frozenset[int]] | None = None  # token indices of each relative clause, when asked


@dataclass
class DocIndex:
    sentences: list[Sentence]
    token_sentence: list[int]  # token index -> sentence index
    token_words: list[frozenset[str]]  # token index -> its lemma, word and the classes of its match
    match_of: dict[int, tuple[int, int]]  # token index -> (first, last) token of the entry covering it
    contexts: dict[int, frozenset[str]] = field(default_factory=dict)
    # scores of mentions already scored, by what scoring reads of them (extra_mentions and classify ask twice)
    scored: dict[tuple, dict[str, float]] = field(default_factory=dict)

    def context(self, n: int) -> frozenset[str]:
        """Words of sentence n and its neighbours."""
        if n not in self.contexts:
            words = set(self.sentences[n].words)
            for m in (n - 1, n + 1):
                if 0 <= m < len(self.sentences):
                    words |= self.sentences[m].words
            self.contexts[n] = frozenset(words)
        return self.contexts[n]


def _token_keys(doc: Doc) -> list[tuple[str, ...]]:
    """Each token's look-up keys: its lower-cased lemma, and its lower-case form when that differs.
    Read from the Doc's arrays with one string look-up per distinct pair (Token objects are slow)."""
    strings = doc.vocab.strings
    seen: dict[tuple[int, int], tuple[str, ...]] = {}
    out: list[tuple[str, ...]] = []
    for lemma_id, lower_id in doc.to_array([LEMMA, LOWER]).tolist():
        key = seen.get((lemma_id, lower_id))
        if key is None:
            lemma, lower = strings[lemma_id].lower(), strings[lower_id]
            key = seen[(lemma_id, lower_id)] = (lemma,) if lemma == lower else (lemma, lower)
        out.append(key)
    return out


def doc_index(doc: Doc) -> DocIndex:
    """The Doc's word-class index, built once and cached in doc.user_data."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None and len(cached.token_words) == len(doc):
        return cached
    lex = lexicon()
    keys = _token_keys(doc)
    skip = [punct or space for punct, space in doc.to_array([IS_PUNCT, IS_SPACE]).tolist()]
    token_words: list[set[str]] = [set(k) for k in keys]
    token_sentence = [0] * len(doc)
    match_of: dict[int, tuple[int, int]] = {}
    sentences: list[Sentence] = []
    for n, sent in enumerate(doc.sents):
        toks = [doc[i] for i in range(sent.start, sent.end) if not skip[i]]
        tok_keys = [keys[t.i] for t in toks]
        token_sentence[sent.start : sent.end] = [n] * (sent.end - sent.start)
        matches: list[tuple[int, int, frozenset[str]]] = []
        consumed: set[int] = set()
        for pos in range(len(toks)):
            if pos in consumed:
                continue
            found = _match_at(tok_keys, pos, lex, consumed)
            if found is None:
                continue
            used, classes, keep = found
            consumed.update(used)
            if any(toks[u].ent_type_ in NO_CLASS_ENTITIES for u in used):
                continue  # 'March' the month, 'Rocket' the person, 'Mine Street'
            first, last = toks[used[0]].i, toks[used[-1]].i
            matches.append((first, last, classes))
            for u in used:
                own = token_words[toks[u].i]
                own.update("@" + c for c in classes)
                if keep and len(used) > 1:
                    for key in tok_keys[u]:
                        own.update("@" + c for c in lex.entries.get((key,), ()))
                match_of[toks[u].i] = (first, last)
        words: set[str] = set().union(*token_words[sent.start : sent.end])
        sentences.append(Sentence(n, sent, frozenset(words), matches))
    index = DocIndex(sentences, token_sentence, [frozenset(w) for w in token_words], match_of)
    doc.user_data[CACHE_KEY] = index
    return index


def _match_at(
    toks: list[tuple[str, ...]], pos: int, lex: AcledLexicon, consumed: set[int]
) -> tuple[list[int], frozenset[str], bool] | None:
    """The longest lexicon entry starting at toks[pos], by lemma or by word form: (positions of its
    words, its classes, whether its words keep their own classes); entries of the same length found by
    both forms pool their classes."""
    best: list[int] | None = None
    classes: set[str] = set()
    keep = True
    for key in toks[pos]:
        for seq in lex.first_words.get(key, ()):
            if best is not None and len(seq) < len(best):
                break
            used = _follow(toks, pos, seq, consumed)
            if used is None:
                continue
            if best is None or len(used) > len(best):
                best, classes, keep = used, set(lex.entries[seq]), seq not in lex.overrides
            else:
                classes |= lex.entries[seq]
                keep = keep and seq not in lex.overrides
            break
    return (best, frozenset(classes), keep) if best is not None else None


def _follow(
    toks: list[tuple[str, ...]], pos: int, seq: tuple[str, ...], consumed: set[int]
) -> list[int] | None:
    """Positions of seq's words from toks[pos] on, each within MAX_GAP words of the one before."""
    used = [pos]
    at = pos
    for word in seq[1:]:
        nxt = None
        for k in range(at + 1, min(at + 2 + MAX_GAP, len(toks))):
            if k not in consumed and word in toks[k]:
                nxt = k
                break
        if nxt is None:
            return None
        used.append(nxt)
        at = nxt
    return used
