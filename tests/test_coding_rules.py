"""Coding rules from the PLOVER manual and the location/coreference mechanisms, one sentence each."""

from __future__ import annotations

import pytest

from eventwire import extract
from eventwire.sources import article_from_record


def _events(text: str, nlp, published: str = "2023-06-20 10:00:00"):
    return extract(article_from_record({"title": "t", "text": text, "published_at": published}, "t"), nlp)


@pytest.mark.parametrize("text, event_type, source, target", [
    ("Russia said on Tuesday that Sudan must return a helicopter captured last week.", "REQUEST", "Russia", "Sudan"),
    ("Dutch Prime Minister Mark Rutte formally apologised on Monday for the Netherlands' role in slavery.",
     "CONCEDE", "Mark Rutte", None),
    ("France will withdraw its ambassador from Niger, President Emmanuel Macron said on Sunday.", "CONCEDE", "France", None),
    ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE", "Syria", None),
    ("NATO said on Wednesday it would tighten the naval blockade of Serbia.", "THREATEN", "NATO", "Serbia"),
    ("Burkina Faso announced on Sunday that it was leaving the bloc ECOWAS.", "SANCTION", "Burkina Faso", None),
    ("Nigerian troops rescued 17 kidnapped farmers from a bandit camp on Saturday.", "AID", None, None),
])
def test_plover_manual_rules(nlp, text, event_type, source, target):
    events = [e for e in _events(text, nlp) if e.event_type == event_type]
    assert events, [(e.event_type, e.trigger) for e in _events(text, nlp)]
    if source:
        assert source in [a.name for e in events for a in e.source_actors]
    if target:
        assert target in [a.name for e in events for a in e.target_actors]


def test_visit_destination_and_where_clause_give_the_location(nlp):
    events = _events("U.S. President Joe Biden made an unannounced visit to Kyiv, where he met Ukrainian President "
                     "Volodymyr Zelenskyy.", nlp)
    met = next(e for e in events if e.trigger == "met")
    assert met.location is not None and met.location.country == "UKR"
    assert [a.name for a in met.source_actors] == ["Joe Biden"]  # "he", not the city tagged as a person
    assert met.source_actors[0].text == "U.S. President Joe Biden"  # as this sentence names it (evidence view)
    later = _events("Biden travelled to Kyiv on Monday. There he met Volodymyr Zelenskyy.", nlp)
    assert [a.text for e in later if e.trigger == "met" for a in e.source_actors] == ["he"]


def test_things_arriving_are_not_visits(nlp):
    events = _events("A consignment of 600,000 vaccine doses donated by China arrived at the airport on Sunday.", nlp)
    assert "CONSULT" not in [e.event_type for e in events]
    assert "AID" in [e.event_type for e in events]


def test_bare_definite_description_refers_to_the_latest_country(nlp):
    doc = nlp("Niger's junta expelled the French ambassador. The country also suspended flights.")
    definite = next(m for m in doc._.mentions if m.text == "The country")
    assert [doc._.clusters[i].country for i in definite.clusters] == ["NER"]
