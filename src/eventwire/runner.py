"""Batch runs: read inputs, sort out duplicates, extract events, store — the library side
of the CLI (``ingest``, ``extract``, ``watch``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from .cleaning import content_hash
from .dedup import NearDuplicateIndex, from_bytes, signature, to_bytes
from .errors import ArticleSkipped, ExtractionError, IngestError, StoreError
from .ingest import read_articles
from .pipeline import extract_many
from .schema import Article, Event
from .store import EventStore, IngestSummary

ProgressFn = Callable[[str], None]
WarnFn = Callable[[str, str], None]
NO_PUBLICATION_TIME = "no publication time: relative dates ('on Thursday') cannot be resolved and stay null"


def _near_index(store: EventStore) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for article_id, blob in store.signatures():
        index.add(article_id, from_bytes(blob))
    return index


def ingest_articles(store: EventStore, articles: Iterable[Article | IngestError],
                    on_article: ProgressFn | None = None, extract: Callable = extract_many,
                    on_warning: WarnFn | None = None) -> IngestSummary:
    """Store each article once; code only originals in a supported language.

    Already-stored inputs are counted and dropped; exact and near duplicates of stored (or
    earlier in this batch) articles are stored linked to their original and not coded;
    non-English articles are stored with ``skipped_reason``. A failure is recorded and the
    batch goes on. ``extract`` is the coder: ``pipeline.extract_many`` or an engine's.
    """
    summary = IngestSummary()
    index = _near_index(store)
    seen_ids: set[str] = set()
    seen_hashes: dict[str, str] = {}
    to_code: list[tuple[Article, dict]] = []

    def store_uncoded(article: Article, **meta) -> None:
        try:
            store.add(article, [], **meta)
        except StoreError as exc:
            summary.failed.append((article.source_path or article.id, str(exc)))

    for item in articles:
        if isinstance(item, IngestError):
            summary.failed.append((item.source, item.reason))
            if on_article:
                on_article(item.source)
            continue
        article = item
        source = article.source_path or article.id
        if article.id in seen_ids or store.has_article(article.id):
            summary.duplicates += 1
        else:
            seen_ids.add(article.id)
            chash = content_hash(article.text)
            mh = signature(article.text)
            original = seen_hashes.get(chash) or store.find_content(chash)
            near = None if original else index.find(mh)
            if original or near:
                summary.duplicates += 1
                store_uncoded(article, content_hash=chash, duplicate_of=original or near[0],
                              duplicate_kind="exact" if original else "near")
            elif article.skipped_reason:
                summary.skipped += 1
                store_uncoded(article, content_hash=chash, minhash=to_bytes(mh))
            else:
                if article.published_at is None and on_warning:
                    on_warning(source, NO_PUBLICATION_TIME)
                seen_hashes[chash] = article.id
                index.add(article.id, mh)
                to_code.append((article, {"content_hash": chash, "minhash": to_bytes(mh)}))
                continue  # progress is reported once it is coded
        if on_article:
            on_article(source)
    meta = {a.id: m for a, m in to_code}
    for article, result in extract(a for a, _ in to_code):
        source = article.source_path or article.id
        if isinstance(result, ExtractionError):
            summary.failed.append((source, str(result)))
        else:
            try:
                if store.add(article, result, **meta[article.id]):
                    summary.ingested += 1
                    summary.events += len(result)
                else:
                    summary.duplicates += 1
            except StoreError as exc:
                summary.failed.append((source, str(exc)))
        if on_article:
            on_article(source)
    return summary


def ingest_paths(store: EventStore, paths: Iterable[str], on_article: ProgressFn | None = None,
                 fetcher=None) -> IngestSummary:
    """``eventwire ingest``: read files/directories/globs/stdin/URLs and store their events."""
    return ingest_articles(store, read_articles(paths, fetcher=fetcher), on_article)


def extract_paths(paths: Iterable[str], fetcher=None,
                  on_warning: WarnFn | None = None) -> Iterable[tuple[str, list[Event] | IngestError | ExtractionError]]:
    """``eventwire extract``: (source, events or error) per input, in input order."""
    articles: list[Article] = []
    for item in read_articles(paths, fetcher=fetcher):
        if isinstance(item, IngestError):
            yield item.source, item
        elif item.skipped_reason:
            yield item.source_path or item.id, ArticleSkipped(item.source_path or item.id, item.skipped_reason)
        else:
            if item.published_at is None and on_warning:
                on_warning(item.source_path or "<stdin>", NO_PUBLICATION_TIME)
            articles.append(item)
    for article, result in extract_many(articles):
        yield article.source_path or "<stdin>", result


def run_inputs(paths: Iterable[str], *, out=None, db=None, engine: str = "local", workers: int | None = None,
               ray_address: str | None = None, on_article: ProgressFn | None = None, fetcher=None):
    """``eventwire run``: code inputs with a parallel engine into Parquet shards or a database."""
    from .engines import make_engine
    from .shards import write_shards

    coder = make_engine(engine, workers, ray_address)
    items = read_articles(paths, fetcher=fetcher)
    if out is not None:
        return write_shards(items, out, coder.extract_many, on_article=on_article)
    with EventStore(db) as store:
        return ingest_articles(store, items, on_article, extract=coder.extract_many)


def poll_feed(store: EventStore, url: str, fetcher) -> IngestSummary:
    """One conditional GET of a feed; new entries are ingested, a 304 costs nothing."""
    from .fetch import articles_from_response

    etag, modified = store.cached_validators(url)
    try:
        result = fetcher.get(url, etag=etag, last_modified=modified)
    except IngestError as exc:
        summary = IngestSummary()
        summary.failed.append((exc.source, exc.reason))
        return summary
    if result.not_modified:
        return IngestSummary()
    summary = ingest_articles(store, articles_from_response(result, fetcher))
    store.remember_validators(url, result.etag, result.last_modified)
    return summary


def watch_feeds(store: EventStore, urls: list[str], every_seconds: float, fetcher, rounds: int | None = None,
                on_round: Callable[[int, str, IngestSummary], None] | None = None,
                sleep: Callable[[float], None] = time.sleep) -> None:
    """``eventwire watch``: poll each feed every ``every_seconds`` (``rounds`` times, or forever)."""
    n = 0
    while rounds is None or n < rounds:
        n += 1
        started = time.monotonic()
        for url in urls:
            summary = poll_feed(store, url, fetcher)
            if on_round:
                on_round(n, url, summary)
        if rounds is not None and n >= rounds:
            break
        sleep(max(0.0, every_seconds - (time.monotonic() - started)))
