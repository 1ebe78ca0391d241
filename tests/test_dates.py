from __future__ import annotations

from datetime import date, datetime

import pytest

from eventwire.dates import resolve_date

PUB = datetime(2023, 9, 2, 21, 42, 35)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Thursday", date(2023, 8, 31), "day"),
        ("On Thursday", date(2023, 8, 31), "day"),
        ("yesterday", date(2023, 9, 1), "day"),
        ("two days ago", date(2023, 8, 31), "day"),
        ("August 29", date(2023, 8, 29), "day"),
        ("March 3", date(2023, 3, 3), "day"),
        ("in March", date(2023, 3, 1), "month"),
        ("earlier this month", date(2023, 9, 1), "month"),
        ("last month", date(2023, 8, 1), "month"),
        ("last year", date(2022, 1, 1), "year"),
        ("2021", date(2021, 1, 1), "year"),
        ("15 May 2021", date(2021, 5, 15), "day"),
        ("last week", date(2023, 8, 21), "week"),
    ],
)
def test_relative_and_absolute_dates_resolve_against_publication(text, expected, precision):
    resolved = resolve_date(text, PUB)
    assert resolved is not None
    assert (resolved.date, resolved.precision) == (expected, precision)
    assert resolved.text == text


@pytest.mark.parametrize("text", ["recent years", "decades", "the past", "daily", "the 1990s era"])
def test_vague_expressions_are_not_dates(text):
    assert resolve_date(text, PUB) is None


def test_relative_date_without_publication_time_is_not_guessed():
    assert resolve_date("Thursday", None) is None
    assert resolve_date("15 May 2021", None).date == date(2021, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Saturday", date(2023, 9, 2)),  # the publication day itself
        ("early on Saturday", date(2023, 9, 2)),
        ("last Saturday", date(2023, 8, 26)),
        ("Friday night", date(2023, 9, 1)),
        ("last Friday", date(2023, 9, 1)),
        ("Sunday", date(2023, 8, 27)),
        ("next Monday", date(2023, 9, 4)),
        ("today", date(2023, 9, 2)),
    ],
)
def test_weekdays_follow_news_usage(text, expected):
    resolved = resolve_date(text, PUB)
    assert (resolved.date, resolved.precision) == (expected, "day")


def test_ranges_keep_first_and_last_day():
    resolved = resolve_date("January 11 and 12", datetime(2024, 1, 4, 9))
    assert (resolved.date, resolved.end, resolved.precision) == (date(2024, 1, 11), date(2024, 1, 12), "day")
    assert resolve_date("3-5 March 2023", PUB).end == date(2023, 3, 5)


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("November 11", datetime(2005, 11, 5), date(2005, 11, 11), "day"),  # near future beats last year
        ("October 25", datetime(2007, 10, 15), date(2007, 10, 25), "day"),
        ("next month", datetime(2011, 8, 8), date(2011, 9, 1), "month"),
        ("next year", datetime(2008, 12, 12), date(2009, 1, 1), "year"),
        ("last September", datetime(2009, 10, 12), date(2009, 9, 1), "month"),
        ("the end of last year", datetime(2009, 2, 18), date(2008, 1, 1), "year"),
        ("a week ago", datetime(2011, 3, 18), date(2011, 3, 11), "day"),
    ],
)
def test_yearless_and_period_expressions(text, published, expected, precision):
    resolved = resolve_date(text, published)
    assert (resolved.date, resolved.precision) == (expected, precision)


def test_impossible_publication_time_is_reported(tmp_path):
    from eventwire import IngestError, read_article

    path = tmp_path / "future.txt"
    path.write_text("Headline\n\n2999-01-01 00:00:00\n\nThe minister met his counterpart on Monday.\n")
    with pytest.raises(IngestError, match="impossible publication time 2999-01-01T00:00:00"):
        read_article(path)
