"""Read indexes for the web app: event facets and full-text search of the current articles.

* `event_facets`: one row per merged event with what lists filter and sort on, read out of the
  event's JSON record (mode, ACLED types, status, actor / recipient / place names in lower case,
  killed / injured best figures) beside copies of the events columns, and non-null sort keys.
* full text of the current documents: an FTS5 table `documents_fts` (rowid = documents.pk) on
  SQLite; a `documents_search` table with a tsvector and a GIN index on PostgreSQL.

Both are kept up to date by triggers on `events` and `documents`, so the corpus writer does not change;
the upgrade fills them from the rows already stored.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"

FACET_COLUMNS = (
    "event_pk, type, day_key, last_day, country, sources, disputed, confidence, lat, lon, mode, "
    "acled_event_type, acled_sub_event_type, status, actor, recipient, place, killed, injured, killed_key"
)

_SQLITE_FACET_VALUES = """
    {row}.pk, {row}.type, COALESCE({row}.day, ''), {row}.last_day, {row}.country, {row}.sources,
    {row}.disputed, {row}.confidence, {row}.lat, {row}.lon,
    json_extract({row}.record, '$.mode'),
    json_extract({row}.record, '$.acled_event_type'),
    json_extract({row}.record, '$.acled_sub_event_type'),
    json_extract({row}.record, '$.status'),
    lower(json_extract({row}.record, '$.actor.name')),
    lower(json_extract({row}.record, '$.recipient.name')),
    lower(json_extract({row}.record, '$.place.name')),
    json_extract({row}.record, '$.counts.killed.best'),
    json_extract({row}.record, '$.counts.injured.best'),
    COALESCE(json_extract({row}.record, '$.counts.killed.best'), -1)
"""

_POSTGRES_FACET_VALUES = """
    {row}.pk, {row}.type, COALESCE({row}.day, ''), {row}.last_day, {row}.country, {row}.sources,
    {row}.disputed, {row}.confidence, {row}.lat, {row}.lon,
    {r}->>'mode', {r}->>'acled_event_type', {r}->>'acled_sub_event_type', {r}->>'status',
    lower({r}->'actor'->>'name'), lower({r}->'recipient'->>'name'), lower({r}->'place'->>'name'),
    ({r}->'counts'->'killed'->>'best')::integer, ({r}->'counts'->'injured'->>'best')::integer,
    COALESCE(({r}->'counts'->'killed'->>'best')::integer, -1)
"""

INDEXES = (
    "CREATE INDEX ix_facets_day ON event_facets (day_key, event_pk)",
    "CREATE INDEX ix_facets_type_day ON event_facets (type, day_key, event_pk)",
    "CREATE INDEX ix_facets_country_day ON event_facets (country, day_key, event_pk)",
    "CREATE INDEX ix_facets_killed ON event_facets (killed_key, event_pk)",
    "CREATE INDEX ix_facets_type_killed ON event_facets (type, killed_key, event_pk)",
    "CREATE INDEX ix_facets_type_sources ON event_facets (type, sources, event_pk)",
    "CREATE INDEX ix_facets_sources ON event_facets (sources, event_pk)",
    "CREATE INDEX ix_facets_sub_type ON event_facets (acled_sub_event_type)",
    "CREATE INDEX ix_facets_mode ON event_facets (mode)",
)


def _create_facets_table() -> None:
    op.execute(
        """CREATE TABLE event_facets (
            event_pk INTEGER PRIMARY KEY, type VARCHAR(40), day_key VARCHAR(10) NOT NULL,
            last_day VARCHAR(10), country VARCHAR(3), sources INTEGER NOT NULL, disputed BOOLEAN NOT NULL,
            confidence FLOAT, lat FLOAT, lon FLOAT, mode TEXT, acled_event_type TEXT,
            acled_sub_event_type TEXT, status TEXT, actor TEXT, recipient TEXT, place TEXT,
            killed INTEGER, injured INTEGER, killed_key INTEGER NOT NULL
        )"""
    )
    for statement in INDEXES:
        op.execute(statement)


def upgrade() -> None:
    _create_facets_table()
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgres()


def _upgrade_sqlite() -> None:
    values = _SQLITE_FACET_VALUES.format(row="new")
    op.execute(
        f"CREATE TRIGGER events_facets_insert AFTER INSERT ON events BEGIN "
        f"INSERT INTO event_facets ({FACET_COLUMNS}) SELECT {values}; END"
    )
    op.execute(
        f"CREATE TRIGGER events_facets_update AFTER UPDATE ON events BEGIN "
        f"DELETE FROM event_facets WHERE event_pk = old.pk; "
        f"INSERT INTO event_facets ({FACET_COLUMNS}) SELECT {values}; END"
    )
    op.execute(
        "CREATE TRIGGER events_facets_delete AFTER DELETE ON events BEGIN "
        "DELETE FROM event_facets WHERE event_pk = old.pk; END"
    )
    op.execute(
        f"INSERT INTO event_facets ({FACET_COLUMNS}) SELECT {_SQLITE_FACET_VALUES.format(row='e')} FROM events e"
    )

    op.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    fill = "SELECT new.pk, COALESCE(new.title, ''), COALESCE(json_extract(new.document, '$.text'), '')"
    op.execute(
        "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents WHEN new.current BEGIN "
        f"INSERT INTO documents_fts (rowid, title, body) {fill}; END"
    )
    op.execute(
        "CREATE TRIGGER documents_fts_update AFTER UPDATE OF current, title, document ON documents BEGIN "
        "DELETE FROM documents_fts WHERE rowid = old.pk; "
        f"INSERT INTO documents_fts (rowid, title, body) {fill} WHERE new.current; END"
    )
    op.execute(
        "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
        "DELETE FROM documents_fts WHERE rowid = old.pk; END"
    )
    op.execute(
        "INSERT INTO documents_fts (rowid, title, body) SELECT pk, COALESCE(title, ''), "
        "COALESCE(json_extract(document, '$.text'), '') FROM documents WHERE current"
    )


def _upgrade_postgres() -> None:
    values = _POSTGRES_FACET_VALUES.format(row="NEW", r="r")
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in FACET_COLUMNS.split(", ")[1:])
    op.execute(
        f"""CREATE FUNCTION wirecoder_event_facets() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE r jsonb;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM event_facets WHERE event_pk = OLD.pk;
                RETURN OLD;
            END IF;
            r := NEW.record::jsonb;
            INSERT INTO event_facets ({FACET_COLUMNS}) VALUES ({values})
            ON CONFLICT (event_pk) DO UPDATE SET {updates};
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER events_facets AFTER INSERT OR UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION wirecoder_event_facets()"
    )
    op.execute(
        f"INSERT INTO event_facets ({FACET_COLUMNS}) SELECT "
        f"{_POSTGRES_FACET_VALUES.format(row='e', r='e.record::jsonb')} FROM events e"
    )

    op.execute("CREATE TABLE documents_search (document_pk INTEGER PRIMARY KEY, tsv TSVECTOR NOT NULL)")
    op.execute("CREATE INDEX ix_documents_search ON documents_search USING GIN (tsv)")
    vector = "to_tsvector('english', COALESCE({row}.title, '') || ' ' || COALESCE({row}.document::jsonb->>'text', ''))"
    op.execute(
        f"""CREATE FUNCTION wirecoder_documents_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM documents_search WHERE document_pk = OLD.pk;
                RETURN OLD;
            END IF;
            IF NEW.current THEN
                INSERT INTO documents_search (document_pk, tsv) VALUES (NEW.pk, {vector.format(row="NEW")})
                ON CONFLICT (document_pk) DO UPDATE SET tsv = EXCLUDED.tsv;
            ELSE
                DELETE FROM documents_search WHERE document_pk = NEW.pk;
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER documents_search AFTER INSERT OR UPDATE OF current, title, document OR DELETE "
        "ON documents FOR EACH ROW EXECUTE FUNCTION wirecoder_documents_search()"
    )
    op.execute(
        f"INSERT INTO documents_search (document_pk, tsv) SELECT d.pk, {vector.format(row='d')} "
        "FROM documents d WHERE d.current"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("events_facets_insert", "events_facets_update", "events_facets_delete",
                        "documents_fts_insert", "documents_fts_update", "documents_fts_delete"):  # fmt: skip
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_facets ON events")
        op.execute("DROP TRIGGER IF EXISTS documents_search ON documents")
        op.execute("DROP FUNCTION IF EXISTS wirecoder_event_facets()")
        op.execute("DROP FUNCTION IF EXISTS wirecoder_documents_search()")
        op.execute("DROP TABLE IF EXISTS documents_search")
    op.execute("DROP TABLE IF EXISTS event_facets")
