from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.schema import event_json_schema

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_extract_seed_prints_json_lines(seed_path):
    result = runner.invoke(app, ["extract", str(seed_path)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    consults = [r for r in records if r["event_type"] == "CONSULT"]
    assert [r["date"] for r in consults] == ["2023-09-02", "2023-08-31"]
    assert consults[0]["attribution"] == [{"source": "Al Mayadeen", "kind": "report"}]
    assert all(r["schema_version"] == eventwire.SCHEMA_VERSION for r in records)


def test_extract_json_and_table_formats(seed_path):
    as_json = runner.invoke(app, ["extract", str(seed_path), "--format", "json"])
    assert as_json.exit_code == 0
    assert isinstance(json.loads(as_json.stdout), list)
    table = runner.invoke(app, ["extract", str(seed_path), "--format", "table"])
    assert table.exit_code == 0 and "CONSULT" in table.stdout


def test_extract_reads_stdin(seed_path):
    result = runner.invoke(app, ["extract", "-"], input=seed_path.read_bytes())
    assert result.exit_code == 0
    assert '"CONSULT"' in result.stdout


def test_bad_inputs_exit_2_with_one_line_each_and_others_still_processed(tmp_path, seed_path):
    binary = tmp_path / "pic.txt"
    binary.write_bytes(b"\x00\x01\x02")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Titre\n\n2024-01-01 00:00:00\n\ncaf\xe9\n".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(missing), str(binary), str(latin1), str(empty), str(nothing), str(seed_path)])
    assert result.exit_code == 2
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 5
    expected = {missing: "no such file", binary: "binary file", latin1: "invalid UTF-8", empty: "empty file", nothing: "no article files"}
    for path, reason in expected.items():
        assert any(str(path) in l and reason in l for l in lines), (path, lines)
    assert '"CONSULT"' in result.stdout  # the good file was still processed


def test_ingest_command_and_rerun(tmp_path, seed_path):
    db = tmp_path / "x.duckdb"
    first = runner.invoke(app, ["ingest", str(seed_path), "--db", str(db)])
    assert first.exit_code == 0, first.stderr
    assert "ingested 1, duplicates 0, skipped 0, failed 0, events 4" in first.stderr
    second = runner.invoke(app, ["ingest", str(seed_path), "--db", str(db)])
    assert "ingested 0, duplicates 1, skipped 0, failed 0, events 0" in second.stderr


def test_schema_file_is_up_to_date():
    on_disk = json.loads((ROOT / "schema" / "event.schema.json").read_text())
    assert on_disk == event_json_schema(), "run `make schema` and commit schema/event.schema.json"
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.stdout) == on_disk


def test_public_api_is_exported():
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text()
    import typer

    known = set()
    for name, command in typer.main.get_command(app).commands.items():
        subcommands = getattr(command, "commands", None)
        known |= {f"{name} {sub}" for sub in subcommands} if subcommands else {name}
    documented = set()
    for first, second in re.findall(r"^ {4}(?:cat .*\| )?eventwire (\w+)(?: ([\w-]+))?", readme, flags=re.M):
        documented.add(f"{first} {second}" if any(k.startswith(first + " ") for k in known) else first)
    assert documented == known, "every command documented in README with an example, and only those"
    for command in documented:
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "make test" in readme and "make demo" in readme


def test_ingest_exits_1_when_an_input_fails_but_stores_the_rest(tmp_path, seed_path):
    db = tmp_path / "x.duckdb"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["ingest", str(bad), str(seed_path), "--db", str(db)])
    assert result.exit_code == 1
    assert f"{bad}: binary file" in result.stderr
    assert "ingested 1, duplicates 0, skipped 0, failed 1, events 4" in result.stderr


def test_ingest_refuses_internal_urls(tmp_path):
    result = runner.invoke(app, ["ingest", "http://127.0.0.1:9/feed.xml", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "resolves to a loopback address" in result.stderr and "--allow-private" in result.stderr


def test_watch_rejects_a_bad_interval(tmp_path):
    result = runner.invoke(app, ["watch", "https://example.org/rss", "--every", "soon", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "is not an interval" in result.output


def test_ingest_outlet_option_fills_missing_outlets(tmp_path, seed_path):
    db = tmp_path / "x.duckdb"
    assert runner.invoke(app, ["ingest", str(seed_path), "--db", str(db), "--outlet", "Seed Wire"]).exit_code == 0
    with eventwire.EventStore(db) as store:
        assert store.con.execute("SELECT outlet FROM articles").fetchall() == [("Seed Wire",)]


def test_missing_publication_time_is_reported_not_replaced(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Talks in Cairo\n\nEgyptian Foreign Minister Sameh Shoukry met Jordan's Ayman Safadi in Cairo on Monday.\n")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert f"warning {path}: no publication time" in result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    assert record["date"] is None and record["date_basis"] is None


def test_kb_show_prints_roles_and_refuses_unknown_names():
    shown = runner.invoke(app, ["kb", "show", "Saleh al-Aruri"])
    assert shown.exit_code == 0
    assert "PER_SALEH_AL_AROURI" in shown.output and "Deputy Head of the Political Bureau" in shown.output
    dated = runner.invoke(app, ["kb", "show", "PER_SERGEY_LAVROV", "--on", "2023-09-01"])
    assert dated.exit_code == 0 and "  *Foreign Minister (RUS)  2004-03-09 – present" in dated.output
    unknown = runner.invoke(app, ["kb", "show", "Nobody Inparticular"])
    assert unknown.exit_code == 1 and "not in the knowledge base" in unknown.output
    bad_date = runner.invoke(app, ["kb", "show", "Lavrov", "--on", "last week"])
    assert bad_date.exit_code == 2 and "expected a date" in bad_date.output


def test_kb_import_wikidata_then_show_with_the_local_file(tmp_path, monkeypatch):
    from test_wikidata import ENTITIES, _write_dump

    from eventwire.kb import LOCAL_KB_ENV, default_kb

    dump = _write_dump(tmp_path / "slice.json.bz2", ENTITIES)
    out = tmp_path / "local-kb.yaml"
    result = runner.invoke(app, ["kb", "import-wikidata", str(dump), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "WD_Q1001" in out.read_text()
    monkeypatch.setenv(LOCAL_KB_ENV, "")  # undone after the test, whatever the command sets
    try:
        shown = runner.invoke(app, ["kb", "show", "Ivan Sovietsky", "--kb", str(out)])
        assert shown.exit_code == 0 and "WD_Q1001" in shown.output and "Governor of Tula Oblast" in shown.output
    finally:
        default_kb.cache_clear()
    missing = runner.invoke(app, ["kb", "import-wikidata", str(tmp_path / "nope.json.bz2"), "--out", str(out)])
    assert missing.exit_code == 2 and "nope.json.bz2" in missing.output
