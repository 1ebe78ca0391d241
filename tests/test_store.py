from __future__ import annotations

import duckdb
import pytest

from eventwire import EventStore, StoreError, parse_text_article
from eventwire.runner import ingest_paths

ARTICLE = """Germany pledges aid to Ukraine

2024-05-10 12:00:00

German Chancellor Olaf Scholz met Ukrainian President Volodymyr Zelensky in Berlin on Thursday, the chancellery said.
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingest_twice_stores_nothing_twice(tmp_path):
    src = _write(tmp_path, "a.txt", ARTICLE)
    db = tmp_path / "ev.duckdb"
    with EventStore(db) as store:
        first = ingest_paths(store, [src])
        counts = (store.count("articles"), store.count("events"), store.count("event_actors"))
    with EventStore(db) as store:
        second = ingest_paths(store, [src, src])
        assert (store.count("articles"), store.count("events"), store.count("event_actors")) == counts
    assert (first.ingested, first.duplicates) == (1, 0)
    assert first.events >= 1
    assert (second.ingested, second.duplicates) == (0, 2)


def test_stored_event_round_trips(tmp_path):
    db = tmp_path / "ev.duckdb"
    with EventStore(db) as store:
        ingest_paths(store, [_write(tmp_path, "a.txt", ARTICLE)])
        events = list(store.events(event_type="CONSULT"))
    assert len(events) == 1
    event = events[0]
    assert {a.name for a in event.source_actors} == {"Olaf Scholz"}
    assert {a.name for a in event.target_actors} == {"Volodymyr Zelensky"}
    assert event.location is not None and event.location.country == "DEU"
    assert event.date.isoformat() == "2024-05-09"


def test_bad_inputs_do_not_touch_what_is_stored(tmp_path):
    db = tmp_path / "ev.duckdb"
    with EventStore(db) as store:
        ingest_paths(store, [_write(tmp_path, "a.txt", ARTICLE)])
        before = store.count("events")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    other = _write(tmp_path, "b.txt", ARTICLE.replace("Berlin", "Kyiv").replace("Thursday", "Friday"))
    with EventStore(db) as store:
        summary = ingest_paths(store, [str(bad), other])
        assert store.count("articles") == 2
        assert store.count("events") > before
    assert summary.failed == [(str(bad), "binary file (contains NUL bytes), expected a UTF-8 text or HTML article")]
    assert summary.ingested == 1


def test_failed_write_rolls_back_the_whole_article(tmp_path, monkeypatch):
    db = tmp_path / "ev.duckdb"
    article = parse_text_article(ARTICLE, "a.txt")
    from eventwire import extract

    events = extract(article)
    with EventStore(db) as store:
        real_execute = store.con.execute

        def failing(sql, *args):
            if sql.startswith("INSERT INTO event_actors"):
                raise duckdb.ConstraintException("simulated failure")
            return real_execute(sql, *args)

        monkeypatch.setattr(store, "con", _Proxy(store.con, failing))
        with pytest.raises(StoreError, match="nothing of it was kept"):
            store.add(article, events)
        monkeypatch.undo()
        assert store.count("articles") == 0 and store.count("events") == 0


def test_not_a_database_file_gives_store_error(tmp_path):
    path = tmp_path / "not.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(StoreError, match="cannot open the event store"):
        EventStore(path)


class _Proxy:
    def __init__(self, con, execute):
        self._con = con
        self.execute = execute

    def __getattr__(self, name):
        return getattr(self._con, name)
