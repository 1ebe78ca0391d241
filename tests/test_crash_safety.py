"""A SIGKILL in the middle of an ingest loses nothing stored and a rerun completes it exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from eventwire import EventStore
from eventwire.demo import corpus_dir, manifest

CHILD = """
import sys
from eventwire import EventStore
from eventwire.runner import ingest_paths
with EventStore(sys.argv[1]) as store:
    ingest_paths(store, [sys.argv[2]], on_article=lambda source: print("stored", source, flush=True))
"""


def _ingest(db, corpus):
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(corpus)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_stores_everything_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = [row["file"] for row in manifest()[:12]]
    for name in files:
        (corpus / name).write_bytes((corpus_dir() / name).read_bytes())
    db = tmp_path / "crash.duckdb"

    child = _ingest(db, corpus)
    for _ in range(4):  # let four articles commit, then kill without warning
        assert child.stdout.readline().startswith("stored")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    with EventStore(db) as store:  # the file opens (WAL replayed) and holds whole articles only
        partial = store.count("articles")
        assert 4 <= partial < 12
        orphans = store.con.execute("SELECT count(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id "
                                    "WHERE a.id IS NULL").fetchone()[0]
        assert orphans == 0

    rerun = _ingest(db, corpus)
    rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    with EventStore(db) as store:
        ids = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        assert len(ids) == len(set(ids)) == 12
        checks = {
            "events without article": "SELECT count(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL",
            "actors without event": "SELECT count(*) FROM event_actors x LEFT JOIN events e USING (event_id) WHERE e.event_id IS NULL",
            "reports without event": "SELECT count(*) FROM merged_event_reports r LEFT JOIN events e USING (event_id) WHERE e.event_id IS NULL",
            "events not merged": "SELECT count(*) FROM events e LEFT JOIN merged_event_reports r USING (event_id) WHERE r.event_id IS NULL",
            "reports of missing merged events": "SELECT count(*) FROM merged_event_reports r LEFT JOIN merged_events m ON m.id = r.merged_id WHERE m.id IS NULL",
        }
        for name, sql in checks.items():
            assert store.con.execute(sql).fetchone()[0] == 0, name
