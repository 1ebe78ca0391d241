"""Property-based tests: any input gives a clear result or a clear error, never a crash."""

from __future__ import annotations

import io
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import IngestError
from eventwire.dates import resolve_date
from eventwire.ingest import RawInput, parse_text_article
from eventwire.places import resolve_place
from eventwire.sources import read_source

# Random Unicode including control characters, huge tokens and long single lines.
TEXT = st.text(st.characters(codec="utf-8"), max_size=3000) | st.builds(
    lambda t, n: t * n, st.text(min_size=1, max_size=20), st.integers(1, 5000))
SUFFIXES = st.sampled_from([".txt", ".html", ".jsonl", ".xml", ".warc", ".warc.gz", ".gz", ".parquet", ".atom", ""])
PUBLISHED = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_text_parser_returns_an_article_or_a_reason(text):
    try:
        article = parse_text_article(text, "prop.txt")
    except IngestError as exc:
        assert exc.source == "prop.txt" and exc.reason
    else:
        assert article.text.strip() and article.id.startswith("art_")


@SETTINGS
@given(st.binary(max_size=4000), SUFFIXES)
def test_every_reader_survives_arbitrary_bytes(data, suffix):
    for result in read_source(RawInput(f"prop{suffix}", data)):
        assert isinstance(result, IngestError) or result.text.strip()


@SETTINGS
@given(st.text(max_size=60), PUBLISHED | st.none())
def test_date_resolution_never_raises(text, published):
    resolved = resolve_date(text, published)
    assert resolved is None or resolved.precision in ("day", "week", "month", "year")


@SETTINGS
@given(st.sampled_from(["31 February", "February 30, 2023", "year 99999", "the 45th of May", "99/99/9999",
                        "Monday 31 June", "0000-00-00", "2023-13-45", "yesterday's tomorrow"]))
def test_bogus_dates_are_none_or_valid(text):
    resolved = resolve_date(text, datetime(2023, 9, 2, 12))
    assert resolved is None or 1 <= resolved.date.month <= 12


@SETTINGS
@given(st.text(max_size=80))
def test_place_resolution_never_raises(name):
    loc = resolve_place(name)
    assert loc is None or (loc.country is None or len(loc.country) == 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=1500))
def test_extraction_survives_arbitrary_text(nlp, text):
    from eventwire.pipeline import extract

    try:
        article = parse_text_article(text, "prop.txt")
    except IngestError:
        return
    for event in extract(article, nlp):
        assert article.text[event.evidence.start:event.evidence.end] == event.evidence.sentence
