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
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update

from wirecoder.corpus import copies
from wirecoder.corpus.features import event_features
from wirecoder.corpus.merge import (
    PLACE_TOLERANCE_KM,
    Cluster,
    Member,
    best_cluster,
    blocking_span,
    cluster_span,
)
from wirecoder.corpus.record import DocumentInfo, merged_record
from wirecoder.model import Article, Document
from wirecoder.store import Store, StoreError, open_store
from wirecoder.store.tables import documents, events, mentions

EVENT_ID_PREFIX = "ev-"


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


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Corpus:
    """A store of articles and merged events (SQLite file or PostgreSQL URL)."""

    def __init__(self, db: str | None = None, *, writer: bool = True, store: Store | None = None):
        self.store = store or open_store(db, writer=writer)
        self._copies: copies.CopyIndex | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- adding ----------------------------------------------------------------------------------

    def add(self, items: Iterable[Any], **options: Any) -> AddSummary:
        """Analyse and store texts, Articles or Documents (see add_stream); a summary of what happened."""
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
    ) -> Iterator[Outcome]:
        """An Outcome per input, in input order, for texts, Articles and IngestErrors (as from
        ingest.iter_articles). Articles already stored (same id or URL, same text) are skipped before
        analysis; the rest are analysed (in `workers` processes) and stored one by one."""
        from wirecoder.language import DEFAULT_MODEL
        from wirecoder.pipeline import analyze_stream, as_article

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

        results = analyze_stream(
            tracked(), model=model or DEFAULT_MODEL, workers=workers, stage_names=stage_names
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
        index = self._copy_index()
        with self.store.engine.begin() as conn:
            previous = self._current(conn, doc_id, data.get("url"))
            if previous is not None and previous.content_hash == digest:
                return Outcome("stored", source, doc_id)
            version = 1
            if previous is not None:  # the same id or URL with another text: a new version of it
                version = previous.version + 1
                conn.execute(update(documents).where(documents.c.pk == previous.pk).values(current=False))
                self._detach(conn, previous.pk)
            group = index.find(signature)
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
            merged = self._merge_document(conn, pk, group, data)
        index.add(pk, signature, group)
        if previous is not None:
            index.remove(previous.pk)
        status = "version" if previous is not None else "new"
        return Outcome(status, source, doc_id, events=len(data.get("events") or []), merged=merged)

    # ---- merging ---------------------------------------------------------------------------------

    def merge(self) -> int:
        """Rebuild every merged event from the stored current Documents, in publication order; returns
        the number of merged events."""
        self._require_writer()
        with self.store.engine.begin() as conn:
            conn.execute(delete(mentions))
            conn.execute(delete(events))
            rows = conn.execute(
                select(documents.c.pk, documents.c.copy_of, documents.c.document)
                .where(documents.c.current.is_(True))
                .order_by(documents.c.published, documents.c.doc_id, documents.c.pk)
            )
            for row in rows.all():
                self._merge_document(conn, row.pk, row.copy_of or row.pk, json.loads(row.document))
            return conn.execute(select(func.count()).select_from(events)).scalar_one()

    def _merge_document(self, conn, pk: int, group: int, data: dict[str, Any]) -> int:
        merged = 0
        for event in data.get("events") or []:
            member = Member(pk, event["id"], group, event_features(data, event))
            cluster = best_cluster(self._candidates(conn, member), member)
            if cluster is None:
                event_pk = conn.execute(
                    insert(events).values(sources=1, disputed=False, record="{}")
                ).inserted_primary_key[0]
                cluster = Cluster(event_pk, [])
            else:
                merged += 1
            conn.execute(
                insert(mentions).values(
                    event_pk=cluster.pk,
                    document_pk=pk,
                    doc_event=member.event,
                    features=json.dumps(member.features, ensure_ascii=False),
                )
            )
            cluster.members.append(member)
            self._write_record(conn, cluster)
        return merged

    def _candidates(self, conn, member: Member) -> list[Cluster]:
        days = blocking_span(member.features)
        if days is None:
            return []
        query = select(events.c.pk).where(
            events.c.type == member.features.get("type"),
            events.c.day <= days[1].isoformat(),
            events.c.last_day >= days[0].isoformat(),
        )
        place = member.features.get("place") or {}
        if place.get("country"):
            query = query.where(or_(events.c.country == place["country"], events.c.country.is_(None)))
        if place.get("lat") is not None and place.get("lon") is not None and (place.get("precision") or 3) < 3:
            # a cluster placed precisely can only match within the widest place tolerance: a box
            # around the new place keeps the candidates local however large the store grows
            lat, lon = place["lat"], place["lon"]
            dlat = PLACE_TOLERANCE_KM[2] / 111.0
            dlon = dlat / max(0.05, math.cos(math.radians(lat)))
            near = and_(events.c.lat.between(lat - dlat, lat + dlat), events.c.lon.between(lon - dlon, lon + dlon))
            query = query.where(or_(events.c.lat.is_(None), events.c.precision >= 3, near))
        pks = [row.pk for row in conn.execute(query)]
        return self._clusters(conn, pks)

    def _clusters(self, conn, pks: list[int]) -> list[Cluster]:
        if not pks:
            return []
        rows = conn.execute(
            select(
                mentions.c.event_pk,
                mentions.c.document_pk,
                mentions.c.doc_event,
                mentions.c.features,
                documents.c.copy_of,
            )
            .join(documents, documents.c.pk == mentions.c.document_pk)
            .where(mentions.c.event_pk.in_(pks))
            .order_by(mentions.c.event_pk, mentions.c.pk)
        )
        clusters: dict[int, Cluster] = {pk: Cluster(pk, []) for pk in pks}
        for row in rows:
            clusters[row.event_pk].members.append(
                Member(
                    row.document_pk, row.doc_event, row.copy_of or row.document_pk, json.loads(row.features)
                )
            )
        return [c for c in clusters.values() if c.members]

    def _write_record(self, conn, cluster: Cluster) -> None:
        doc_pks = sorted({m.document for m in cluster.members} | {m.source for m in cluster.members})
        docs = {
            row.pk: DocumentInfo(row.doc_id, row.published, row.site, row.url, row.copy_of or row.pk)
            for row in conn.execute(
                select(
                    documents.c.pk,
                    documents.c.doc_id,
                    documents.c.published,
                    documents.c.site,
                    documents.c.url,
                    documents.c.copy_of,
                ).where(documents.c.pk.in_(doc_pks))
            )
        }
        record = merged_record(f"{EVENT_ID_PREFIX}{cluster.pk}", cluster.members, docs)
        days = cluster_span(cluster.members)
        place = record.get("place") or {}
        conn.execute(
            update(events)
            .where(events.c.pk == cluster.pk)
            .values(
                type=record["type"],
                day=days[0].isoformat() if days else None,
                last_day=days[1].isoformat() if days else None,
                lat=place.get("lat"),
                lon=place.get("lon"),
                country=place.get("country"),
                precision=place.get("precision"),
                sources=record["sources"],
                disputed=bool(record["disputes"]),
                confidence=record["confidence"],
                record=json.dumps(record, ensure_ascii=False),
            )
        )

    def _detach(self, conn, document_pk: int) -> None:
        """Take an old version's mentions out of their events; an event left empty is deleted."""
        affected = [
            r.event_pk
            for r in conn.execute(select(mentions.c.event_pk).where(mentions.c.document_pk == document_pk))
        ]
        conn.execute(delete(mentions).where(mentions.c.document_pk == document_pk))
        for cluster in self._clusters(conn, sorted(set(affected))):
            self._write_record(conn, cluster)
        remaining = {c.pk for c in self._clusters(conn, sorted(set(affected)))}
        empty = sorted(set(affected) - remaining)
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
        query = select(events.c.record).order_by(events.c.pk)
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
                yield json.loads(row.record)

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
        """Write the store in an export format (corpus.export.FORMATS); returns the records written."""
        from wirecoder.corpus.export import export

        return export(self, format, output, **filters)

    # ---- internals -------------------------------------------------------------------------------

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

    def _copy_index(self) -> copies.CopyIndex:
        if self._copies is None:
            index = copies.CopyIndex()
            with self.store.engine.connect() as conn:
                rows = conn.execute(
                    select(documents.c.pk, documents.c.copy_of, documents.c.signature)
                    .where(documents.c.current.is_(True))
                    .order_by(documents.c.pk)
                )
                for row in rows:
                    if row.signature:
                        index.add(row.pk, copies.from_bytes(row.signature), row.copy_of or row.pk)
            self._copies = index
        return self._copies


def _source(document: Document) -> str:
    return document.url or document.id


__all__ = ["AddSummary", "Corpus", "Outcome", "StoreError"]
