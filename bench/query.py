"""Query latency on a synthetic store of N events (default 1,000,000).

Bulk-loads synthetic articles, reports (events), actors and merged events (about three
reports per merged event, 300 actors, 40 outlets, 3 years) with DuckDB SQL, then times
through the public query API: the weekly series of one actor pair, the top-50 dyads of one
country, and one filtered page of 100 events. Each query is run 3 times; the median counts.

Usage: python bench/query.py [--events 1000000] [--db /tmp/eventwire-bench.duckdb]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from eventwire.query import dyads, query, timeseries
from eventwire.store import EventStore

TYPES = "['CONSULT','SUPPORT','AGREE','ACCUSE','ASSAULT','SANCTION','PROTEST','AID','REQUEST','REJECT','THREATEN','COERCE']"
COUNTRIES = "['USA','RUS','CHN','UKR','ISR','IRN','PSE','LBN','SYR','TUR','GBR','FRA','DEU','IND','PAK']"


def load(store: EventStore, n: int) -> float:
    con = store.con
    t0 = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""
        INSERT INTO articles (id, title, text, published_at, url, outlet, source_path, ingested_at)
        SELECT 'art_' || i, 'title ' || i, 'text', TIMESTAMP '2021-01-01' + to_days(CAST(i % 1095 AS INTEGER)),
               NULL, 'Outlet ' || (i % 40), NULL, now()
        FROM range({n // 2}) t(i)""")
    con.execute(f"""
        INSERT INTO events
        SELECT 'ev_' || i, 'art_' || (i % {n // 2}), {TYPES}[1 + i % 12], NULL, '04',
               DATE '2021-01-01' + CAST((i // 3) % 1095 AS INTEGER), 'day',
               {COUNTRIES}[1 + (i // 7) % 15], false, false, 0.7,
               '{{"evidence": {{"sentence": "synthetic sentence ' || i || ' about talks"}}}}'
        FROM range({n}) t(i)""")
    con.execute(f"""
        INSERT INTO event_actors
        SELECT 'ev_' || i, side, 0, 'ACT_' || a, 'Actor ' || a, {COUNTRIES}[1 + a % 15], 'GOV'
        FROM (SELECT i, 'source' AS side, (i * 7) % 300 AS a FROM range({n}) t(i)
              UNION ALL SELECT i, 'target', (i * 13 + 1) % 300 FROM range({n}) t(i))""")
    con.execute(f"""
        INSERT INTO merged_events
        SELECT 'mev_' || (i // 3), any_value({TYPES}[1 + i % 12]), false, false, min(DATE '2021-01-01' + CAST((i // 3) % 1095 AS INTEGER)),
               '[]', '[]', now()
        FROM range({n}) t(i) GROUP BY i // 3""")
    con.execute(f"INSERT INTO merged_event_reports SELECT 'mev_' || (i // 3), 'ev_' || i FROM range({n}) t(i)")
    con.execute("COMMIT")
    return time.perf_counter() - t0


def timed(fn) -> float:
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/eventwire-bench.duckdb")
    args = parser.parse_args()
    for suffix in ("", ".wal"):
        Path(args.db + suffix).unlink(missing_ok=True)
    with EventStore(args.db) as store:
        load_s = load(store, args.events)
        print(f"loaded {args.events:,} events ({store.count('articles'):,} articles) in {load_s:.1f} s")
        series = timed(lambda: timeseries(store, "week", pair=("ACT_7", "ACT_92")))
        top = timed(lambda: dyads(store, 50, country="IRN"))
        page = timed(lambda: query(store, event_type="CONSULT", country="UKR", since="2022-01-01",
                                   until="2022-12-31", limit=100, offset=100))
        print(f"actor-pair weekly series {series * 1000:.0f} ms; top-50 dyads for a country {top * 1000:.0f} ms; "
              f"filtered page of 100 events {page * 1000:.0f} ms (median of 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
