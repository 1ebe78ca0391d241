"""Exact and near-duplicate articles are stored once as originals, copies linked."""

from __future__ import annotations

from eventwire import EventStore, parse_text_article
from eventwire.dedup import signature
from eventwire.runner import ingest_articles

WIRE = """Talks in Cairo

2024-03-04 10:00:00

Egyptian Foreign Minister Sameh Shoukry met his Jordanian counterpart Ayman Safadi in Cairo on Monday to discuss the war in Gaza and the delivery of humanitarian aid, the Egyptian foreign ministry said in a statement.

The two ministers called for an immediate ceasefire and warned against any military operation in the southern city of Rafah, where more than a million displaced Palestinians are sheltering.

Safadi said Jordan would keep working with Egypt and other Arab states to press for a lasting truce and a political settlement based on a two-state solution.

The ministers agreed to meet again before the Arab League summit later this spring.
"""


def _article(text, outlet):
    return parse_text_article(text, f"<{outlet}>", outlet=outlet)


def test_verbatim_copy_under_another_headline_is_an_exact_duplicate(tmp_path):
    original = _article(WIRE, "Wire")
    copy = _article(WIRE.replace("Talks in Cairo", "Egypt, Jordan FMs meet"), "Daily")
    with EventStore(tmp_path / "d.duckdb") as store:
        summary = ingest_articles(store, [original, copy])
        rows = store.con.execute("SELECT outlet, duplicate_of, duplicate_kind FROM articles ORDER BY outlet").fetchall()
        events_of_copy = store.con.execute("SELECT count(*) FROM events WHERE article_id = ?", [copy.id]).fetchone()[0]
    assert (summary.ingested, summary.duplicates) == (1, 1)
    assert rows == [("Daily", original.id, "exact"), ("Wire", None, None)]
    assert events_of_copy == 0


def test_lightly_edited_wire_copy_is_a_near_duplicate(tmp_path):
    edited = WIRE.replace("Talks in Cairo", "Jordan's Safadi in Cairo").replace(
        "The ministers agreed to meet again before the Arab League summit later this spring.\n", "").replace(
        "on Monday", "on Monday, March 4,")
    assert signature(WIRE).jaccard(signature(edited)) >= 0.7
    with EventStore(tmp_path / "d.duckdb") as store:
        ingest_articles(store, [_article(WIRE, "Wire")])
    with EventStore(tmp_path / "d.duckdb") as store:  # the index is rebuilt from the store
        summary = ingest_articles(store, [_article(edited, "Gazette")])
        kind = store.con.execute("SELECT duplicate_kind FROM articles WHERE outlet = 'Gazette'").fetchone()[0]
    assert (summary.ingested, summary.duplicates, kind) == (0, 1, "near")


def test_different_reports_of_one_event_are_not_duplicates(tmp_path):
    from eventwire.demo import demo_articles, manifest

    rows = manifest()
    by_story: dict[str, list] = {}
    for row, article in zip(rows, demo_articles()):
        by_story.setdefault(row["story"], []).append(article)
    pairs = [(a, b) for arts in by_story.values() if len(arts) > 1 for a in arts for b in arts if a.id < b.id]
    assert pairs
    assert max(signature(a.text).jaccard(signature(b.text)) for a, b in pairs) < 0.7


def test_non_english_article_is_stored_not_coded(tmp_path):
    french = parse_text_article(
        "Rencontre au Caire\n\n2024-03-04 10:00:00\n\nLe ministre égyptien des Affaires étrangères a rencontré "
        "lundi au Caire son homologue jordanien pour discuter de la guerre à Gaza et de l'aide humanitaire.\n", "<fr>")
    with EventStore(tmp_path / "d.duckdb") as store:
        summary = ingest_articles(store, [french])
        row = store.con.execute("SELECT language, skipped_reason FROM articles").fetchone()
    assert (summary.ingested, summary.skipped, summary.events) == (0, 1, 0)
    assert row[0] == "fr" and row[1].startswith("language 'fr' is not supported")
