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
