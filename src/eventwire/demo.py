"""The bundled demo corpus: short news articles the team wrote about real public events.

``corpus/manifest.jsonl`` gives each file's outlet and URL and the events a careful human
coder would code from it; tests and ``bench/score_demo.py`` score the coder against it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .ingest import RawInput, parse_article
from .schema import Article


def corpus_dir() -> Path:
    return Path(str(resources.files("eventwire").joinpath("demo", "corpus")))


def manifest() -> list[dict]:
    path = corpus_dir() / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def demo_articles() -> list[Article]:
    """Every demo article, parsed, with outlet and URL from the manifest."""
    articles = []
    for row in manifest():
        path = corpus_dir() / row["file"]
        article = parse_article(RawInput(str(path), path.read_bytes()), url=row.get("url"), outlet=row.get("outlet"))
        articles.append(article)
    return articles
