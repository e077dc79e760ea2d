"""What the detector reads of the parse: dependency labels, tags and entity labels (grammar, kept in
code), and the prepositions by role (words, in data/events/trigger_prepositions.tsv)."""

from __future__ import annotations

from dataclasses import dataclass

from wirecoder.resources import read_records


@dataclass(frozen=True)
class PrepositionRole:
    """A row of trigger_prepositions.tsv."""

    role: str
    prepositions: tuple[str, ...]


PREPOSITIONS = {
    row.role: row.prepositions for row in read_records("events/trigger_prepositions.tsv", PrepositionRole)
}
NOUN_ARG_PREPS = frozenset(PREPOSITIONS["noun_argument"])
RANKED_TARGET_PREPS = PREPOSITIONS["target"]
TARGET_RANK = {p: i for i, p in enumerate(RANKED_TARGET_PREPS)}
CONTENT_PREPS = frozenset(PREPOSITIONS["content"])
PLACE_PREPS = frozenset(PREPOSITIONS["place"])
PARTITIVE_PREPS = PREPOSITIONS["partitive"]
ANCHOR_TARGET_PREPS = frozenset(PREPOSITIONS["anchor_target"])

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
CLAUSAL = {"ccomp", "advcl", "conj", "relcl", "parataxis", "punct", "cc", "mark", "csubj"}
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "attr", "oprd", "pcomp", "acomp"}
LIGHT_CONTENT_DEPS = {"dobj", "attr", "oprd"}  # an event noun object of a verb trigger is that verb's event
MODIFIER_DEPS = {"amod", "compound", "nmod"}  # a noun trigger's modifier is its actor only if it names one
MODE_DEPS_SKIP = {"ccomp", "advcl", "conj", "relcl", "parataxis", "punct", "cc", "mark", "nsubj", "csubj"}
RELATIVE_TAGS = {"WDT", "WP", "WP$"}
AIM_TYPES = {"REQUEST", "ACCUSE", "PROTEST"}  # a protest's purpose clause says what it is against
# entity labels: a name or a date is no trigger ('last March', 'Asia-Pacific Economic Cooperation')
NAME_OR_TIME_ENTITIES = {
    "DATE",
    "TIME",
    "ORG",
    "GPE",
    "PERSON",
    "LOC",
    "FAC",
    "WORK_OF_ART",
    "LAW",
    "PRODUCT",
}
TIME_ENTITIES = {"DATE", "TIME"}
NAMED_AUTHORS = {"NORP", "ORG", "GPE", "PERSON"}
