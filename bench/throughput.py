"""Throughput of the full eventwire pipeline vs bare spaCy, 1 and 2 processes, and memory.

Generates a corpus of N articles (default 2,000) of 300-800 words by sampling sentences of
the bundled demo corpus (real news prose: names, places, dates, events), then, in one run:
- bare spaCy ``nlp.pipe`` with the same model (the physical floor of this design);
- eventwire's ``LocalEngine`` (all stages, events out) with the same process counts;
- peak RSS of this process after the first 1,000 and after all articles (1-process run).

Usage: python bench/throughput.py [--articles 2000] [--processes 1 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from datetime import datetime, timedelta

import spacy

from eventwire.demo import demo_articles
from eventwire.engines import LocalEngine
from eventwire.ingest import article_id
from eventwire.nlp import MODEL_NAME
from eventwire.schema import Article


def make_corpus(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    sentences = [s for a in demo_articles() for s in re.split(r"(?<=[.!?])\s+", a.text.replace("\n\n", " ")) if len(s) > 40]
    corpus = []
    for i in range(n):
        target = rng.randint(300, 800)
        body, words = [], 0
        while words < target:
            s = rng.choice(sentences)
            body.append(s)
            words += len(s.split())
        paragraphs = [" ".join(body[j:j + 3]) for j in range(0, len(body), 3)]
        text = "\n\n".join(paragraphs)
        title = f"Generated report {i}"
        published = datetime(2023, 1, 1) + timedelta(hours=rng.randint(0, 24 * 600))
        corpus.append(Article(id=article_id(title, text), title=title, text=text, published_at=published))
    return corpus


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-bare", action="store_true", help="only eventwire (e.g. for a long memory run)")
    args = parser.parse_args()
    corpus = make_corpus(args.articles, args.seed)
    words = sum(len(a.text.split()) for a in corpus)
    print(f"corpus: {len(corpus)} articles, {words:,} words ({words / len(corpus):.0f}/article)")
    bare = None if args.skip_bare else spacy.load(MODEL_NAME)
    results = {}
    for procs in args.processes:
        t0 = time.perf_counter()
        if not args.skip_bare:
            for _ in bare.pipe((a.text for a in corpus), batch_size=32, n_process=procs):
                pass
        results[("spacy", procs)] = time.perf_counter() - t0
        t0 = time.perf_counter()
        events = 0
        rss_1k = None
        for n, (_, result) in enumerate(LocalEngine(workers=procs).extract_many(corpus), start=1):
            events += len(result) if isinstance(result, list) else 0
            if n == 1000 and procs == 1:
                rss_1k = rss_mb()
            if n % 2000 == 0 and procs == 1:
                print(f"  after {n:,} articles: peak RSS {rss_mb():,.0f} MB", flush=True)
        results[("eventwire", procs)] = time.perf_counter() - t0
        ew, sp = results[("eventwire", procs)], results[("spacy", procs)]
        line = f"{procs} process(es): eventwire {len(corpus) / ew:6.1f} art/s {words / ew:8,.0f} words/s, {events} events"
        if not args.skip_bare:
            line = (f"{procs} process(es): bare spaCy {len(corpus) / sp:6.1f} art/s {words / sp:8,.0f} words/s | "
                    + line.split(": ", 1)[1] + f" | ratio eventwire/spaCy {sp / ew:.2f}")
        print(line)
        if procs == 1 and rss_1k is not None:
            print(f"peak RSS after 1,000 articles {rss_1k:,.0f} MB, after {len(corpus):,}: {rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
