"""The real HTTP server answers every read while articles are being posted, and loses no write.

A small run of ``bench/api_ingest_load.py``: ``eventwire serve`` in a subprocess on a free
loopback port, seeded with six demo articles through the API, then 200 ``GET /api/events``
(8 concurrent clients) while 10 generated articles are posted in batches of 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from api_ingest_load import run_load  # noqa: E402

READS, ARTICLES = 200, 10


@pytest.mark.slow
def test_reads_during_posted_ingest_have_no_errors_and_no_lost_writes(tmp_path):
    result = run_load(tmp_path, writer="api", articles=ARTICLES, batch=5, requests=READS, clients=8,
                      max_seconds=120, demo_files=6)
    reads, writes, check = result.reads, result.writes, result.check
    assert not reads.errors, (reads.errors, reads.samples)
    assert reads.sent == READS and len(reads.latencies) == READS
    assert reads.during_ingest > 0, "the reads should overlap the ingest"
    assert not writes.errors and not writes.failed, (writes.errors, writes.failed)
    assert writes.ingested + writes.duplicates == ARTICLES
    stored = (check["expected"], check["stored_once"], check["missing"], check["doubled"], check["orphan_rows"])
    assert stored == (ARTICLES, ARTICLES, 0, 0, 0), check
