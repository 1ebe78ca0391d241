from __future__ import annotations

import bz2
import gzip
import json
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventwire.errors import EventwireError
from eventwire.kb import KnowledgeBase, _load_yaml, validate_rows
from eventwire.wikidata import ImportSummary, _dump_row, _office_title, import_wikidata

# -- building realistic dump entities -------------------------------------------------------------


def _time(day: str, precision: int = 11) -> dict[str, Any]:
    return {"time": f"+{day}T00:00:00Z", "timezone": 0, "before": 0, "after": 0, "precision": precision,
            "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}


def _snak(prop: str, value: Any, snaktype: str = "value") -> dict[str, Any]:
    if snaktype != "value":
        return {"snaktype": snaktype, "property": prop}
    if isinstance(value, str) and value.startswith("Q"):
        datavalue = {"value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
                     "type": "wikibase-entityid"}
    elif isinstance(value, str):
        datavalue = {"value": value, "type": "string"}
    else:
        datavalue = {"value": value, "type": "time"}
    return {"snaktype": "value", "property": prop, "datavalue": datavalue}


def _claim(prop: str, value: Any, *, start: dict | None = None, end: dict | str | None = None,
           rank: str = "normal") -> dict[str, Any]:
    qualifiers: dict[str, list] = {}
    if start is not None:
        qualifiers["P580"] = [_snak("P580", start)]
    if end == "somevalue":
        qualifiers["P582"] = [_snak("P582", None, "somevalue")]
    elif end is not None:
        qualifiers["P582"] = [_snak("P582", end)]
    claim = {"mainsnak": _snak(prop, value), "type": "statement", "id": f"Q1${prop}", "rank": rank}
    if qualifiers:
        claim["qualifiers"] = qualifiers
        claim["qualifiers-order"] = list(qualifiers)
    return claim


def _item(qid: str, label: str | None, *claims: dict, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    grouped: dict[str, list] = {}
    for claim in claims:
        grouped.setdefault(claim["mainsnak"]["property"], []).append(claim)
    return {
        "type": "item", "id": qid,
        "labels": {"en": {"language": "en", "value": label}, "fr": {"language": "fr", "value": f"{label} (fr)"}}
        if label else {"fa": {"language": "fa", "value": "نام"}},
        "descriptions": {"en": {"language": "en", "value": "test entity"}},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]},
        "claims": grouped, "sitelinks": {},
    }


IRAN, USA, RUSSIA, USSR = "Q794", "Q30", "Q159", "Q15180"
FM_IRAN, DEPUTY_FM_IRAN, POTUS = "Q3409003", "Q1000001", "Q11696"

ENTITIES = [
    _item(IRAN, "Iran", _claim("P31", "Q6256"), _claim("P298", "IRN")),
    _item(USA, "United States of America", _claim("P31", "Q6256"), _claim("P298", "USA")),
    # a position listed before its holder: resolved by the second pass
    _item(POTUS, "President of the United States", _claim("P31", "Q4164871"), _claim("P17", USA)),
    _item("Q5927436", "Hossein Amir-Abdollahian",
          _claim("P31", "Q5"), _claim("P27", IRAN),
          _claim("P39", FM_IRAN, start=_time("2021-08-25"), end=_time("2024-05-19")),
          _claim("P39", DEPUTY_FM_IRAN, start=_time("2011-07-00", 10), end=_time("2016-00-00", 9)),
          _claim("P39", FM_IRAN, start=_time("2020-01-01"), end=_time("2019-01-01")),  # end < start: dropped
          _claim("P570", _time("2024-05-19")),
          aliases=("Amir-Abdollahian", "Hossein Amir Abdollahian", "amir-abdollahian", "Hossein Amir-Abdollahian")),
    _item("Q6279", "Joe Biden",
          _claim("P31", "Q5"), _claim("P27", USA),
          _claim("P39", POTUS, start=_time("2021-01-20")),
          _claim("P39", "Q11699", start=_time("2009-01-20"), end=_time("2017-01-20")),  # not in the dump
          aliases=("Biden",)),
    _item("Q1001", "Ivan Sovietsky",  # citizenship: the most recent mapped one wins
          _claim("P31", "Q5"),
          _claim("P27", USSR, start=_time("1922-12-30"), end=_time("1991-12-26")),
          _claim("P27", RUSSIA, start=_time("1991-12-26")),
          _claim("P39", "Q1002", start=_time("1985-03-11", 11), end="somevalue"),  # ended, date unknown: dropped
          _claim("P39", "Q1002", start=_time("1995-00-00", 9))),
    _item(RUSSIA, "Russia", _claim("P31", "Q6256"), _claim("P298", "RUS")),
    _item(USSR, "Soviet Union", _claim("P31", "Q6256"), _claim("P298", "SUN")),  # not in countries.yaml
    _item("Q1002", "Governor of Tula Oblast", _claim("P31", "Q4164871"), _claim("P17", RUSSIA)),
    _item("Q42", "Douglas Adams", _claim("P31", "Q5"), _claim("P27", "Q145")),  # no position: skipped
    _item("Q1003", None, _claim("P31", "Q5"), _claim("P39", FM_IRAN)),  # no English label: skipped
    _item("Q29552", "Democratic Party", _claim("P31", "Q7278"), _claim("P17", USA), aliases=("Democrats",)),
    _item("Q1053468", "Islamic Republic News Agency", _claim("P31", "Q192283"), _claim("P17", IRAN),
          aliases=("IRNA",)),
    _item("Q41053", "Hezbollah", _claim("P31", "Q7278"), _claim("P31", "Q17127659"), _claim("P17", "Q822"),
          aliases=("Hizbollah", "Party of God")),
    _item("Q7184", "NATO", _claim("P31", "Q245065"), aliases=("North Atlantic Treaty Organization",)),
    # positions listed after their holders: resolved in the first pass
    _item(FM_IRAN, "Minister of Foreign Affairs of Iran", _claim("P31", "Q4164871"), _claim("P17", IRAN)),
    _item(DEPUTY_FM_IRAN, "Deputy Minister of Foreign Affairs", _claim("P31", "Q4164871"), _claim("P1001", IRAN)),
    {"type": "property", "id": "P39", "labels": {"en": {"language": "en", "value": "position held"}}, "claims": {}},
]

EXPECTED = [
    {"actor_id": "WD_Q5927436", "kind": "person", "name": "Hossein Amir-Abdollahian",
     "aliases": ["Amir-Abdollahian"], "actor_type": "GOV", "country": "IRN",
     "roles": [
         {"title": "Deputy Minister of Foreign Affairs", "organization": None, "country": "IRN",
          "start": date(2011, 7, 1), "end": date(2016, 1, 1)},
         {"title": "Foreign Minister", "organization": None, "country": "IRN",
          "start": date(2021, 8, 25), "end": date(2024, 5, 19)},
     ], "wikidata": "Q5927436"},
    {"actor_id": "WD_Q6279", "kind": "person", "name": "Joe Biden", "aliases": ["Biden"], "actor_type": "GOV",
     "country": "USA", "roles": [
         {"title": "Q11699", "organization": None, "country": None, "start": date(2009, 1, 20), "end": date(2017, 1, 20)},
         {"title": "President", "organization": None, "country": "USA", "start": date(2021, 1, 20), "end": None},
     ], "wikidata": "Q6279"},
    {"actor_id": "WD_Q1001", "kind": "person", "name": "Ivan Sovietsky", "aliases": [], "actor_type": "GOV",
     "country": "RUS", "roles": [
         {"title": "Governor of Tula Oblast", "organization": None, "country": "RUS", "start": date(1995, 1, 1),
          "end": None},
     ], "wikidata": "Q1001"},
    {"actor_id": "WD_Q29552", "kind": "organization", "name": "Democratic Party", "aliases": ["Democrats"],
     "actor_type": "PTY", "country": "USA", "roles": [], "wikidata": "Q29552"},
    {"actor_id": "WD_Q1053468", "kind": "outlet", "name": "Islamic Republic News Agency", "aliases": ["IRNA"],
     "actor_type": "MED", "country": "IRN", "roles": [], "wikidata": "Q1053468"},
    {"actor_id": "WD_Q41053", "kind": "organization", "name": "Hezbollah", "aliases": ["Hizbollah", "Party of God"],
     "actor_type": "REB", "country": None, "roles": [], "wikidata": "Q41053"},  # Lebanon (Q822) is not in the dump
    {"actor_id": "WD_Q7184", "kind": "organization", "name": "NATO", "aliases": ["North Atlantic Treaty Organization"],
     "actor_type": "IGO", "country": None, "roles": [], "wikidata": "Q7184"},
]


def _write_dump(path: Path, entities: list[dict], *, array: bool = True) -> Path:
    """The official layout ("[", one compact entity per line ending in ",", "]") or JSON Lines."""
    separators = (",", ":") if array else (", ", ": ")
    lines = [json.dumps(e, ensure_ascii=False, separators=separators) for e in entities]
    text = ("[\n" + ",\n".join(lines) + "\n]\n") if array else "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    if path.suffix == ".bz2":
        data = bz2.compress(data)
    elif path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def _rows(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- tests ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "array"), [("dump.json.bz2", True), ("dump.json.gz", False), ("dump.json", True)])
def test_import_writes_people_and_organisations(tmp_path, name, array):
    dump = _write_dump(tmp_path / name, ENTITIES, array=array)
    out = tmp_path / "actors_wikidata.yaml"
    summary = import_wikidata(dump, out)
    assert _rows(out) == EXPECTED
    assert summary == ImportSummary(lines_read=len(ENTITIES), people=3, organizations=4, skipped=len(ENTITIES) - 7)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Actors imported from the Wikidata dump")
    assert "- {actor_id: WD_Q5927436, kind: person, name: Hossein Amir-Abdollahian," in text
    assert not (tmp_path / "actors_wikidata.yaml.tmp").exists()


def test_imported_rows_validate_and_answer_holder_queries(tmp_path):
    out = tmp_path / "actors.yaml"
    import_wikidata(_write_dump(tmp_path / "dump.json.bz2", ENTITIES), out)
    countries, rows = _load_yaml("countries.yaml"), _rows(out)
    assert validate_rows(countries, rows) == []
    kb = KnowledgeBase.from_rows(countries, rows)
    assert [a.name for a in kb.holders("Foreign Minister", "IRN", date(2023, 9, 2))] == ["Hossein Amir-Abdollahian"]
    assert kb.holders("Foreign Minister", "IRN", date(2024, 6, 1)) == []
    assert [a.name for a in kb.holders("President", "USA", date(2024, 1, 1))] == ["Joe Biden"]
    assert kb.lookup("IRNA")[0].kind == "outlet"


def test_entities_need_not_start_with_their_id(tmp_path):
    """JSON Lines from other tools may order keys differently: those lines are parsed in both passes."""
    reordered = [dict(reversed(list(e.items()))) for e in ENTITIES]
    out = tmp_path / "actors.yaml"
    import_wikidata(_write_dump(tmp_path / "dump.jsonl", reordered, array=False), out)
    assert _rows(out) == EXPECTED


@pytest.mark.parametrize("name", [
    "Jean-Yves Le Drian", "O'Brien", "José Manuel Albares", "Yes", "null", "2004", "Fatah: Central Committee",
    "#hashtag", "a, b", "[x]", "Mohammad Javad Zarif (born 1960)", "- dash", "emoji 😀", "Ahmed \"Abu\" Ali",
    "Back\\slash", "محمد جواد ظریف", "&anchor", "*alias", "!tag", "%pct", "@at", "`tick", "x y.", "Dr. No",
])
def test_rows_are_written_exactly_as_yaml_safe_dump(name):
    row = {"actor_id": "WD_Q1", "kind": "person", "name": name, "aliases": [name, "Z"], "actor_type": "GOV",
           "country": None, "roles": [{"title": name, "organization": None, "country": "IRN",
                                       "start": date(2004, 3, 9), "end": None}], "wikidata": "Q1"}
    expected = yaml.safe_dump(row, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**9)
    assert _dump_row(row) == "- " + expected
    assert yaml.safe_load(_dump_row(row)) == [row]


def test_merge_keeps_other_rows_and_replaces_same_ids(tmp_path):
    out = tmp_path / "actors.yaml"
    out.write_text(
        "# hand-written\n"
        "- {actor_id: PER_X, kind: person, name: X Y, aliases: [], actor_type: GOV, country: IRN, roles: []}\n"
        "- {actor_id: WD_Q6279, kind: person, name: Old Biden, aliases: [], actor_type: GOV, country: USA, roles: []}\n",
        encoding="utf-8")
    summary = import_wikidata(_write_dump(tmp_path / "dump.json", ENTITIES), out)
    assert (summary.replaced, summary.kept_existing) == (1, 1)
    assert "1 existing rows kept, 1 replaced" in summary.line()
    rows = _rows(out)
    assert [r["actor_id"] for r in rows] == ["PER_X", *(r["actor_id"] for r in EXPECTED)]
    assert rows[1:] == EXPECTED
    assert out.read_text(encoding="utf-8").startswith("# hand-written\n")
    # importing again is idempotent: every WD_ row is replaced, nothing is duplicated
    again = import_wikidata(tmp_path / "dump.json", out)
    assert (again.replaced, again.kept_existing) == (7, 1)
    assert _rows(out) == rows


def test_bad_line_is_reported_with_its_number_and_skipped(tmp_path):
    dump = _write_dump(tmp_path / "dump.json", ENTITIES)
    lines = dump.read_text(encoding="utf-8").splitlines()
    lines.insert(3, '{"type":"item","id":"Q999","labels":{"en":')  # line 4: cut off
    lines.insert(5, "this is not json,")  # line 6
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "actors.yaml"
    summary = import_wikidata(dump, out)
    assert [n for n, _ in summary.bad_lines] == [4, 6]
    assert summary.bad_line_count == 2
    assert "dump.json line 6: not a JSON object" in summary.bad_lines[1][1]
    assert _rows(out) == EXPECTED
    assert summary.people + summary.organizations + summary.skipped + summary.bad_line_count == summary.lines_read


def test_broken_dump_raises_and_leaves_output_untouched(tmp_path):
    out = tmp_path / "actors.yaml"
    import_wikidata(_write_dump(tmp_path / "good.json.bz2", ENTITIES), out)
    before = out.read_bytes()
    data = bz2.compress(("[\n" + ",\n".join(json.dumps(e) for e in ENTITIES * 20) + "\n]\n").encode())
    truncated = tmp_path / "truncated.json.bz2"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(EventwireError, match=r"truncated\.json\.bz2: the compressed data is broken at line \d+"):
        import_wikidata(truncated, out)
    fake = tmp_path / "fake.json.bz2"
    fake.write_text("[\n]\n")
    with pytest.raises(EventwireError, match=r"fake\.json\.bz2: named \.bz2 but is not bzip2-compressed"):
        import_wikidata(fake, out)
    with pytest.raises(EventwireError, match=r"missing\.json\.gz: no such file"):
        import_wikidata(tmp_path / "missing.json.gz", out)
    garbage = tmp_path / "notes.json"
    garbage.write_text("hello\nworld\n")
    with pytest.raises(EventwireError, match=r"notes\.json: no line is a Wikidata entity"):
        import_wikidata(garbage, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actors.yaml", "fake.json.bz2", "good.json.bz2", "notes.json", "truncated.json.bz2"]


def test_output_that_is_not_one_row_per_line_is_not_merged(tmp_path):
    out = tmp_path / "actors.yaml"
    out.write_text("- actor_id: X\n  name: X\n", encoding="utf-8")
    with pytest.raises(EventwireError, match=r"actors\.yaml line 1: cannot merge"):
        import_wikidata(_write_dump(tmp_path / "dump.json", ENTITIES), out)
    assert out.read_text(encoding="utf-8") == "- actor_id: X\n  name: X\n"


def test_progress_and_limit(tmp_path):
    dump = _write_dump(tmp_path / "dump.json.gz", ENTITIES * 100)
    calls: list[tuple[int, int]] = []
    summary = import_wikidata(dump, tmp_path / "a.yaml", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2 * dump.stat().st_size,) * 2
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert summary.lines_read == len(ENTITIES) * 100
    limited = import_wikidata(dump, tmp_path / "b.yaml", limit=5)
    assert (limited.lines_read, limited.people) == (5, 2)
    # the first five entities hold no Minister of Foreign Affairs entity: its QID stands in for the title
    assert [r["title"] for r in _rows(tmp_path / "b.yaml")[0]["roles"]] == [DEPUTY_FM_IRAN, FM_IRAN]


@pytest.mark.parametrize(("label", "expected"), [
    ("Minister of Foreign Affairs of Iran", ("Foreign Minister", "IRN")),
    ("Foreign Minister of the Islamic Republic of Iran", ("Foreign Minister", "IRN")),
    ("Minister of Defence (United Kingdom)", ("Defence Minister", "GBR")),
    ("Secretary of State for Foreign and Commonwealth Affairs", ("Foreign Minister", None)),
    ("President of the French Republic", ("President", "FRA")),
    ("Prime Minister of Israel", ("Prime Minister", "ISR")),
    ("United States Secretary of State", ("Secretary of State", "USA")),
    ("Iranian Minister of Defense", ("Defence Minister", "IRN")),
    ("Deputy Prime Minister of Israel", ("Deputy Prime Minister", "ISR")),
    ("President of the European Commission", ("President of the European Commission", None)),
    ("Jordan River Commissioner", ("Jordan River Commissioner", None)),
])
def test_office_titles_map_to_kb_titles(label, expected):
    assert _office_title(label) == expected


def _big_dump(path: Path, entities: int) -> Path:
    """Countries and positions, then ``entities`` items: one in twenty a foreign minister (~2 kB), the rest paintings."""
    person = json.dumps(ENTITIES[3], ensure_ascii=False)
    other = json.dumps(_item("Q0", "Some Painting", _claim("P31", "Q3305213"), _claim("P17", IRAN),
                             _claim("P170", "Q5598"), aliases=("a painting", "the painting")))
    lines = [json.dumps(e) for e in ENTITIES[:2] + ENTITIES[-3:-1]]
    for n in range(entities):
        if n % 20 == 0:
            lines.append(person.replace('"Q5927436"', f'"Q{10_000_000 + n}"'))
        else:
            lines.append(other.replace('"Q0"', f'"Q{20_000_000 + n}"'))
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    return path


def _traced_peak(dump: Path, out: Path) -> tuple[ImportSummary, int]:
    tracemalloc.start()
    try:
        summary = import_wikidata(dump, out)
        return summary, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_dump(tmp_path):
    """Ten times more entities (and rows) must not raise the peak: rows are streamed, never collected."""
    import_wikidata(_write_dump(tmp_path / "warm.json", ENTITIES), tmp_path / "warm.yaml")  # loads countries.yaml
    small, small_peak = _traced_peak(_big_dump(tmp_path / "small.json", 2_000), tmp_path / "small.yaml")
    big, big_peak = _traced_peak(_big_dump(tmp_path / "big.json", 20_000), tmp_path / "big.yaml")
    assert (small.people, big.people, big.lines_read) == (100, 1_000, 20_004)
    # holding 900 more rows would take over 2 MB; the peak is one entity and a few lookups
    assert big_peak < small_peak + 2**19, f"peak {small_peak / 2**20:.2f} MB -> {big_peak / 2**20:.2f} MB"
    assert big_peak < 50 * 2**20
    lines = (tmp_path / "big.yaml").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + 1_000 and yaml.safe_load(lines[-1])[0]["roles"] == EXPECTED[0]["roles"]
