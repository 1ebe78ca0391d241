"""A SIGKILL in the middle of ``eventwire run --out`` loses no finished shard, and the rerun
completes the output with every article exactly once and the same events as a run that was
never interrupted.

Shards are ``shards.SHARD_ARTICLES`` (500) input articles and the size is not configurable
from the command line, so the corpus is 700 short generated articles: shard 0 is finished
(its ``.done`` marker written) while shard 1 is still being coded, which is when the run is
killed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.shards import SHARD_ARTICLES

N_ARTICLES = SHARD_ARTICLES + 200  # shard 0 full, shard 1 long enough to be killed in
LEADERS = ["Joe Biden", "Volodymyr Zelensky", "Xi Jinping", "Vladimir Putin", "Emmanuel Macron", "Olaf Scholz",
           "Recep Tayyip Erdogan", "Narendra Modi", "Justin Trudeau", "Kim Jong Un"]
CITIES = ["Cairo", "Doha", "Geneva", "Warsaw", "Ankara", "Nairobi", "Jakarta", "Brasilia"]
VERBS = ["met", "criticized", "thanked", "accused", "praised", "threatened"]
RUN_TIMEOUT = 300  # seconds; a hung run fails the test instead of blocking CI


def _article(n: int) -> str:
    rng = random.Random(n)
    a, b = rng.sample(LEADERS, 2)
    city, verb = rng.choice(CITIES), rng.choice(VERBS)
    return (f"{a} and {b} in {city}, dispatch {n}\n\n2023-05-{1 + n % 28:02d} 10:00:00\n\n"
            f"{a} {verb} {b} in {city} on Monday, officials said in dispatch number {n}.\n\n"
            "The two leaders discussed trade and security during the visit.\n")


def _run(corpus: Path, out: Path, log: Path) -> subprocess.Popen:
    """``eventwire run`` with its stderr in ``log`` (a file: a full pipe would stall the run)."""
    with log.open("w") as stderr:
        return subprocess.Popen([sys.executable, "-m", "eventwire.cli", "run", str(corpus), "--out", str(out),
                                 "--workers", "1"], stdout=subprocess.DEVNULL, stderr=stderr)


def _finish(run: subprocess.Popen, log: Path) -> str:
    run.wait(timeout=RUN_TIMEOUT)
    err = log.read_text()
    assert run.returncode == 0, err
    return " ".join(err.split())  # (rich may wrap the summary line)


def _kill_after_first_shard(corpus: Path, out: Path, log: Path) -> None:
    """Start a run, SIGKILL it as soon as shard 0 is done (shard 1 is then being coded)."""
    child = _run(corpus, out, log)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not (out / "shard-00000.done").exists():
            assert child.poll() is None, f"run ended before finishing shard 0: {log.read_text()}"
            assert time.monotonic() < deadline, "shard 0 never finished"
            time.sleep(0.02)
        assert child.poll() is None, "run finished before it could be killed mid-shard"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    # What a reader sees after the crash: shard 0 whole, nothing of shard 1, no temporary files.
    assert sorted(p.name for p in out.iterdir()) == ["articles-00000.parquet", "events-00000.parquet",
                                                      "shard-00000.done"]


def _sql(sql: str) -> list[tuple]:
    import duckdb

    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def _events(out: Path) -> list[tuple[str, str, str]]:
    return _sql(f"SELECT event_id, article_id, record FROM read_parquet('{out}/events-*.parquet') ORDER BY event_id")


@pytest.mark.slow
def test_sigkill_during_run_then_rerun_gives_the_uninterrupted_output(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(N_ARTICLES):
        (corpus / f"{n:05d}.txt").write_text(_article(n), encoding="utf-8")
    killed_out, reference_out = tmp_path / "killed", tmp_path / "reference"

    reference = _run(corpus, reference_out, tmp_path / "reference.log")  # uninterrupted, in parallel
    try:
        _kill_after_first_shard(corpus, killed_out, tmp_path / "killed.log")
        rerun = _finish(_run(corpus, killed_out, tmp_path / "rerun.log"), tmp_path / "rerun.log")
        assert f"articles {N_ARTICLES - SHARD_ARTICLES}," in rerun and "shards already done 1" in rerun
        _finish(reference, tmp_path / "reference.log")
    finally:
        if reference.poll() is None:
            reference.kill()
            reference.wait()

    # Readers see whole shards only: every data file has its marker, no temporary files left.
    names = sorted(p.name for p in killed_out.iterdir())
    assert names == ["articles-00000.parquet", "articles-00001.parquet", "events-00000.parquet",
                     "events-00001.parquet", "shard-00000.done", "shard-00001.done"], names
    for shard, size in ((0, SHARD_ARTICLES), (1, N_ARTICLES - SHARD_ARTICLES)):
        assert json.loads((killed_out / f"shard-{shard:05d}.done").read_text())["articles"] == size
    # Every input article exactly once, shard by input order.
    rows = _sql(f"SELECT source_path, id, filename FROM read_parquet('{killed_out}/articles-*.parquet', filename=true)")
    by_source = {}
    for source, article_id, filename in rows:
        by_source.setdefault(Path(source).name, []).append((article_id, Path(filename).name))
    assert len(rows) == N_ARTICLES and sorted(by_source) == sorted(p.name for p in corpus.iterdir())
    for source, found in by_source.items():
        assert len(found) == 1, (source, found)
        assert found[0][1] == f"articles-{int(source[:5]) // SHARD_ARTICLES:05d}.parquet", (source, found)
    assert _sql(f"SELECT count(DISTINCT id) FROM read_parquet('{killed_out}/articles-*.parquet')") == [(N_ARTICLES,)]
    # Events: no duplicates, none without its article, identical to the uninterrupted run.
    events = _events(killed_out)
    assert events, "the generated articles should code to events"
    assert len({e[0] for e in events}) == len(events)
    assert _sql(f"SELECT count(*) FROM read_parquet('{killed_out}/events-*.parquet') e "
                f"ANTI JOIN read_parquet('{killed_out}/articles-*.parquet') a ON a.id = e.article_id") == [(0,)]
    assert events == _events(reference_out)
