"""Counts: how many were killed, injured, arrested, displaced, abducted; how many drones, missiles,
protesters.

`find_counts(doc, sent)` reads one parsed sentence and returns `Count`s (mention.py), each with the token
its number attaches to (`head`: the verb 'killing', 'wounded', the noun 'drones', 'toll') so the events
stage can hand it to the event it belongs to.

How a count is found: a trigger word (counts_triggers.tsv) says what is counted and where the number is —
the object of 'killed' (active), its subject when passive ('12 people were killed'), the subject of 'died',
the noun's own number ('15 fatalities', 'the death toll rose to 15'), the noun a participle or adjective
modifies ('12 people killed', 'two dead soldiers'). The number is then read off the words of that noun
phrase (counts_quantities.tsv, counts_modifiers.tsv, times/numbers.tsv): 'at least 12', 'dozens of',
'between 10 and 15', 'a soldier', 'no one'. Coordinated nouns add up ('a jawan and seven civilians' = 8).
'killed or wounded 50' is a casualties count (killed and injured together).

Modules: lexicon.py (the tables), numbers.py (reading a number), phrases.py (the noun phrase that
holds a count), triggers.py, verbs.py and nouns.py (where a trigger's count is), find.py (one reader
per trigger role), attach.py.

Cost: the trigger words of a whole Doc are found once (string hashes of forms and lemmas, a binary search
in numpy) and cached on the Doc; a sentence without one costs nothing more.
"""

from wirecoder.events.counts.attach import attach_counts
from wirecoder.events.counts.find import find_counts
from wirecoder.events.counts.lexicon import lexicon
from wirecoder.events.counts.numbers import read_quantity

__all__ = ["attach_counts", "find_counts", "lexicon", "read_quantity"]
