"""PLOVER event triggers over the dependency parse, with their arguments.

Modules, in the order of work: candidates.py (1, 2), context.py and mention.py (3), request.py
('X said Y must ...'), arguments.py and choose.py (4), mode.py (5); find.py drives them and
index.py holds the Document's spans they look up.

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

from wirecoder.events.detect.context import in_background
from wirecoder.events.detect.find import argument_finder, find_mentions

__all__ = ["argument_finder", "find_mentions", "in_background"]
