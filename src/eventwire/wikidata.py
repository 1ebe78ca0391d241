"""Import office holders and organisations from a Wikidata JSON dump into a KB actor file.

``import_wikidata(dump, out)`` streams the official dump (a JSON array, one entity per line)
or JSON Lines, plain or compressed with bzip2/gzip, and writes KB rows in the format of
``data/actors_*.yaml`` (one flow mapping per line), ready to load next to ``countries.yaml``:

* humans (P31 = Q5) with P39 "position held" statements -> ``kind: person``, ``actor_type: GOV``,
  one role per statement (P580 start, P582 end), titled by the position's English label with
  the country removed and usual names mapped to ours ("Minister of Foreign Affairs of Iran" ->
  "Foreign Minister"), role country from the position's P17/P1001;
* items whose P31 is one of ``ORGANIZATION_CLASSES`` -> organisations (news agencies as outlets);
* items with P298 (ISO 3166-1 alpha-3) are countries: only used to map country items to ISO-3.

Memory stays flat whatever the number of rows: the dump is read line by line, kept entities
are spilled to a temporary file in compact form, and only small lookups are held (country
QID -> ISO-3, and label + country of the positions that kept people refer to). A position
may appear in the dump before the people who held it, so a second, cheap pass over the dump
(entity ids are read from the start of each line, only wanted positions are parsed) fetches
the positions the first pass could not; it stops as soon as all of them are found.
"""

from __future__ import annotations

import bz2
import gzip
import json
import logging
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import EventwireError
from .kb import _load_yaml, norm

__all__ = ["ORGANIZATION_CLASSES", "ImportSummary", "import_wikidata"]

log = logging.getLogger(__name__)

_HUMAN = "Q5"
# P31 classes kept as organisations -> (kind, actor_type). Direct P31 only (no subclass walk:
# that needs the whole P279 graph). When an item has several, the first listed here wins, so
# armed groups that are also parties (e.g. Hezbollah) stay REB.
ORGANIZATION_CLASSES: dict[str, tuple[str, str]] = {
    "Q17127659": ("organization", "REB"),  # terrorist organization
    "Q17149090": ("organization", "REB"),  # armed organization (militias, militant groups)
    "Q772547": ("organization", "MIL"),  # armed forces
    "Q8473": ("organization", "MIL"),  # military
    "Q245065": ("organization", "IGO"),  # intergovernmental organization
    "Q192283": ("outlet", "MED"),  # news agency
    "Q7278": ("organization", "PTY"),  # political party
    "Q327333": ("organization", "GOV"),  # government agency
}
MAX_ALIASES = 20
MAX_BAD_LINES = 20
# How often (in lines) the progress callback is called.
_PROGRESS_EVERY = 1000

# Position names, without their country, mapped to the titles the KB uses (compared after norm()).
_TITLES: dict[str, tuple[str, ...]] = {
    "Foreign Minister": (
        "Minister of Foreign Affairs", "Minister for Foreign Affairs", "Foreign Minister", "Foreign Affairs Minister",
        "Minister of External Affairs", "Minister for External Affairs", "Foreign Secretary",
        "Secretary of State for Foreign and Commonwealth Affairs",
        "Secretary of State for Foreign, Commonwealth and Development Affairs",
    ),
    "Defence Minister": (
        "Minister of Defence", "Minister of Defense", "Minister for Defence", "Minister of National Defence",
        "Minister of National Defense", "Defence Minister", "Defense Minister", "Secretary of State for Defence",
    ),
    "Prime Minister": ("Prime Minister",),
    "President": ("President", "President of the Republic"),
    "Vice President": ("Vice President", "Vice-President"),
    "Finance Minister": ("Minister of Finance", "Minister for Finance", "Finance Minister"),
    "Interior Minister": ("Minister of the Interior", "Minister of Interior", "Interior Minister",
                          "Minister of Internal Affairs"),
    "Secretary of State": ("Secretary of State",),
    "Secretary of Defense": ("Secretary of Defense",),
}
_TITLE_OF = {norm(phrase): title for title, phrases in _TITLES.items() for phrase in phrases}

_BZ2_MAGIC = b"BZh"
_GZIP_MAGIC = b"\x1f\x8b"
# The official dump starts every line with {"type":"item","id":"Q42",...: read the id without parsing.
_LEADING_ID = re.compile(rb'^\{\s*(?:"type"\s*:\s*"\w+"\s*,\s*)?"id"\s*:\s*"([^"]+)"')
# Lines without any of these cannot be a country, an office holder or a kept organisation,
# so pass 1 skips them unparsed (most of the dump: articles, taxa, places...).
_MARKERS = re.compile(b'"(?:P298|P39|' + "|".join(ORGANIZATION_CLASSES).encode() + b')"')
_TIME = re.compile(r"^([+-])(\d+)-(\d\d)-(\d\d)T")


@dataclass
class ImportSummary:
    """What an import read and wrote; ``bad_lines`` holds the first ``MAX_BAD_LINES`` problems."""

    lines_read: int = 0  # entity lines (not "[" / "]"); people + organizations + skipped + bad_line_count
    people: int = 0
    organizations: int = 0  # organisations and outlets
    skipped: int = 0  # entities read but not written (other items, countries, positions, no English label)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    bad_line_count: int = 0
    replaced: int = 0  # rows already in ``out`` replaced by an imported row with the same actor_id
    kept_existing: int = 0  # rows already in ``out`` kept as they were

    def line(self) -> str:
        text = (f"lines {self.lines_read}, people {self.people}, organizations {self.organizations}, "
                f"skipped {self.skipped}, bad lines {self.bad_line_count}")
        if self.replaced or self.kept_existing:
            text += f"; merged: {self.kept_existing} existing rows kept, {self.replaced} replaced"
        return text

    def _bad(self, line_no: int, reason: str) -> None:
        self.bad_line_count += 1
        if len(self.bad_lines) < MAX_BAD_LINES:
            self.bad_lines.append((line_no, reason))
            log.warning("%s", reason)


@dataclass
class _Lookups:
    """The only state that outlives a line: small dicts keyed by QID."""

    countries: dict[str, str] = field(default_factory=dict)  # country QID -> ISO-3 (known to countries.yaml)
    positions: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # QID -> (label, country QIDs)
    wanted: set[str] = field(default_factory=set)  # positions referenced by kept people, not found yet


def import_wikidata(dump: Path, out: Path, *, progress: Callable[[int, int], None] | None = None,
                    limit: int | None = None) -> ImportSummary:
    """Write KB rows for the people and organisations of a Wikidata dump to ``out``.

    ``out`` is written atomically; if it exists, its rows are kept except those whose actor_id
    is imported again (replaced; only the existing actor_ids are held in memory, not the rows). ``progress(done, total)`` is called with compressed bytes read
    over both passes; ``limit`` reads only the first ``limit`` entity lines (to try a big dump).
    Raises EventwireError for an unreadable or broken dump, leaving ``out`` untouched; single
    bad lines are skipped and reported in the summary.
    """
    dump, out = Path(dump), Path(out)
    if limit is not None and limit < 1:
        raise EventwireError(f"limit must be a positive number of lines, got {limit}")
    known = set(_country_names().values())  # every ISO-3 of countries.yaml
    existing = _existing_ids(out) if out.exists() else None
    total = 2 * _dump_size(dump)
    summary = ImportSummary()
    lookups = _Lookups()
    replaced: set[str] = set()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out.parent, prefix=".wikidata-", suffix=".spill") as spill:
        last_line = _first_pass(dump, spill, lookups, known, summary, limit, total, progress)
        if lookups.wanted:
            _second_pass(dump, lookups, last_line, total, progress)
        if progress:
            progress(total, total)
        if existing is not None:
            replaced = {qid for qid in _spilled_ids(spill) if f"WD_{qid}" in existing}
            summary.replaced, summary.kept_existing = len(replaced), len(existing) - len(replaced)
        _write(out, dump, spill, lookups, {f"WD_{qid}" for qid in replaced}, merge=existing is not None)
    return summary


# -- reading the dump -------------------------------------------------------------------------

def _dump_size(dump: Path) -> int:
    try:
        if not dump.exists():
            raise EventwireError(f"{dump}: no such file (expected a Wikidata JSON dump, .json, .json.bz2 or .json.gz)")
        if not dump.is_file():
            raise EventwireError(f"{dump}: is not a file (expected a Wikidata JSON dump, .json, .json.bz2 or .json.gz)")
        return dump.stat().st_size
    except OSError as exc:
        raise EventwireError(f"{dump}: cannot be read ({exc.strerror or exc})") from exc


@contextmanager
def _open_dump(dump: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """(line stream, file on disk): the compression is taken from the content, checked against the name."""
    try:
        raw = open(dump, "rb")
    except OSError as exc:
        raise EventwireError(f"{dump}: cannot be opened ({exc.strerror or exc})") from exc
    with raw:
        head = raw.read(3)
        raw.seek(0)
        suffix = dump.suffix.lower()
        if suffix == ".bz2" and not head.startswith(_BZ2_MAGIC):
            raise EventwireError(f"{dump}: named .bz2 but is not bzip2-compressed; rename it or compress it with bzip2")
        if suffix == ".gz" and not head.startswith(_GZIP_MAGIC):
            raise EventwireError(f"{dump}: named .gz but is not gzip-compressed; rename it or compress it with gzip")
        if head.startswith(_BZ2_MAGIC):
            with bz2.BZ2File(raw) as stream:
                yield stream, raw
        elif head.startswith(_GZIP_MAGIC):
            with gzip.GzipFile(fileobj=raw) as stream:
                yield stream, raw
        else:
            yield raw, raw


def _entity_lines(dump: Path, stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number, entity text) without the array brackets and trailing commas.

    A broken compressed stream raises: what follows the break cannot be trusted or reached."""
    line_no = 0
    try:
        for line_no, line in enumerate(stream, 1):
            text = line.strip()
            if text.endswith(b","):
                text = text[:-1].rstrip()
            if text and text not in (b"[", b"]"):
                yield line_no, text
    except (OSError, EOFError, zlib.error) as exc:
        raise EventwireError(f"{dump}: the compressed data is broken at line {line_no + 1} ({exc}); "
                             "the dump is truncated or corrupt: download it again") from exc


def _parse(dump: Path, line_no: int, text: bytes) -> dict[str, Any] | str:
    """The entity of a line, or why the line is bad."""
    where = f"{dump.name} line {line_no}"
    if not (text.startswith(b"{") and text.endswith(b"}")):
        return f"{where}: not a JSON object (starts {text[:40]!r}); expected one entity per line"
    try:
        entity = json.loads(text)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        return f"{where}: not valid JSON ({exc})"
    if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
        return f"{where}: a JSON object without an entity \"id\""
    return entity


def _first_pass(dump: Path, spill: IO[str], lookups: _Lookups, known: set[str], summary: ImportSummary,
                limit: int | None, total: int, progress: Callable[[int, int], None] | None) -> int:
    """Classify every entity, spill kept ones, collect countries; returns the last line number read."""
    line_no = 0
    with _open_dump(dump) as (stream, raw):
        for line_no, text in _entity_lines(dump, stream):
            summary.lines_read += 1
            if progress and summary.lines_read % _PROGRESS_EVERY == 0:
                progress(raw.tell(), total)
            quick = _LEADING_ID.match(text)
            quick_id = quick[1].decode("ascii", "replace") if quick else None
            if _MARKERS.search(text) or quick_id is None or quick_id in lookups.wanted:
                entity = _parse(dump, line_no, text)
                if isinstance(entity, str):
                    summary._bad(line_no, entity)
                else:
                    kept = _take(entity, spill, lookups, known)
                    if kept == "person":
                        summary.people += 1
                    elif kept == "organization":
                        summary.organizations += 1
                    else:
                        summary.skipped += 1
            elif not text.endswith(b"}"):  # cheap check for a cut-off line nobody parses
                summary._bad(line_no, f"{dump.name} line {line_no}: not a JSON object (ends {text[-40:]!r})")
            else:
                summary.skipped += 1
            if limit is not None and summary.lines_read >= limit:
                break
    if summary.lines_read == 0:
        raise EventwireError(f"{dump}: no Wikidata entities found; expected a JSON array with one entity "
                             "per line (the official dump) or JSON Lines")
    if summary.bad_line_count == summary.lines_read:
        raise EventwireError(f"{dump}: no line is a Wikidata entity ({summary.bad_lines[0][1]}); expected the "
                             "official JSON dump (one entity per line) or JSON Lines")
    return line_no


def _second_pass(dump: Path, lookups: _Lookups, last_line: int, total: int,
                 progress: Callable[[int, int], None] | None) -> None:
    """Find the positions that appeared before the people who held them; parses only those lines."""
    missing = lookups.wanted
    with _open_dump(dump) as (stream, raw):
        for line_no, text in _entity_lines(dump, stream):
            if progress and line_no % _PROGRESS_EVERY == 0:
                progress(total // 2 + raw.tell(), total)
            quick = _LEADING_ID.match(text)
            if quick is None or quick[1].decode("ascii", "replace") in missing:
                entity = _parse(dump, line_no, text)  # bad lines were reported by pass 1
                if isinstance(entity, dict) and entity["id"] in missing:
                    lookups.positions[entity["id"]] = _position_info(entity)
                    missing.discard(entity["id"])
            if not missing or line_no >= last_line:
                return


# -- turning entities into compact records ------------------------------------------------------

def _take(entity: dict[str, Any], spill: IO[str], lookups: _Lookups, known: set[str]) -> str | None:
    """Record what the lookups need from an entity and spill it if kept; returns the kind counted."""
    qid = entity["id"]
    claims = entity.get("claims") if isinstance(entity.get("claims"), dict) else {}
    if qid in lookups.wanted:
        lookups.positions[qid] = _position_info(entity)
        lookups.wanted.discard(qid)
    if entity.get("type", "item") != "item":
        return None
    iso = next((v for v in _values(claims, "P298") if isinstance(v, str)), None)
    if iso is not None:
        if iso in known:
            lookups.countries[qid] = iso
        return None
    name = _label(entity)
    if name is None:
        return None
    classes = {_item_id(v) for v in _values(claims, "P31")}
    if _HUMAN in classes and "P39" in claims:
        roles = _roles(claims)
        if not roles:
            return None
        for role in roles:
            if role[0] not in lookups.positions:
                lookups.wanted.add(role[0])
        record = [qid, "person", "GOV", name, _aliases(entity, name), _country_candidates(claims, "P27"), roles]
    else:
        kind_type = next((ORGANIZATION_CLASSES[c] for c in ORGANIZATION_CLASSES if c in classes), None)
        if kind_type is None:
            return None
        record = [qid, *kind_type, name, _aliases(entity, name), _country_candidates(claims, "P17"), []]
    spill.write(json.dumps(record, ensure_ascii=False) + "\n")
    return "person" if record[1] == "person" else "organization"


def _clean(text: str) -> str:
    """Whitespace runs (tabs, NEL, U+2028...) as one space: every row must stay on one line."""
    return " ".join(text.split())


def _label(entity: dict[str, Any]) -> str | None:
    """English label ("mul", the label valid in all languages, when there is no English one)."""
    labels = entity.get("labels") if isinstance(entity.get("labels"), dict) else {}
    for lang in ("en", "mul"):
        value = (labels.get(lang) or {}).get("value") if isinstance(labels.get(lang), dict) else None
        if isinstance(value, str) and value.strip():
            return _clean(value)
    return None


def _aliases(entity: dict[str, Any], name: str) -> list[str]:
    """English (and "mul") aliases, deduplicated after norm(), without the name itself."""
    aliases = entity.get("aliases") if isinstance(entity.get("aliases"), dict) else {}
    seen = {norm(name)}
    result: list[str] = []
    for lang in ("en", "mul"):
        for alias in aliases.get(lang) or ():
            value = alias.get("value") if isinstance(alias, dict) else None
            if isinstance(value, str) and value.strip() and norm(value) not in seen:
                seen.add(norm(value))
                result.append(_clean(value))
                if len(result) == MAX_ALIASES:
                    return result
    return result


def _statements(claims: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    """Statements of a property that are not deprecated, preferred rank first."""
    statements = [s for s in claims.get(prop) or () if isinstance(s, dict) and s.get("rank") != "deprecated"]
    return sorted(statements, key=lambda s: s.get("rank") != "preferred")


def _snak_value(snak: Any) -> Any:
    if isinstance(snak, dict) and snak.get("snaktype") == "value":
        return (snak.get("datavalue") or {}).get("value")
    return None


def _values(claims: dict[str, Any], prop: str) -> list[Any]:
    return [v for s in _statements(claims, prop) if (v := _snak_value(s.get("mainsnak"))) is not None]


def _item_id(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("id"), str):
        return value["id"]
    return f"Q{value['numeric-id']}" if isinstance(value.get("numeric-id"), int) else None  # dumps before 2015


def _wikidata_date(value: Any) -> date | None:
    """A Wikidata time value as a date: month/year precision -> the 1st; coarser, BCE or invalid -> None."""
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    match = _TIME.match(value["time"])
    precision = value.get("precision", 11)
    if not match or match[1] == "-" or not isinstance(precision, int) or precision < 9:
        return None
    month = int(match[3]) if precision >= 10 else 1
    day = int(match[4]) if precision >= 11 else 1
    try:
        return date(int(match[2]), month or 1, day or 1)
    except ValueError:  # year 0 or > 9999
        return None


def _qualifier_date(statement: dict[str, Any], prop: str) -> tuple[bool, date | None]:
    """(qualifier present, its date): present without a usable date means 'some unknown date'."""
    snaks = [s for s in (statement.get("qualifiers") or {}).get(prop) or () if isinstance(s, dict)]
    if not snaks or all(s.get("snaktype") == "novalue" for s in snaks):
        return False, None
    return True, next((d for s in snaks if (d := _wikidata_date(_snak_value(s))) is not None), None)


def _roles(claims: dict[str, Any]) -> list[list[str | None]]:
    """[position QID, start, end] per P39 statement, ISO dates, in order of start.

    Open roles of the dead end at death; a role that ended at an unknown date is dropped
    (kept open, it would make the person a current office holder)."""
    death = next((d for v in _values(claims, "P570") if (d := _wikidata_date(v)) is not None), None)
    roles: list[tuple[str, date | None, date | None]] = []
    for statement in _statements(claims, "P39"):
        position = _item_id(_snak_value(statement.get("mainsnak")))
        if position is None:
            continue
        start = _qualifier_date(statement, "P580")[1]
        ended, end = _qualifier_date(statement, "P582")
        if end is None and death is not None:
            end = max(death, start) if start else death  # a year-precision death can fall before start
        if (end is None and ended) or (start and end and end < start):
            continue
        if (position, start, end) not in roles:
            roles.append((position, start, end))
    roles.sort(key=lambda r: r[1] or date.min)
    return [[p, s and s.isoformat(), e and e.isoformat()] for p, s, e in roles]


def _country_candidates(claims: dict[str, Any], *props: str) -> list[str]:
    """Country QIDs, best first: preferred rank, then current (no end), then latest start."""
    ranked = []
    for prop in props:
        for order, statement in enumerate(_statements(claims, prop)):
            qid = _item_id(_snak_value(statement.get("mainsnak")))
            if qid:
                ended = _qualifier_date(statement, "P582")[0]
                start = _qualifier_date(statement, "P580")[1] or date.min
                ranked.append(((props.index(prop), statement.get("rank") != "preferred", ended,
                                -start.toordinal(), order), qid))
    return list(dict.fromkeys(qid for _, qid in sorted(ranked)))


def _position_info(entity: dict[str, Any]) -> tuple[str | None, list[str]]:
    claims = entity.get("claims") if isinstance(entity.get("claims"), dict) else {}
    return _label(entity), _country_candidates(claims, "P17", "P1001")


# -- writing ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """norm(name, alias or demonym) -> ISO-3, from countries.yaml (no code lookups: 'Per' is not Peru)."""
    names: dict[str, str] = {}
    for row in _load_yaml("countries.yaml"):
        for name in (row["name"], *(row.get("aliases") or ()), *(row.get("demonyms") or ())):
            names.setdefault(norm(name), row["iso3"])
    return names


@lru_cache(maxsize=65536)
def _office_title(label: str) -> tuple[str, str | None]:
    """(KB title, ISO-3 named in the label): 'Minister of Foreign Affairs of Iran' -> ('Foreign Minister', 'IRN').

    A trailing ' of <country>' or ' (<country>)' is removed from any label; a leading country or
    demonym only when what is left is a known title ('United States Secretary of State')."""
    names = _country_names()
    office, iso = label.strip(), None
    bracket = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", office)
    if bracket and norm(bracket[2]) in names:
        office, iso = bracket[1], names[norm(bracket[2])]
    else:
        for match in re.finditer(r"\s+of\s+", office):
            if norm(office[match.end():]) in names:
                office, iso = office[:match.start()], names[norm(office[match.end():])]
                break
    words = office.split()
    for cut in range(min(len(words) - 1, 4), 0, -1):
        prefix, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if norm(prefix) in names and norm(rest) in _TITLE_OF:
            office, iso = rest, iso or names[norm(prefix)]
            break
    return _TITLE_OF.get(norm(office), office), iso


def _row(record: list[Any], lookups: _Lookups) -> dict[str, Any]:
    qid, kind, actor_type, name, aliases, country_qids, raw_roles = record
    roles: list[dict[str, Any]] = []
    for position, start, end in raw_roles:
        label, position_countries = lookups.positions.get(position, (None, []))
        title, named_iso = _office_title(label) if label else (position, None)
        country = next((lookups.countries[c] for c in position_countries if c in lookups.countries), named_iso)
        role = {"title": title, "organization": None, "country": country,
                "start": date.fromisoformat(start) if start else None, "end": date.fromisoformat(end) if end else None}
        if role not in roles:
            roles.append(role)
    return {
        "actor_id": f"WD_{qid}", "kind": kind, "name": name, "aliases": aliases, "actor_type": actor_type,
        "country": next((lookups.countries[c] for c in country_qids if c in lookups.countries), None),
        "roles": roles, "wikidata": qid,
    }


# Strings yaml.safe_dump writes unquoted in flow context: ASCII words, no indicators, single inner spaces.
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9._'()-]| (?=[^ ]))*")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}  # would load as bool/None


def _scalar(value: Any) -> str:
    """One value as yaml.safe_dump writes it inside a flow mapping (checked by the tests)."""
    if value is None:
        return "null"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.casefold() not in _YAML_WORDS:
        return value
    text = yaml.safe_dump({"k": value}, default_flow_style=True, allow_unicode=True, width=10**9)
    return text[len("{k: "):-len("}\n")]


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


def _dump_row(row: dict[str, Any]) -> str:
    """The line ``"- " + yaml.safe_dump(row, default_flow_style=True, sort_keys=False, allow_unicode=True,
    width=10**9)`` gives, built directly: PyYAML's pure-Python dumper made writing the bottleneck.

    Keys are plain words and names hold no line breaks (see _clean), so every row stays on one line."""
    return f"- {_flow(row)}\n"


def _spilled_ids(spill: IO[str]) -> Iterator[str]:
    spill.seek(0)
    for line in spill:
        yield json.loads(line)[0]


# Rows as written by _dump_row (and the bundled KB files) start like this: their id needs no YAML parse.
_ROW_ID = re.compile(r"^- \{actor_id: ([A-Za-z0-9_.-]+),")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _row_id(out: Path, line_no: int, line: str) -> str | None:
    """The actor_id of a KB file line (None for comments and blank lines); only one-row-per-line files merge."""
    if match := _ROW_ID.match(line):
        return match[1]
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    try:
        rows = yaml.load(text, Loader=_Loader) if text.startswith("- {") else None
    except yaml.YAMLError:
        rows = None
    if not (isinstance(rows, list) and len(rows) == 1 and isinstance(rows[0], dict) and rows[0].get("actor_id")):
        raise EventwireError(f"{out} line {line_no}: cannot merge into this file: expected one '- {{actor_id: ...}}' "
                             "row per line, as import-wikidata writes; choose another output file")
    return str(rows[0]["actor_id"])


def _existing_ids(out: Path) -> set[str]:
    """actor_ids already in ``out`` (read before the import, so a bad file fails fast)."""
    ids: set[str] = set()
    try:
        with open(out, encoding="utf-8") as lines:
            for line_no, line in enumerate(lines, 1):
                if (actor_id := _row_id(out, line_no, line)) is not None:
                    ids.add(actor_id)
    except (OSError, UnicodeDecodeError) as exc:
        raise EventwireError(f"{out}: the existing output cannot be read for merging ({exc})") from exc
    return ids


def _write(out: Path, dump: Path, spill: IO[str], lookups: _Lookups, replaced: set[str], *, merge: bool) -> None:
    """Existing rows (minus replaced ones), then the imported rows, to a temporary file renamed over ``out``."""
    tmp = out.with_name(out.name + ".tmp")
    stamp = f"imported from the Wikidata dump {dump.name} by eventwire kb import-wikidata on {date.today()}"
    try:
        with open(tmp, "w", encoding="utf-8") as target:
            if merge:
                with open(out, encoding="utf-8") as lines:
                    for line_no, line in enumerate(lines, 1):
                        if _row_id(out, line_no, line) not in replaced:
                            target.write(line if line.endswith("\n") else line + "\n")
                target.write(f"# --- {stamp}\n")
            else:
                target.write(f"# Actors {stamp}.\n# actor_id WD_<QID>; roles from P39 (position held) with "
                             "P580/P582; country: ISO-3 from P27 (people) or P17.\n")
            spill.seek(0)
            for line in spill:
                target.write(_dump_row(_row(json.loads(line), lookups)))
            target.flush()
            os.fsync(target.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise EventwireError(f"{out}: cannot be written ({exc.strerror or exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
