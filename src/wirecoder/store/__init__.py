"""The store: articles, their Documents and the merged events, in SQLite (default) or PostgreSQL.

`open_store(url)` connects, brings the schema to the newest Alembic revision and returns a Store.
A URL is `sqlite:///path.db`, a plain file path (SQLite), or `postgresql://user@host/db` (psycopg 3).

SQLite runs in WAL mode with one writer: a Store opened for writing holds an exclusive lock file
beside the database (`<db>.writer.lock`) for as long as it is open, so a second writer stops at once
with a message instead of risking the WAL-reset corruption that concurrent writers can cause in
SQLite before 3.44. Readers (export, serve) need no lock.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from wirecoder.store import tables

DEFAULT_DB = "wirecoder.db"
ENV_DB = "WIRECODER_DB"
SCHEMA_REVISION = "0003"


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


@dataclass
class Store:
    url: str
    engine: Engine
    writer: bool
    _lock: IO | None = field(default=None, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL for a --db value: None -> $WIRECODER_DB or ./wirecoder.db."""
    url = url or os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_store(url: str | None = None, *, writer: bool = True) -> Store:
    """Connect, migrate to the newest schema (writers only) and return the Store; StoreError if not."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
        parsed.port  # noqa: B018 - a port that is no number fails here, not deep in the driver
    except (ArgumentError, ValueError):
        raise StoreError(
            f"{url!r} is not a database URL (examples: wirecoder.db, postgresql://user@host/db)"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{url!r}: only SQLite files and postgresql:// URLs are supported")
    lock = None
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if not path or path == ":memory:":
            raise StoreError("an in-memory SQLite store would vanish at exit: give a file, e.g. wirecoder.db")
        folder = Path(path).resolve().parent
        if not folder.is_dir():
            raise StoreError(f"{url}: folder {folder} does not exist")
        if not writer and not Path(path).exists():
            raise StoreError(f"{path}: no such store (create it with `wirecoder ingest --db {path} ...`)")
        if writer:
            lock = _writer_lock(Path(path))
    try:
        engine = create_engine(resolved, future=True)
    except NoSuchModuleError as err:
        raise StoreError(f"{url}: {err}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(resolved, engine, writer, lock)
    try:
        if writer:
            migrate(store)
        else:
            _check_schema(store)
    except DBAPIError as err:
        store.close()
        first = str(err.orig).splitlines()[0] if err.orig is not None else str(err)
        raise StoreError(f"cannot open the store {url or resolved}: {first}") from None
    except StoreError:
        store.close()
        raise
    return store


def migrate(store: Store) -> None:
    """Bring the schema to the newest revision (creates the tables in a new store)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("wirecoder.store") / "migrations"))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _check_schema(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    if not {"documents", "events", "mentions"} <= names:
        raise StoreError(f"{store.url}: not a wirecoder store (no documents/events tables)")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode: a killed process loses nothing committed (only a power cut may lose the last
    # commits, never consistency)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _writer_lock(path: Path) -> IO:
    handle = open(f"{path}.writer.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreError(
            f"{path} is being written by another wirecoder process: SQLite takes one writer at a time "
            "(wait for it, or use PostgreSQL for several)"
        ) from None
    return handle


__all__ = ["DEFAULT_DB", "Store", "StoreError", "open_store", "resolve_url", "tables"]
