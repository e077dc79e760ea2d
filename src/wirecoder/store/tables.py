"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

* `documents`: every version of every article, its analysed Document (JSON) and its near-duplicate
  signature. `doc_id` is the Document id; a changed text under the same id or URL is a new `version`
  and only the newest is `current`. `copy_of` points at the first stored document of its copy group
  (itself when it is an original): copies are one source.
* `events`: the merged real-world events; `record` is the event in the events-jsonl contract, the
  other columns are what blocking and filters query.
* `copy_bands`: the LSH bands of each current document's MinHash signature (corpus.copies), the index
  that finds near-duplicates in one query.
* `term_counts` and `document_terms`: how many stored texts have each lead word, and each document's
  key words by publication day (corpus.terms): the merge's text evidence and text blocking.
* `mentions`: which document event belongs to which merged event, with the features the merge
  compares (`features`, JSON), so a merge never re-reads whole Documents.

Schema changes are Alembic migrations (store/migrations); `alembic_version` records the version.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("doc_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("current", Boolean, nullable=False),
    Column("url", Text),
    Column("site", Text),
    Column("title", Text),
    Column("published", String(40)),
    Column("content_hash", String(64), nullable=False),
    Column("copy_of", Integer),  # pk of the copy group's first document
    Column("signature", LargeBinary),  # MinHash values, for near-duplicate look-ups after a restart
    Column("document", Text, nullable=False),  # the Document's JSON (schema wirecoder/1)
    Column("stored_at", String(40), nullable=False),
    UniqueConstraint("doc_id", "version", name="uq_documents_doc_version"),
)
Index("ix_documents_url", documents.c.url)

events = Table(
    "events",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("type", String(40)),
    Column("day", String(10)),  # the merged date's first day (YYYY-MM-DD), for blocking and filters
    Column("last_day", String(10)),  # its last day (a week or a month spans several)
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(3)),
    Column("precision", Integer),  # the place's ACLED geo_precision
    Column("cell", Integer, nullable=False),  # 1-degree grid cell of a precise place, -1 for none
    Column("sources", Integer, nullable=False),
    Column("disputed", Boolean, nullable=False),
    Column("confidence", Float),
    Column("record", Text, nullable=False),  # JSON, schema wirecoder/events/1
)
Index("ix_events_block", events.c.type, events.c.day)
Index("ix_events_cell", events.c.type, events.c.cell, events.c.day)
Index("ix_events_country", events.c.country)

mentions = Table(
    "mentions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False),
    Column("doc_event", String(40), nullable=False),  # the event's id inside its Document
    Column("features", Text, nullable=False),  # JSON: what the merge compares
    UniqueConstraint("document_pk", "doc_event", name="uq_mentions_document_event"),
)
Index("ix_mentions_event", mentions.c.event_pk)

copy_bands = Table(
    "copy_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("hash", BigInteger, nullable=False),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False),
)
Index("ix_copy_bands", copy_bands.c.band, copy_bands.c.hash)

term_counts = Table(
    "term_counts",
    metadata,
    Column("term", String(60), primary_key=True),  # "" holds the number of texts counted
    Column("documents", Integer, nullable=False),
)

document_terms = Table(
    "document_terms",
    metadata,
    Column("term", String(60), nullable=False),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False),
    Column("day", String(10), nullable=False),  # the document's publication day
)
Index("ix_document_terms", document_terms.c.term, document_terms.c.day)
