"""The bundled demo corpus and `eventwire demo`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import EventStore
from eventwire.cli import app
from eventwire.demo import demo_articles, manifest

ROOT = Path(__file__).resolve().parents[1]
# Floors measured on the whole demo manifest (bench/score_demo.py, 65 articles: recall 0.60,
# date 0.835, source 0.68); lower them only on purpose.
DEMO_FLOORS = {"recall": 0.55, "date_accuracy": 0.8, "source_agreement": 0.62}


def test_corpus_is_big_enough_and_has_multi_outlet_stories():
    rows = manifest()
    assert len(rows) >= 30
    stories = Counter(r["story"] for r in rows)
    multi = [s for s, n in stories.items() if n >= 2]
    assert len(multi) >= 5
    for story in multi:
        outlets = {r["outlet"] for r in rows if r["story"] == story}
        assert len(outlets) >= 2, story


def test_every_demo_article_parses_with_outlet_and_timestamp():
    articles = demo_articles()
    assert len(articles) == len(manifest())
    assert all(a.published_at is not None and a.outlet and a.url for a in articles)
    assert len({a.id for a in articles}) == len(articles)


@pytest.mark.slow
def test_demo_command_builds_a_fresh_database(tmp_path):
    db = tmp_path / "demo.duckdb"
    db.write_text("stale file from an earlier run")  # replaced, not appended to
    result = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Events per type" in result.stdout and "Top actor pairs" in result.stdout
    with EventStore(db) as store:
        assert store.count("articles") == len(manifest())
        types = dict(store.counts_by_type())
    assert {"CONSULT", "SANCTION", "ASSAULT", "PROTEST", "AID"} <= set(types)


@pytest.mark.slow
def test_demo_scores_stay_above_floors():
    sys.path.insert(0, str(ROOT / "bench"))
    from score_demo import score

    report = score()["all"]
    for metric, floor in DEMO_FLOORS.items():
        assert report[metric] >= floor, (metric, report[metric])
