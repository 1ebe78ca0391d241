"""Store: articles and events in an embedded DuckDB file.

One writer, named migrations, content-hash ids: re-ingesting the same input stores nothing
new, and each article is written in one transaction with its events, so a failure leaves
what was stored before untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from .errors import StoreError
from .merging import MIGRATION as _MERGE_MIGRATION
from .merging import merge_event
from .schema import Article, Event

DEFAULT_DB = "eventwire.duckdb"

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles_events", """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            published_at TIMESTAMP,
            url TEXT,
            outlet TEXT,
            source_path TEXT,
            ingested_at TIMESTAMP NOT NULL
        );
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            event_type TEXT NOT NULL,
            mode TEXT,
            cameo_root TEXT,
            date DATE,
            date_precision TEXT,
            location_country TEXT,
            negated BOOLEAN NOT NULL,
            hypothetical BOOLEAN NOT NULL,
            confidence DOUBLE NOT NULL,
            record JSON NOT NULL
        );
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(event_id),
            side TEXT NOT NULL,
            position INTEGER NOT NULL,
            actor_id TEXT,
            name TEXT NOT NULL,
            country TEXT,
            actor_type TEXT,
            PRIMARY KEY (event_id, side, position)
        );
        CREATE INDEX events_type_date ON events(event_type, date);
    """),
    ("0002_article_identity_and_http_cache", """
        ALTER TABLE articles ADD COLUMN content_hash TEXT;
        ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
        ALTER TABLE articles ADD COLUMN duplicate_kind TEXT;
        ALTER TABLE articles ADD COLUMN language TEXT;
        ALTER TABLE articles ADD COLUMN skipped_reason TEXT;
        ALTER TABLE articles ADD COLUMN minhash BLOB;
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE TABLE http_cache (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            fetched_at TIMESTAMP NOT NULL
        );
    """),
    _MERGE_MIGRATION,
    ("0004_actors_outlets", """
        CREATE TABLE actors (
            actor_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            country TEXT,
            actor_type TEXT,
            first_seen TIMESTAMP NOT NULL
        );
        CREATE TABLE outlets (
            name TEXT PRIMARY KEY,
            first_seen TIMESTAMP NOT NULL
        );
        INSERT INTO actors SELECT actor_id, any_value(name), any_value(country), any_value(actor_type), now()
            FROM event_actors WHERE actor_id IS NOT NULL GROUP BY actor_id;
        INSERT INTO outlets SELECT DISTINCT outlet, now() FROM articles WHERE outlet IS NOT NULL;
        CREATE INDEX event_actors_actor ON event_actors(actor_id);
    """),
]


@dataclass
class IngestSummary:
    """What one ingest run did; ``failed`` holds ``(source, reason)`` pairs.

    ``duplicates``: inputs already stored, exact copies and near-duplicates of stored
    articles (the copies are stored, linked to their original, and not coded);
    ``skipped``: stored but not coded (e.g. not English).
    """

    ingested: int = 0
    duplicates: int = 0
    skipped: int = 0
    events: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"ingested {self.ingested}, duplicates {self.duplicates}, skipped {self.skipped}, "
                f"failed {len(self.failed)}, events {self.events}")


COUNTABLE_TABLES = ("articles", "events", "event_actors", "merged_events", "actors", "outlets")


class EventStore:
    """A DuckDB event store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            hint = (" Another process holds it: if it is `eventwire serve`, post articles to its /api/articles"
                    " instead, or stop it first." if "lock" in str(exc).lower() else " Is it a DuckDB file?")
            raise StoreError(f"{self.path}: cannot open the event store ({exc}).{hint}") from exc
        self._migrate()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _migrate(self) -> None:
        try:
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
            done = {row[0] for row in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                self.con.execute("BEGIN TRANSACTION")
                try:
                    self.con.execute(sql)
                    self.con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()])
                    self.con.execute("COMMIT")
                except duckdb.Error:
                    self.con.execute("ROLLBACK")
                    raise
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: migrating the event store failed ({exc})") from exc

    # -- writing -------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def find_content(self, content_hash: str) -> str | None:
        """Id of a stored original with exactly this normalised content."""
        row = self.con.execute("SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL LIMIT 1",
                               [content_hash]).fetchone()
        return row[0] if row else None

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash bytes) of every stored original, for the near-duplicate index."""
        yield from self.con.execute(
            "SELECT id, minhash FROM articles WHERE duplicate_of IS NULL AND minhash IS NOT NULL").fetchall()

    def add(self, article: Article, events: list[Event], *, content_hash: str | None = None,
            duplicate_of: str | None = None, duplicate_kind: str | None = None, minhash: bytes | None = None) -> bool:
        """Store an article with its events in one transaction; False if it was already stored."""
        if self.has_article(article.id):
            return False
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(
                """INSERT INTO articles (id, title, text, published_at, url, outlet, source_path, ingested_at,
                                         content_hash, duplicate_of, duplicate_kind, language, skipped_reason, minhash)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [article.id, article.title, article.text, article.published_at, article.url, article.outlet,
                 article.source_path, _now(), content_hash, duplicate_of, duplicate_kind, article.language,
                 article.skipped_reason, minhash],
            )
            if article.outlet:
                self.con.execute("INSERT INTO outlets VALUES (?, ?) ON CONFLICT DO NOTHING", [article.outlet, _now()])
            for event in events:
                self.con.execute(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [event.event_id, article.id, event.event_type, event.mode, event.cameo_root, event.date,
                     event.date_precision, event.location.country if event.location else None, event.negated,
                     event.hypothetical, event.confidence, event.model_dump_json()],
                )
                for side, actors in (("source", event.source_actors), ("target", event.target_actors)):
                    for pos, actor in enumerate(actors):
                        self.con.execute(
                            "INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            [event.event_id, side, pos, actor.actor_id, actor.name, actor.country, actor.actor_type],
                        )
                        if actor.actor_id:
                            self.con.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                             [actor.actor_id, actor.name, actor.country, actor.actor_type, _now()])
                merge_event(self.con, event, _now())
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: storing article {article.id} failed, nothing of it was kept ({exc})") from exc
        return True

    # -- reading -------------------------------------------------------------------
    def cached_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.con.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.con.execute("INSERT OR REPLACE INTO http_cache VALUES (?, ?, ?, ?)", [url, etag, last_modified, _now()])

    def count(self, table: str) -> int:
        if table not in COUNTABLE_TABLES:
            raise StoreError(f"unknown table {table!r}; expected one of {', '.join(COUNTABLE_TABLES)}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def events(self, event_type: str | None = None, limit: int | None = None) -> Iterator[Event]:
        sql = "SELECT record FROM events"
        params: list = []
        if event_type:
            sql += " WHERE event_type = ?"
            params.append(event_type)
        sql += " ORDER BY date, event_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for (record,) in self.con.execute(sql, params).fetchall():
            yield Event.model_validate(json.loads(record))

    def counts_by_type(self) -> list[tuple[str, int]]:
        """Coded reports per type (one article's mention of an event is one report)."""
        return self.con.execute(
            "SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY n DESC, event_type").fetchall()

    def merged_counts_by_type(self) -> dict[str, tuple[int, int]]:
        """Per type: (merged events, of which reported by two or more outlets)."""
        rows = self.con.execute(
            "SELECT event_type, count(*), count(*) FILTER (WHERE n_outlets >= 2) FROM merged_event_summary "
            "WHERE NOT negated GROUP BY event_type").fetchall()
        return {t: (n, multi) for t, n, multi in rows}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
