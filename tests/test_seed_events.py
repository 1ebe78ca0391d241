"""The founding article: two meetings, the second dated by 'On Thursday', the first attributed."""

from __future__ import annotations

from datetime import date

from eventwire import read_article


def _consults(events):
    return [e for e in events if e.event_type == "CONSULT"]


def _names(actors):
    return {a.name for a in actors}


def test_two_meetings_are_coded_as_consult(seed_events):
    consults = _consults(seed_events)
    assert len(consults) == 2
    first, second = consults
    assert _names(first.source_actors) == {"Hassan Nasrallah"}
    assert _names(first.target_actors) == {"Ziyad al-Nakhalah", "Saleh al-Arouri"}
    assert _names(second.source_actors) == {"Hossein Amir-Abdollahian"}
    assert _names(second.target_actors) == {"Ziyad al-Nakhalah", "Saleh al-Arouri"}


def test_nasrallah_is_hezbollah_lebanon_and_palestinian_leaders_are_pse(seed_events):
    first = _consults(seed_events)[0]
    nasrallah = first.source_actors[0]
    assert nasrallah.country == "LBN"
    assert nasrallah.organization == "Hezbollah"
    by_name = {a.name: a for a in first.target_actors}
    assert by_name["Ziyad al-Nakhalah"].country == "PSE"
    assert by_name["Ziyad al-Nakhalah"].organization == "Palestinian Islamic Jihad"
    assert by_name["Saleh al-Arouri"].country == "PSE"
    assert by_name["Saleh al-Arouri"].organization == "Hamas"
    second = _consults(seed_events)[1]
    assert second.source_actors[0].country == "IRN"
    assert second.source_actors[0].role == "Foreign Minister"


def test_first_meeting_is_reported_by_al_mayadeen_and_dated_to_publication(seed_events):
    first = _consults(seed_events)[0]
    assert [(a.source, a.kind) for a in first.attribution] == [("Al Mayadeen", "report")]
    assert first.date == date(2023, 9, 2)
    assert first.date_basis == "publication"
    assert first.date_text is None
    # The lead, the named sentence and "In their meeting, the three ... leaders" are one event.
    assert len(first.supporting_evidence) == 2


def test_thursday_meeting_is_dated_2023_08_31(seed_events):
    second = _consults(seed_events)[1]
    assert second.date == date(2023, 8, 31)
    assert second.date_precision == "day"
    assert second.date_text == "Thursday"
    assert second.date_basis == "text"
    assert second.evidence.sentence.startswith("On Thursday, Iranian Foreign Minister Hossein Amir-Abdollahian held")


def test_support_statements_carry_speaker_and_sentence(seed_events):
    supports = [e for e in seed_events if e.event_type == "SUPPORT"]
    assert supports, "statements of support should be coded"
    by_source = {e.source_actors[0].name: e for e in supports if e.source_actors}
    assert by_source["Iran"].attribution[0].source == "Hossein Amir-Abdollahian"
    assert by_source["Ali Khamenei"].attribution[0].kind == "citation"
    assert "lending support" in by_source["Iran"].evidence.sentence


def test_evidence_offsets_index_the_cleaned_text(seed_path, seed_events):
    text = read_article(seed_path).text
    for event in seed_events:
        for ev in [event.evidence, *event.supporting_evidence]:
            assert text[ev.start:ev.end] == ev.sentence


def test_event_ids_are_stable(seed_path, nlp, seed_events):
    from eventwire import extract

    again = extract(read_article(seed_path), nlp)
    assert [e.event_id for e in again] == [e.event_id for e in seed_events]


def test_seed_events_come_from_text_not_from_the_people_kb(seed_path):
    """Without any person in the KB, roles, organisations and countries still come out of
    the text (titles, appositions, coreference, event merging)."""
    from eventwire import extract
    from eventwire.kb import _load_yaml, KnowledgeBase
    from eventwire.nlp import build_pipeline

    kb = KnowledgeBase.from_rows(_load_yaml("countries.yaml"),
                                 _load_yaml("actors_organizations.yaml") + _load_yaml("actors_outlets.yaml"))
    events = extract(read_article(seed_path), build_pipeline(kb))
    first, second = _consults(events)
    nasrallah = first.source_actors[0]
    assert (nasrallah.name, nasrallah.country, nasrallah.organization) == ("Hassan Nasrallah", "LBN", "Hezbollah")
    assert nasrallah.actor_id.startswith("GEN_PER_")
    assert {(a.name, a.country) for a in first.target_actors} == {("Ziyad al-Nakhalah", "PSE"), ("Saleh al-Arouri", "PSE")}
    assert [a.source for a in first.attribution] == ["Al Mayadeen"]
    assert (second.source_actors[0].name, second.source_actors[0].country) == ("Hossein Amir-Abdollahian", "IRN")
    assert {a.name for a in second.target_actors} == {"Ziyad al-Nakhalah", "Saleh al-Arouri"}
    assert second.date == date(2023, 8, 31)
