"""Corpus: articles stored with their Documents, and one merged record per real-world event.

    >>> corpus = wirecoder.Corpus("wirecoder.db")          # or "postgresql://user@host/db"
    >>> summary = corpus.add(wirecoder.iter_articles(["news.jsonl"]))
    >>> for event in corpus.events(type="ASSAULT", country="UKR", disputed=True): ...
    >>> corpus.export("acled-csv", "events.csv")

`add` analyses what is new (an article already stored with the same text is skipped before it is
analysed), then stores each Document and merges its events into the stored ones in **one
transaction per article**: killed at any point, the store holds each article whole or not at all,
and a rerun picks up where it stopped. A changed text under the same id or URL is a new version: the
old version's mentions leave their events and the new one's are merged afresh. `merge()` rebuilds all
merged events from the stored Documents, in publication order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text, update

from wirecoder.corpus import copies, terms
from wirecoder.corpus.features import document_context, event_features
from wirecoder.corpus.merge import (
    TEXT_WINDOW_DAYS,
    Cluster,
    Member,
    best_join,
    blocking_span,
    cluster_span,
    fitting_clusters,
    grid_cell,
    nearby_cells,
    reach,
)
from wirecoder.corpus.record import SCHEMA as RECORD_SCHEMA
from wirecoder.corpus.record import DocumentInfo, merged_record
from wirecoder.model import Article, Document
from wirecoder.store import Store, StoreError, open_store
from wirecoder.store.tables import copy_bands, document_terms, documents, events, mentions, term_counts

EVENT_ID_PREFIX = "ev-"
MAX_CACHED_CLUSTERS = 20_000
MAX_CLUSTER_SPAN_DAYS = 31
MAX_CACHED_DOCUMENTS = 50_000
# The text blocking's bound: the most recent events of articles sharing a key word (corpus.terms).
MAX_TEXT_CANDIDATES = 400

_INSERT_EVENT = insert(events)
_UPDATE_EVENT = update(events).where(events.c.pk == bindparam("event_pk"))
_INSERT_MENTION = insert(mentions)
_CLUSTER_MEMBERS = text(
    "SELECT m.event_pk, m.document_pk, m.doc_event, m.features, d.copy_of FROM mentions m "
    "JOIN documents d ON d.pk = m.document_pk WHERE m.event_pk IN :pks ORDER BY m.event_pk, m.pk"
).bindparams(bindparam("pks", expanding=True))
_DOCUMENT_INFO = text(
    "SELECT pk, doc_id, published, site, url, copy_of FROM documents WHERE pk IN :pks"
).bindparams(bindparam("pks", expanding=True))


_COPY_CANDIDATES = text(
    "SELECT DISTINCT d.pk, d.copy_of, d.signature FROM copy_bands c JOIN documents d ON d.pk = c.document_pk "
    "WHERE d.current AND ("
    + " OR ".join(f"(c.band = :b{n} AND c.hash = :h{n})" for n in range(copies.BANDS))
    + ") ORDER BY d.pk"
)


def _candidate_query(by_country: bool, boxed: bool):
    """Blocking: events of the type whose days meet (and in the country, and near the place)."""
    # `day >= :earliest` bounds the index range on both sides, so the look-up stays local however
    # many events are stored (a cluster spanning more than MAX_CLUSTER_SPAN_DAYS is found from its
    # last MAX_CLUSTER_SPAN_DAYS only); for a precise place, only the grid cells within reach
    sql = "SELECT pk FROM events WHERE type = :type AND day BETWEEN :earliest AND :hi AND last_day >= :lo"
    if by_country:
        sql += " AND (country IS NULL OR country = :country)"
    if boxed:
        sql += (
            " AND cell IN :cells AND (cell = -1 OR"
            " (lat BETWEEN :lat_lo AND :lat_hi AND lon BETWEEN :lon_lo AND :lon_hi))"
        )
        return text(sql + " ORDER BY pk").bindparams(bindparam("cells", expanding=True))
    return text(sql + " ORDER BY pk")


_CANDIDATES = {(c, b): _candidate_query(c, b) for c in (False, True) for b in (False, True)}


@dataclass
class Outcome:
    """What became of one input: stored (new or a new version), skipped (already stored) or failed."""

    status: str  # "new" | "version" | "stored" | "failed"
    source: str
    doc_id: str | None = None
    events: int = 0
    merged: int = 0  # how many of its events joined an existing merged event
    reason: str | None = None


@dataclass
class AddSummary:
    new: int = 0
    versions: int = 0
    already_stored: int = 0
    failed: int = 0
    events: int = 0
    merged: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        if outcome.status == "new":
            self.new += 1
        elif outcome.status == "version":
            self.versions += 1
        elif outcome.status == "stored":
            self.already_stored += 1
        else:
            self.failed += 1
            self.errors.append(f"{outcome.source}: {outcome.reason}")
        self.events += outcome.events
        self.merged += outcome.merged

    def __str__(self) -> str:
        text = f"{self.new} new, {self.already_stored} already stored"
        if self.versions:
            text += f", {self.versions} new versions"
        if self.failed:
            text += f", {self.failed} failed"
        return text + f"; {self.events} events, {self.merged} merged into events already stored"


def event_record(pk: int, stored: str) -> dict[str, Any]:
    """A merged event as the contract has it, from its row: the record is stored without its schema
    and id (the id is the row's)."""
    return {"schema": RECORD_SCHEMA, "id": f"{EVENT_ID_PREFIX}{pk}", **json.loads(stored)}


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Corpus:
    """A store of articles and merged events (SQLite file or PostgreSQL URL)."""

    def __init__(self, db: str | None = None, *, writer: bool = True, store: Store | None = None):
        self.store = store or open_store(db, writer=writer)
        # the one writer's caches of what it wrote: cluster members and document metadata (immutable)
        self._members: OrderedDict[int, list[Member]] = OrderedDict()
        self._docs: OrderedDict[int, DocumentInfo] = OrderedDict()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- adding ----------------------------------------------------------------------------------

    def add(self, items: Iterable[Any], **options: Any) -> AddSummary:
        """Analyse and store texts or Articles (see add_stream; add_document stores a Document as it
        is); a summary of what happened."""
        summary = AddSummary()
        for outcome in self.add_stream(items, **options):
            summary.count(outcome)
        return summary

    def add_stream(
        self,
        items: Iterable[Any],
        *,
        published: str | None = None,
        workers: int = 1,
        model: str | None = None,
        stage_names: tuple[str, ...] | None = None,
        executor=None,
        batch_size: int | None = None,
        config=None,
    ) -> Iterator[Outcome]:
        """An Outcome per input, in input order, for texts, Articles and IngestErrors (as from
        ingest.iter_articles). Articles already stored (same id or URL, same text) are skipped before
        analysis; the rest are analysed (by `executor`, else in `workers` processes; see
        wirecoder.executors) and stored one by one, by this one writer. `config` (a
        pipeline.AnalyzerConfig: model, stages, user actors) replaces `model` and `stage_names`."""
        from wirecoder.pipeline import AnalyzerConfig, analyze_stream, as_article

        self._require_writer()
        skipped: dict[int, Outcome] = {}  # by position: yielded in input order with the analysed ones

        def fresh() -> Iterator[Any]:
            for position, item in enumerate(items):
                if isinstance(item, str | Article):
                    article = as_article(item, published)
                    if self._is_stored(article.stable_id(), article.url, content_hash(article.text)):
                        skipped[position] = Outcome(
                            "stored", article.source or article.stable_id(), article.stable_id()
                        )
                        continue
                    item = article
                yield position, item

        positions: deque[int] = deque()

        def tracked() -> Iterator[Any]:
            for position, item in fresh():
                positions.append(position)
                yield item

        config = config or AnalyzerConfig.of(model, stage_names)
        results = analyze_stream(
            tracked(), config=config, workers=workers, executor=executor, chunk_size=batch_size
        )
        for result in results:
            position = positions.popleft()
            for earlier in sorted(p for p in skipped if p < position):
                yield skipped.pop(earlier)
            if isinstance(result, Document):
                yield self.add_document(result, source=_source(result))
            else:
                yield Outcome("failed", result.source, reason=result.reason)
        for position in sorted(skipped):
            yield skipped.pop(position)

    def add_document(self, document: Document | dict[str, Any], source: str | None = None) -> Outcome:
        """Store one analysed Document and merge its events, in one transaction."""
        self._require_writer()
        data = document.to_dict() if isinstance(document, Document) else document
        doc_id, text = data["id"], data["text"]
        digest = content_hash(text)
        source = source or doc_id
        signature = copies.signature(text)
        with self._transaction() as conn:
            previous = self._current(conn, doc_id, data.get("url"))
            if previous is not None and previous.content_hash == digest:
                return Outcome("stored", source, doc_id)
            version = 1
            if previous is not None:  # the same id or URL with another text: a new version of it
                version = previous.version + 1
                conn.execute(update(documents).where(documents.c.pk == previous.pk).values(current=False))
                conn.execute(delete(copy_bands).where(copy_bands.c.document_pk == previous.pk))
                conn.execute(delete(document_terms).where(document_terms.c.document_pk == previous.pk))
                self._detach(conn, previous.pk)
            group = self._copy_group(conn, signature)
            pk = conn.execute(
                insert(documents).values(
                    doc_id=doc_id,
                    version=version,
                    current=True,
                    url=data.get("url"),
                    site=data.get("site"),
                    title=data.get("title"),
                    published=data.get("published"),
                    content_hash=digest,
                    copy_of=group,
                    signature=copies.to_bytes(signature),
                    document=json.dumps(data, ensure_ascii=False),
                    stored_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                )
            ).inserted_primary_key[0]
            if group is None:
                group = pk
                conn.execute(update(documents).where(documents.c.pk == pk).values(copy_of=pk))
            conn.execute(
                insert(copy_bands),
                [{"band": b, "hash": h, "document_pk": pk} for b, h in copies.bands(signature)],
            )
            merged = self._merge_document(conn, pk, group, data)
        status = "version" if previous is not None else "new"
        return Outcome(status, source, doc_id, events=len(data.get("events") or []), merged=merged)

    # ---- merging ---------------------------------------------------------------------------------

    def merge(self) -> int:
        """Rebuild every merged event from the stored current Documents, in publication order; returns
        the number of merged events."""
        self._require_writer()
        with self._transaction() as conn:
            conn.execute(delete(mentions))
            conn.execute(delete(events))
            # the words are counted again in publication order, as an ingest in that order would
            conn.execute(delete(document_terms))
            conn.execute(delete(term_counts))
            self._members.clear()
            rows = conn.execute(
                select(documents.c.pk, documents.c.copy_of, documents.c.document)
                .where(documents.c.current.is_(True))
                .order_by(documents.c.published, documents.c.doc_id, documents.c.pk)
            )
            for row in rows.all():
                self._merge_document(conn, row.pk, row.copy_of or row.pk, json.loads(row.document))
            return conn.execute(select(func.count()).select_from(events)).scalar_one()

    def _merge_document(self, conn, pk: int, group: int, data: dict[str, Any]) -> int:
        """Count the article's words, index its key words, and merge each of its events."""
        vector = terms.count_and_weigh(conn, data.get("text") or "")
        terms.index_key_terms(conn, pk, _day(data.get("published")), vector)
        # the words may outweigh a misread place or date (merge.TEXT_OVERRIDES): one look-up per article
        text_events = terms.events_sharing_words(
            conn, vector, _day(data.get("published")), TEXT_WINDOW_DAYS, MAX_TEXT_CANDIDATES
        )
        merged = 0
        context = document_context(data)
        # the most confident event first: an article's events never share a merged event, so its main
        # event must not lose the cluster of its incident to a passing mention of the same shooting
        for event in sorted(data.get("events") or [], key=lambda e: -(e.get("confidence") or 0.0)):
            features = {**event_features(data, event, context), "terms": vector}
            member = Member(pk, event["id"], group, features)
            candidates = self._candidates(conn, member, text_events.get(member.features.get("type"), []))
            fitting = fitting_clusters(candidates, member)
            cluster = fitting[0] if fitting else None
            if cluster is None:
                cluster = Cluster(None, [member])
            else:
                merged += 1
                cluster = Cluster(cluster.pk, [*cluster.members, member])
            self._write_record(conn, cluster)
            conn.execute(
                _INSERT_MENTION,
                {
                    "event_pk": cluster.pk,
                    "document_pk": pk,
                    "doc_event": member.event,
                    "features": json.dumps(member.features, ensure_ascii=False),
                },
            )
            self._cache_members(cluster)
            # the report fits other clusters too: the best that fits this one as a whole joins it
            if (other := best_join(cluster, fitting[1:])) is not None:
                self._join(conn, cluster, other)
        return merged

    def _join(self, conn, a: Cluster, b: Cluster) -> None:
        """Make two merged events one: the older keeps its id, the other's mentions move to it."""
        keep, gone = (a, b) if a.pk < b.pk else (b, a)
        conn.execute(update(mentions).where(mentions.c.event_pk == gone.pk).values(event_pk=keep.pk))
        conn.execute(delete(events).where(events.c.pk == gone.pk))
        self._members.pop(gone.pk, None)
        joined = Cluster(keep.pk, [*keep.members, *gone.members])
        self._write_record(conn, joined)
        self._cache_members(joined)

    def _candidates(self, conn, member: Member, text_events: list[int]) -> list[Cluster]:
        """The clusters the member is compared with: blocked by type, days and place, and those of
        articles that share its words (`text_events`, of its type)."""
        days = blocking_span(member.features)
        if days is None:
            return self._clusters(conn, sorted(set(text_events)))
        params: dict[str, Any] = {
            "type": member.features.get("type"),
            "lo": days[0].isoformat(),
            "hi": days[1].isoformat(),
            "earliest": (days[0] - dt.timedelta(MAX_CLUSTER_SPAN_DAYS)).isoformat(),
        }
        place = member.features.get("place") or {}
        by_country = bool(place.get("country"))
        params["country"] = place.get("country")
        boxed = (
            place.get("lat") is not None
            and place.get("lon") is not None
            and (place.get("precision") or 3) < 3
        )
        if boxed:
            # a cluster placed precisely can only match within the widest place tolerance: a box
            # around the new place keeps the candidates local however large the store grows
            lat_lo, lat_hi, lon_lo, lon_hi = reach(place)
            params.update(lat_lo=lat_lo, lat_hi=lat_hi, lon_lo=lon_lo, lon_hi=lon_hi)
            params["cells"] = nearby_cells(place)
        pks = [row.pk for row in conn.execute(_CANDIDATES[by_country, boxed], params)]
        return self._clusters(conn, sorted(set(pks) | set(text_events)))

    def _clusters(self, conn, pks: list[int]) -> list[Cluster]:
        """The clusters of these events, from the cache of recently written ones or the store."""
        found: dict[int, list[Member]] = {}
        missing = []
        for pk in pks:
            members = self._members.get(pk)
            if members is None:
                missing.append(pk)
            else:
                self._members.move_to_end(pk)
                found[pk] = members
        if missing:
            loaded: dict[int, list[Member]] = {}
            for row in conn.execute(_CLUSTER_MEMBERS, {"pks": missing}):
                loaded.setdefault(row.event_pk, []).append(
                    Member(
                        row.document_pk,
                        row.doc_event,
                        row.copy_of or row.document_pk,
                        json.loads(row.features),
                    )
                )
            for pk, members in loaded.items():
                found[pk] = members
                self._cache_members(Cluster(pk, members))
        return [Cluster(pk, found[pk]) for pk in pks if found.get(pk)]

    def _cache_members(self, cluster: Cluster) -> None:
        self._members[cluster.pk] = cluster.members
        self._members.move_to_end(cluster.pk)
        while len(self._members) > MAX_CACHED_CLUSTERS:
            self._members.popitem(last=False)

    def _document_info(self, conn, pks: set[int]) -> dict[int, DocumentInfo]:
        missing = [pk for pk in pks if pk not in self._docs]
        if missing:
            for row in conn.execute(_DOCUMENT_INFO, {"pks": missing}):
                self._docs[row.pk] = DocumentInfo(
                    row.doc_id, row.published, row.site, row.url, row.copy_of or row.pk
                )
            while len(self._docs) > MAX_CACHED_DOCUMENTS:
                self._docs.popitem(last=False)
        return {pk: self._docs[pk] for pk in pks if pk in self._docs}

    def _write_record(self, conn, cluster: Cluster) -> None:
        """Store the cluster's merged record (a new event row when it has no pk yet)."""
        docs = self._document_info(
            conn, {m.document for m in cluster.members} | {m.source for m in cluster.members}
        )
        record = merged_record("", cluster.members, docs)
        del record["schema"], record["id"]  # added when read: the id is the row's
        days = cluster_span(cluster.members)
        place = record.get("place") or {}
        row = {
            "type": record["type"],
            "day": days[0].isoformat() if days else None,
            "last_day": days[1].isoformat() if days else None,
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "country": place.get("country"),
            "precision": place.get("precision"),
            "cell": grid_cell(record.get("place")),
            "sources": record["sources"],
            "disputed": bool(record["disputes"]),
            "confidence": record["confidence"],
            "record": json.dumps(record, ensure_ascii=False),
        }
        if cluster.pk is None:
            cluster.pk = conn.execute(_INSERT_EVENT, row).inserted_primary_key[0]
        else:
            conn.execute(_UPDATE_EVENT, {"event_pk": cluster.pk, **row})

    def _detach(self, conn, document_pk: int) -> None:
        """Take an old version's mentions out of their events; an event left empty is deleted."""
        query = select(mentions.c.event_pk).where(mentions.c.document_pk == document_pk)
        affected = sorted({row.event_pk for row in conn.execute(query)})
        conn.execute(delete(mentions).where(mentions.c.document_pk == document_pk))
        for pk in affected:
            self._members.pop(pk, None)
        remaining = self._clusters(conn, affected)
        for cluster in remaining:
            self._write_record(conn, cluster)
        empty = sorted(set(affected) - {c.pk for c in remaining})
        if empty:
            conn.execute(delete(events).where(events.c.pk.in_(empty)))

    # ---- reading ---------------------------------------------------------------------------------

    def events(
        self,
        *,
        type: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int | None = None,
        disputed: bool | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Merged event records (schema wirecoder/events/1), filtered, in event order."""
        query = select(events.c.pk, events.c.record).order_by(events.c.pk)
        if type:
            query = query.where(events.c.type == type.upper())
        if country:
            query = query.where(events.c.country == country.upper())
        if since:
            query = query.where(events.c.last_day >= since)
        if until:
            query = query.where(events.c.day <= until)
        if min_sources:
            query = query.where(events.c.sources >= min_sources)
        if disputed is not None:
            query = query.where(events.c.disputed.is_(disputed))
        with self.store.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query):
                yield event_record(row.pk, row.record)

    def documents(self, *, current: bool = True) -> Iterator[dict[str, Any]]:
        """Stored Documents (schema wirecoder/1), the current version of each article by default."""
        query = select(documents.c.document).order_by(documents.c.pk)
        if current:
            query = query.where(documents.c.current.is_(True))
        with self.store.engine.connect() as conn:
            for row in conn.execution_options(yield_per=200).execute(query):
                yield json.loads(row.document)

    def counts(self) -> dict[str, int]:
        with self.store.engine.connect() as conn:
            return {
                "documents": conn.execute(
                    select(func.count()).select_from(documents).where(documents.c.current.is_(True))
                ).scalar_one(),
                "versions": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
                "mentions": conn.execute(select(func.count()).select_from(mentions)).scalar_one(),
            }

    def export(self, format: str, output: Any = None, **filters: Any) -> int:
        """Write the store in an export format (wirecoder.registry.EXPORTS); returns the records written."""
        from wirecoder.corpus.export import export

        return export(self, format, output, **filters)

    # ---- internals -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self):
        """One transaction; on any failure the caches are dropped with it (they may hold its writes)."""
        try:
            with self.store.engine.begin() as conn:
                yield conn
        except BaseException:
            self._members.clear()
            self._docs.clear()
            raise

    def _require_writer(self) -> None:
        if not self.store.writer:
            raise StoreError("this corpus was opened read-only")

    def _is_stored(self, doc_id: str, url: str | None, digest: str) -> bool:
        with self.store.engine.connect() as conn:
            return self._current(conn, doc_id, url, digest) is not None

    @staticmethod
    def _current(conn, doc_id: str, url: str | None, digest: str | None = None):
        same = documents.c.doc_id == doc_id
        if url:
            same = or_(same, documents.c.url == url)
        query = select(documents).where(and_(documents.c.current.is_(True), same))
        if digest is not None:
            query = query.where(documents.c.content_hash == digest)
        return conn.execute(query.order_by(documents.c.pk.desc()).limit(1)).first()

    def _copy_group(self, conn, signature) -> int | None:
        """The copy group (its first document's pk) of the stored text this one copies, or None."""
        params = {}
        for band, digest in copies.bands(signature):
            params[f"b{band}"], params[f"h{band}"] = band, digest
        best = None  # (score, -pk, group): the most similar, then the earliest stored
        for row in conn.execute(_COPY_CANDIDATES, params):
            score = signature.jaccard(copies.from_bytes(row.signature))
            candidate = (score, -row.pk, row.copy_of or row.pk)
            if score >= copies.COPY_THRESHOLD and (best is None or candidate > best):
                best = candidate
        return None if best is None else best[2]


def _day(published: str | None) -> str | None:
    """The publication day (YYYY-MM-DD) of a published value that starts with one."""
    day = (published or "")[:10]
    try:
        return dt.date.fromisoformat(day).isoformat()
    except ValueError:  # no date, or not an ISO one: the article is then found by place and date only
        return None


def _source(document: Document) -> str:
    return document.url or document.id


__all__ = ["AddSummary", "Corpus", "Outcome", "StoreError"]
