"""The seed's mechanisms on articles the code has never seen (written for these tests)."""

from __future__ import annotations

from datetime import date

from eventwire import parse_text_article
from eventwire import extract

MEETING = """Turkish and Egyptian ministers hold talks

2024-02-16 09:30:00

The foreign minister of Turkey met his Egyptian counterpart in Cairo.

Turkish Foreign Minister Hakan Fidan met Egyptian Foreign Minister Sameh Shoukry and the Secretary-General of the Arab League Ahmed Aboul Gheit.

In their meeting, the three officials discussed the war in Gaza, Anadolu Agency reported.

On Tuesday, Qatari Prime Minister Mohammed bin Abdulrahman Al Thani held talks with the two Egyptian and Arab League officials.
"""

SANCTIONS = """EU adds names to sanctions list

2024-06-24 15:00:00

The European Union imposed sanctions on Russian officials on Monday, according to a statement from the Council.

Hungary did not block the decision, diplomats said.
"""


def test_same_mechanisms_work_on_an_unseen_meeting_report(nlp):
    events = extract(parse_text_article(MEETING, "meeting.txt"), nlp)
    consults = [e for e in events if e.event_type == "CONSULT"]
    first = consults[0]
    assert {a.name for a in first.source_actors} == {"Hakan Fidan"}
    assert {a.name for a in first.target_actors} == {"Sameh Shoukry", "Ahmed Aboul Gheit"}
    assert first.source_actors[0].country == "TUR"
    assert [a.source for a in first.attribution] == ["Anadolu Agency"]
    tuesday = [e for e in consults if e.date_text == "Tuesday"]
    assert tuesday and tuesday[0].date == date(2024, 2, 13)
    assert {a.name for a in tuesday[0].source_actors} == {"Mohammed bin Abdulrahman Al Thani"}


def test_sanctions_with_according_to_attribution(nlp):
    events = extract(parse_text_article(SANCTIONS, "eu.txt"), nlp)
    sanction = next(e for e in events if e.event_type == "SANCTION")
    assert sanction.source_actors[0].name == "European Union"
    assert sanction.target_actors[0].country == "RUS"
    assert sanction.date == date(2024, 6, 24)
    assert sanction.attribution and sanction.attribution[0].kind == "citation"
