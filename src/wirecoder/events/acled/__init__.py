"""ACLED event type and sub-event type for event mentions.

One scoring mechanism: every sub-event type has weighted cues (data/events/acled_cues.tsv); a cue is a
conjunction of atoms that describe the mention and its sentence, for example `t:@arrest` (the trigger
is an arrest word), `s:@grenade` (a grenade word in the sentence), `a:@territory` (an argument of the
trigger names a place to hold), `p:ASSAULT` (the PLOVER type), `rs:CVL` (the recipient's sector). A
mention's score for a sub-event type is the sum of the weights of its cues whose atoms all hold; the
highest score wins when it reaches the type's min_score (data/events/acled_types.tsv), else the
mention has no ACLED category.

Atoms (X is a lemma or lower-case word, or @class from data/events/acled_words.tsv):
  t:X   the trigger (its words and head)          a:X   an argument of the trigger (subject, object,
  s:X   the trigger's sentence                           prepositional object, compound, modifier)
                                                  o:X   an object-side argument (what was hit or taken)
                                                  d:X   the direct object or passive subject
  c:X   the sentence and its neighbours            ax:X / rx:X  the actor / recipient span
  p:T   PLOVER type   m:M  PLOVER mode             as:S / rs:S  actor / recipient sector (or 'none')
  neg   negated trigger   mod:planned / mod:hypothetical   nominal (a noun trigger)
  gov:X a word governing the trigger's clause ('threatened to shell', 'could attack')
  o:@place  an object-side argument that is a named place
A cue atom written `!atom` holds when the atom does not.

Modules: lexicon.py (the tables), index.py (the word classes of a Doc, matched once), features.py
(the atoms of a mention), score.py (cue scores and classify). The mentions only this lexicon knows are
found by events/detect/extra.py.

The word classes are matched once per Doc (longest entry first, cached in doc.user_data), so a
mention costs a few set look-ups.
"""

from wirecoder.events.acled.features import atoms, features
from wirecoder.events.acled.index import doc_index
from wirecoder.events.acled.lexicon import lexicon
from wirecoder.events.acled.score import best_sub_event, classify, explain, salience, scores

__all__ = [
    "atoms",
    "best_sub_event",
    "classify",
    "doc_index",
    "explain",
    "features",
    "lexicon",
    "salience",
    "scores",
]
