"""Parallel engines give exactly the single-process output; shard output resumes."""

from __future__ import annotations

import pytest

from eventwire.demo import demo_articles
from eventwire.engines import LocalEngine
from eventwire.pipeline import extract_many

ARTICLES = demo_articles()[:6]


def _records(results):
    return [(a.id, [e.model_dump(mode="json") for e in events]) for a, events in results]


@pytest.fixture(scope="module")
def reference(nlp):
    return _records(extract_many(ARTICLES, nlp))


def test_local_engine_with_two_processes_matches_single_process(reference):
    assert _records(LocalEngine(workers=2, batch_articles=2).extract_many(ARTICLES)) == reference


@pytest.mark.slow
def test_ray_engine_matches_local_engine(reference):
    ray = pytest.importorskip("ray")
    from eventwire.engines import RayEngine

    try:
        got = _records(RayEngine(workers=2, batch_articles=2).extract_many(ARTICLES))
    finally:
        ray.shutdown()
    assert got == reference


def test_run_writes_parquet_shards_and_resumes(tmp_path):
    import pyarrow.parquet as pq

    from eventwire.shards import write_shards

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for a in ARTICLES:
        (corpus / f"{a.id}.txt").write_text(f"{a.title}\n\n{a.published_at:%Y-%m-%d %H:%M:%S}\n\n{a.text}\n", encoding="utf-8")
    out = tmp_path / "out"
    from eventwire import read_articles

    engine = LocalEngine(workers=1)
    first = write_shards(read_articles([str(corpus)]), out, engine.extract_many, shard_articles=4)
    assert (first.articles, first.shards_written, first.shards_skipped) == (6, 2, 0)
    events = pq.read_table(out / "events-00000.parquet").to_pylist() + pq.read_table(out / "events-00001.parquet").to_pylist()
    assert len(events) == first.events > 0
    (out / "shard-00001.done").unlink()  # as if the run had been killed before shard 1 finished
    second = write_shards(read_articles([str(corpus)]), out, engine.extract_many, shard_articles=4)
    assert (second.articles, second.shards_written, second.shards_skipped) == (2, 1, 1)
    again = pq.read_table(out / "events-00001.parquet").to_pylist()
    assert [r["event_id"] for r in again] == [r["event_id"] for r in events if r["event_id"] in {x["event_id"] for x in again}]
