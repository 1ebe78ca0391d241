"""Cross-article merging, queries, aggregates, exports and shard import on a real database."""

from __future__ import annotations

import json

import pytest

from eventwire import EventStore, StoreError
from eventwire.demo import demo_articles, manifest
from eventwire.export import export, import_shards
from eventwire.query import dyads, query, timeseries, top_actors, week_changes
from eventwire.runner import ingest_articles

# The first ten demo articles: Biden in Kyiv told by three outlets (001-003), Saudi-Iran (004-005), ...
ARTICLES = demo_articles()[:10]


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    db = tmp_path_factory.mktemp("q") / "q.duckdb"
    with EventStore(db) as s:
        ingest_articles(s, ARTICLES)
    s = EventStore(db)
    yield s
    s.close()


def test_three_outlets_reporting_one_visit_make_one_event(store):
    df = query(store, pair=("PER_JOE_BIDEN", "PER_VOLODYMYR_ZELENSKY"), event_type="CONSULT")
    assert len(df) == 1
    row = df.iloc[0]
    outlets = {r["outlet"] for r in manifest()[:3]}
    assert row["n_outlets"] == 3 and set(row["outlets"]) == outlets
    assert row["n_reports"] >= 3
    assert str(row["date"])[:10] == "2023-02-20"


def test_contradicting_dates_are_kept_not_averaged(store):
    row = query(store, pair=("PER_JOE_BIDEN", "PER_VOLODYMYR_ZELENSKY"), event_type="CONSULT").iloc[0]
    assert row["n_dates"] >= 1 and row["date_min"] <= row["date"] <= row["date_max"]


def test_filters_by_name_id_text_country_dates_and_outlets(store):
    by_name = query(store, actor="Joe Biden")
    by_id = query(store, actor="PER_JOE_BIDEN")
    assert len(by_name) == len(by_id) > 0
    assert (query(store, text="Kyiv", min_outlets=2)["n_outlets"] >= 2).all()
    in_range = query(store, since="2023-03-01", until="2023-03-31", limit=None)
    assert len(in_range) > 0 and all("2023-03" in str(d) for d in in_range["date"])
    assert len(query(store, country="IRN")) > 0
    assert len(query(store, outlet=manifest()[0]["outlet"])) > 0
    with pytest.raises(StoreError, match="unknown filter"):
        query(store, colour="red")


def test_aggregates(store):
    series = timeseries(store, "month")
    assert {"period", "event_type", "events"} <= set(series.columns) and series["events"].sum() > 0
    assert len(dyads(store, 5)) == 5
    assert top_actors(store, 3).iloc[0]["events"] >= top_actors(store, 3).iloc[-1]["events"]
    assert set(week_changes(store).columns) == {"event_type", "this_week", "last_week", "change"}


def test_exports(store, tmp_path):
    n = export(store, "jsonl", tmp_path / "e.jsonl")
    lines = [json.loads(l) for l in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(lines) == n and all(l["reports"] and l["reports"][0]["evidence"]["sentence"] for l in lines)
    export(store, "csv", tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text().startswith("id,event_type,date")
    export(store, "gdelt", tmp_path / "e.tsv")
    header = (tmp_path / "e.tsv").read_text().splitlines()[0].split("\t")
    assert header[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"] and "EventRootCode" in header
    assert export(store, "parquet", tmp_path / "pq") == n
    assert any(p.name.startswith("month=2023-02") for p in (tmp_path / "pq").iterdir())
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, "xml", tmp_path / "e.xml")


def test_shards_import_back_into_a_database(tmp_path):
    from eventwire.engines import LocalEngine
    from eventwire.shards import write_shards

    written = write_shards(iter(ARTICLES[:4]), tmp_path / "shards", LocalEngine(workers=1).extract_many)
    with EventStore(tmp_path / "imported.duckdb") as s:
        articles, events = import_shards(s, tmp_path / "shards")
        assert (articles, events) == (4, written.events)
        assert s.con.execute("SELECT count(*) FROM merged_events").fetchone()[0] > 0
        assert import_shards(s, tmp_path / "shards") == (0, 0)  # nothing twice


def test_actors_and_outlets_tables_are_filled(store):
    n_outlets = store.con.execute("SELECT count(*) FROM outlets").fetchone()[0]
    assert n_outlets == len({r["outlet"] for r in manifest()[:10]})
    biden = store.con.execute("SELECT name, country FROM actors WHERE actor_id = 'PER_JOE_BIDEN'").fetchone()
    assert biden == ("Joe Biden", "USA")
