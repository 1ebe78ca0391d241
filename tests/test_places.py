from __future__ import annotations

import pytest

from eventwire import extract, parse_text_article
from eventwire.places import resolve_place


@pytest.mark.parametrize(
    ("name", "country", "basis"),
    [
        ("occupied West Bank", "PSE", "alias table"),
        ("the Gaza Strip", "PSE", "alias table"),
        ("occupied Palestinian territories", "PSE", "alias table"),
        ("Kurdistan Region", "IRQ", "alias table"),
        ("Donbas", "UKR", "alias table"),
        ("Lebanon", "LBN", "country"),
        ("Tehran", "IRN", "capital or seat of government"),
        ("the Kremlin", "RUS", "alias table"),
        ("Aleppo", "SYR", "city"),
    ],
)
def test_gazetteer_steps(name, country, basis):
    loc = resolve_place(name)
    assert (loc.country, loc.basis.split(",")[0]) == (country, basis)
    assert loc.lat is not None and loc.lon is not None


def test_ambiguous_city_is_decided_by_article_context_and_explained():
    default = resolve_place("London")
    assert default.country == "GBR"
    local = resolve_place("London", context={"CAN"})
    assert local.country == "CAN" and local.basis.startswith("city in an article country")
    assert resolve_place("Paris", context={"USA"}).country == "USA"
    assert resolve_place("Paris").country == "FRA"


def test_unknown_place_is_none_not_a_guess():
    assert resolve_place("Nowhereville-upon-Nothing") is None


def test_event_location_is_the_locative_of_the_event_not_any_place(nlp):
    text = ("Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Hamas officials in Doha on Monday "
            "to discuss the war in Gaza and the situation in the West Bank.")
    events = extract(parse_text_article(f"T\n\n2024-02-07 10:00:00\n\n{text}\n", "t.txt"), nlp)
    consult = next(e for e in events if e.event_type == "CONSULT")
    assert (consult.location.name, consult.location.country) == ("Doha", "QAT")


def test_dateline_is_the_fallback_location(nlp):
    text = "CAIRO (Wire) - Egypt's foreign minister met his Jordanian counterpart on Monday."
    events = extract(parse_text_article(f"T\n\n2024-02-07 10:00:00\n\n{text}\n", "t.txt"), nlp)
    consult = next(e for e in events if e.event_type == "CONSULT")
    assert consult.location.country == "EGY" and consult.location.basis.startswith("dateline")


def test_no_locative_and_no_dateline_means_no_location(seed_events):
    assert all(e.location is None for e in seed_events if e.event_type == "CONSULT")
