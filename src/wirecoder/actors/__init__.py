"""Actors: who is who across an article (canonical actors with codes, coreference, metonymy)."""

from wirecoder.actors.dictionary import (
    ActorFileError,
    UserActor,
    active_dictionary,
    load_user_actors,
)
from wirecoder.actors.stage import actor_at, actor_spans, actors_stage, country_at

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
