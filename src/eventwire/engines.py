"""Engines: code many articles in parallel — processes on one machine, or Ray Data.

Both engines expose ``extract_many(articles)`` with the same contract as
``pipeline.extract_many``: ``(article, events | ExtractionError)`` in input order, streamed
with a bounded number of batches in flight, so memory stays flat whatever the corpus size.
Workers load the spaCy pipeline once (a process, or a Ray actor) and reuse it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .errors import ExtractionError
from .schema import Article, Event

# Articles per task: large enough to amortise inter-process transfer, small enough to stream.
BATCH_ARTICLES = 32
# Batches in flight per worker: keeps every worker busy without reading the corpus ahead.
IN_FLIGHT_PER_WORKER = 2
# Ray: articles handed to one Dataset (one actor pool); bounds driver memory.
RAY_CHUNK_ARTICLES = 5000

Result = tuple[Article, "list[Event] | ExtractionError"]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def code_batch(articles: list[Article]) -> list[list[dict] | str]:
    """Worker side: event records (as JSON-ready dicts) or an error message per article."""
    from .pipeline import extract_many

    out: list[list[dict] | str] = []
    for _, result in extract_many(articles):
        out.append(str(result) if isinstance(result, ExtractionError) else [e.model_dump(mode="json") for e in result])
    return out


def _chain(first: list[Article], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield first
    yield from rest


def _revive(article: Article, payload: list[dict] | str) -> Result:
    if isinstance(payload, str):
        return article, ExtractionError(payload)
    return article, [Event.model_validate(e) for e in payload]


class LocalEngine:
    """Processes on this machine (fork: children share the parent's loaded model pages)."""

    def __init__(self, workers: int | None = None, batch_articles: int = BATCH_ARTICLES) -> None:
        self.workers = workers or default_workers()
        self.batch_articles = batch_articles

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        if self.workers <= 1:
            from .pipeline import extract_many

            yield from extract_many(articles)
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        from .nlp import load_pipeline

        batches = _batches(articles, self.batch_articles)
        first = next(batches, None)
        if first is None:
            return  # nothing to code: do not load the model or start workers
        load_pipeline()  # load once before forking: workers inherit it
        pending: deque = deque()
        with ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork")) as pool:
            for batch in _chain(first, batches):
                pending.append((batch, pool.submit(code_batch, batch)))
                while len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield from self._drain(pending.popleft())
            while pending:
                yield from self._drain(pending.popleft())

    @staticmethod
    def _drain(item) -> Iterator[Result]:
        batch, future = item
        try:
            payloads = future.result()
        except Exception as exc:  # a worker died: report its articles, keep the run going
            for article in batch:
                yield article, ExtractionError(f"{article.source_path or article.id}: worker failed ({exc})")
            return
        for article, payload in zip(batch, payloads):
            yield _revive(article, payload)


class _RayCoder:
    """Ray actor: loads the pipeline once, codes batches of serialised articles."""

    def __init__(self) -> None:
        from .nlp import load_pipeline

        load_pipeline()

    def __call__(self, batch: dict) -> dict:
        import json

        articles = [Article.model_validate_json(a) for a in batch["article"]]
        results = code_batch(articles)
        return {"id": [a.id for a in articles], "result": [json.dumps(r) for r in results]}


class RayEngine:
    """Ray Data: ``map_batches`` over an actor pool (``ActorPoolStrategy``), order preserved."""

    def __init__(self, workers: int | None = None, address: str | None = None,
                 batch_articles: int = BATCH_ARTICLES) -> None:
        self.workers = workers or default_workers()
        self.address = address
        self.batch_articles = batch_articles

    def _init(self) -> None:
        import ray

        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, log_to_driver=False)
            else:
                ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        import json

        import ray.data
        from ray.data import ActorPoolStrategy

        self._init()
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        for chunk in _batches(articles, RAY_CHUNK_ARTICLES):
            ds = ray.data.from_items([{"article": a.model_dump_json()} for a in chunk])
            coded = ds.map_batches(_RayCoder, compute=ActorPoolStrategy(size=self.workers),
                                   batch_size=self.batch_articles, batch_format="numpy")
            by_id = {row["id"]: json.loads(row["result"]) for row in coded.iter_rows()}
            for article in chunk:  # input order, whatever order the actors finished in
                yield _revive(article, by_id.get(article.id, f"{article.id}: no result from the Ray pipeline"))


def make_engine(name: str, workers: int | None = None, address: str | None = None):
    if name == "local":
        return LocalEngine(workers)
    if name == "ray":
        try:
            import ray  # noqa: F401
        except ImportError as exc:
            raise ExtractionError("the ray engine needs Ray Data: pip install 'eventwire[ray]'") from exc
        return RayEngine(workers, address)
    raise ExtractionError(f"unknown engine {name!r}; expected 'local' or 'ray'")
