"""Parquet shard output for ``eventwire run --out DIR``: resumable, written atomically.

Input articles are numbered in reading order and cut into shards of ``SHARD_ARTICLES``.
Shard ``i`` is ``events-0000i.parquet`` + ``articles-0000i.parquet``, each written to a
temporary name and renamed, then a ``shard-0000i.done`` marker: a rerun skips every shard
with a marker, so a killed run resumes where it stopped and never writes a shard twice.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractionError, IngestError
from .schema import Article, Event

SHARD_ARTICLES = 500


@dataclass
class RunSummary:
    articles: int = 0
    events: int = 0
    shards_written: int = 0
    shards_skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"articles {self.articles}, events {self.events}, shards written {self.shards_written}, "
                f"shards already done {self.shards_skipped}, failed {len(self.failed)}")


def _done_marker(out: Path, shard: int) -> Path:
    return out / f"shard-{shard:05d}.done"


def _event_rows(events: list[Event]) -> list[dict]:
    return [{
        "event_id": e.event_id, "article_id": e.article.id, "event_type": e.event_type, "mode": e.mode,
        "cameo_root": e.cameo_root, "date": e.date, "date_precision": e.date_precision,
        "location_country": e.location.country if e.location else None,
        "source_names": [a.name for a in e.source_actors], "target_names": [a.name for a in e.target_actors],
        "source_ids": [a.actor_id for a in e.source_actors], "target_ids": [a.actor_id for a in e.target_actors],
        "confidence": e.confidence, "negated": e.negated, "hypothetical": e.hypothetical,
        "record": e.model_dump_json(),
    } for e in events]


def _write_parquet(rows: list[dict], path: Path, schema) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    os.replace(tmp, path)


def _schemas():
    import pyarrow as pa

    events = pa.schema([
        ("event_id", pa.string()), ("article_id", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
        ("cameo_root", pa.string()), ("date", pa.date32()), ("date_precision", pa.string()),
        ("location_country", pa.string()), ("source_names", pa.list_(pa.string())),
        ("target_names", pa.list_(pa.string())), ("source_ids", pa.list_(pa.string())),
        ("target_ids", pa.list_(pa.string())), ("confidence", pa.float64()), ("negated", pa.bool_()),
        ("hypothetical", pa.bool_()), ("record", pa.string()),
    ])
    articles = pa.schema([
        ("id", pa.string()), ("title", pa.string()), ("text", pa.string()), ("published_at", pa.string()), ("url", pa.string()),
        ("outlet", pa.string()), ("source_path", pa.string()), ("language", pa.string()), ("error", pa.string()),
    ])
    return events, articles


def write_shards(items: Iterable[Article | IngestError], out: Path, extract_many: Callable,
                 shard_articles: int = SHARD_ARTICLES, on_article: Callable[[str], None] | None = None) -> RunSummary:
    """Code ``items`` into Parquet shards under ``out``, skipping shards already done."""
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    event_schema, article_schema = _schemas()
    done = {int(p.name[6:11]) for p in out.glob("shard-*.done")}
    # Engines return results in input order, so the shard of each result is the next one here.
    shard_queue: deque[int] = deque()

    def pending() -> Iterator[Article]:
        for n, item in enumerate(items):
            shard = n // shard_articles
            if shard in done:
                continue
            if isinstance(item, IngestError):
                summary.failed.append((item.source, item.reason))
                continue
            shard_queue.append(shard)
            yield item

    current, events_rows, article_rows = None, [], []

    def flush(shard: int) -> None:
        _write_parquet(events_rows, out / f"events-{shard:05d}.parquet", event_schema)
        _write_parquet(article_rows, out / f"articles-{shard:05d}.parquet", article_schema)
        _done_marker(out, shard).write_text(json.dumps({"articles": len(article_rows), "events": len(events_rows)}))
        summary.shards_written += 1

    for article, result in extract_many(pending()):
        shard = shard_queue.popleft()
        if current is not None and shard != current:
            flush(current)
            events_rows, article_rows = [], []
        current = shard
        error = str(result) if isinstance(result, ExtractionError) else None
        if error:
            summary.failed.append((article.source_path or article.id, error))
        else:
            events_rows.extend(_event_rows(result))
            summary.events += len(result)
        summary.articles += 1
        article_rows.append({"id": article.id, "title": article.title, "text": article.text,
                             "published_at": article.published_at.isoformat() if article.published_at else None,
                             "url": article.url, "outlet": article.outlet, "source_path": article.source_path,
                             "language": article.language, "error": error})
        if on_article:
            on_article(article.source_path or article.id)
    if current is not None:
        flush(current)
    summary.shards_skipped = len(done)
    return summary
