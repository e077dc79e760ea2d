"""Actors: who is who across an article (canonical actors with codes, coreference, metonymy)."""

from wirecoder.actors.dictionary import (
    ActorFileError,
    UserActor,
    active_dictionary,
    load_user_actors,
)
from wirecoder.actors.lookup import actor_at, actor_spans, country_at
from wirecoder.actors.stage import actors_stage

__all__ = [
    "ActorFileError",
    "UserActor",
    "active_dictionary",
    "actor_at",
    "actor_spans",
    "actors_stage",
    "country_at",
    "load_user_actors",
]
