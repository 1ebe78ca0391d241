"""Throughput of the full extraction pipeline on the demo corpus (one process).

Reports words/s and articles/s for `extract_many` over the demo corpus repeated N times
(after a warm-up pass that loads the model and the KB).

Usage: python bench/throughput.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import time

from eventwire.demo import demo_articles
from eventwire.nlp import load_pipeline
from eventwire.pipeline import extract_many


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = demo_articles()
    t0 = time.perf_counter()
    nlp = load_pipeline()
    list(extract_many(articles[:2], nlp))
    load_s = time.perf_counter() - t0
    batch = articles * args.repeat
    words = sum(len(a.text.split()) for a in batch)
    t0 = time.perf_counter()
    events = sum(len(r) for _, r in extract_many(batch, nlp) if isinstance(r, list))
    elapsed = time.perf_counter() - t0
    print(f"load+warm-up {load_s:.1f}s; {len(batch)} articles, {words} words, {events} events in {elapsed:.2f}s")
    print(f"{words / elapsed:,.0f} words/s, {len(batch) / elapsed:.1f} articles/s (1 process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
