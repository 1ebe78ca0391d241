"""Batch runs: read inputs, extract events, store them — the library side of the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .errors import ExtractionError, IngestError, StoreError
from .ingest import read_articles
from .pipeline import extract_many
from .schema import Article, Event
from .store import EventStore, IngestSummary

ProgressFn = Callable[[str], None]


def _split(items: Iterable[Article | IngestError], summary: IngestSummary) -> Iterable[Article]:
    for item in items:
        if isinstance(item, IngestError):
            summary.failed.append((item.source, item.reason))
        else:
            yield item


def ingest_articles(store: EventStore, articles: Iterable[Article | IngestError],
                    on_article: ProgressFn | None = None) -> IngestSummary:
    """Extract and store each article; a failure is recorded and the batch goes on."""
    summary = IngestSummary()
    fresh: list[Article] = []
    for article in _split(articles, summary):
        if store.has_article(article.id) or any(a.id == article.id for a in fresh):
            summary.duplicates += 1
            if on_article:
                on_article(article.source_path or article.id)
        else:
            fresh.append(article)
    for article, result in extract_many(fresh):
        source = article.source_path or article.id
        if isinstance(result, ExtractionError):
            summary.failed.append((source, str(result)))
        else:
            try:
                if store.add(article, result):
                    summary.ingested += 1
                    summary.events += len(result)
                else:
                    summary.duplicates += 1
            except StoreError as exc:
                summary.failed.append((source, str(exc)))
        if on_article:
            on_article(source)
    return summary


def ingest_paths(store: EventStore, paths: Iterable[str], on_article: ProgressFn | None = None) -> IngestSummary:
    """``eventwire ingest``: read files/directories/stdin and store their events."""
    return ingest_articles(store, read_articles(paths), on_article)


def extract_paths(paths: Iterable[str]) -> Iterable[tuple[str, list[Event] | IngestError | ExtractionError]]:
    """``eventwire extract``: (source, events or error) per input, in input order."""
    articles: list[Article] = []
    for item in read_articles(paths):
        if isinstance(item, IngestError):
            yield item.source, item
        else:
            articles.append(item)
    for article, result in extract_many(articles):
        yield article.source_path or "<stdin>", result
