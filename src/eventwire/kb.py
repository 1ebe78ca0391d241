"""Knowledge base: countries and actors written by the team, loaded from package data.

Lookups are by normalised alias (case, diacritics, hyphens and a leading "the" ignored) and
are date-aware for office holders: ``holders("Foreign Minister", "IRN", on=date)``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import EventwireError

_HONORIFICS = {
    "sayyed", "sayyid", "seyyed", "sayed", "syed", "sheikh", "shaikh", "ayatollah", "grand", "mr", "mrs", "ms",
    "dr", "sir", "haj", "hajj", "mullah", "imam", "general", "gen", "lt", "col", "president", "minister",
}


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Normalise a name for alias lookup: casefold, strip accents, punctuation and 'the'.

    Cached: the same few hundred names are compared many times per document."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").casefold()
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"[\-‐‑–—_/]", " ", text)
    text = re.sub(r"[.\"'`,()]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def strip_honorifics(name: str) -> str:
    """'Sayyed Hassan Nasrallah' -> 'Hassan Nasrallah' (keeps the name if nothing is left)."""
    words = name.split()
    while len(words) > 1 and norm(words[0]) in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Role:
    title: str
    country: str | None = None
    organization: str | None = None
    start: date | None = None
    end: date | None = None

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KBActor:
    actor_id: str
    kind: str  # organization | person | outlet
    name: str
    actor_type: str | None
    country: str | None
    aliases: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    wikidata: str | None = None
    domains: tuple[str, ...] = ()

    def role_on(self, day: date | None) -> Role | None:
        active = [r for r in self.roles if r.active_on(day)]
        return active[0] if active else (self.roles[-1] if self.roles and day is None else None)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    capital_lat: float | None = None
    capital_lon: float | None = None
    lat: float | None = None
    lon: float | None = None
    seats: tuple[str, ...] = ()


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 3x faster on the KB


def _load_yaml(name: str) -> list[dict]:
    try:
        text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
        rows = yaml.load(text, Loader=_YAML_LOADER) or []
    except (OSError, yaml.YAMLError) as exc:
        raise EventwireError(f"knowledge base file data/{name} could not be loaded: {exc}") from exc
    if not isinstance(rows, list):
        raise EventwireError(f"knowledge base file data/{name} must hold a YAML list")
    return rows


ACTOR_KINDS = {"organization", "person", "outlet"}
FUZZY_MIN_SCORE = 90.0  # rapidfuzz ratio; 90 accepts one edit in ten characters
ACTOR_TYPES = {"GOV", "MIL", "REB", "PTY", "IGO", "NGO", "MED", "CVL", "BUS", "JUD", "LEG", "REL", "SPY", "OPP",
               "INS", "COP", "UAF", "EDU", "REF", "LAB", "AGR", "ENV", "HLH", "CRM", "IMG"}


def validate_rows(countries: list[dict], actors: list[dict]) -> list[str]:
    """Problems in KB rows (empty when valid): ids, countries, affiliations, role dates."""
    problems: list[str] = []
    isos = {c.get("iso3") for c in countries}
    if len(isos) != len(countries):
        problems.append("duplicate iso3 in countries")
    ids: set[str] = set()
    for row in actors:
        aid = row.get("actor_id")
        where = f"actor {aid or row.get('name')!r}"
        if not aid or not row.get("name"):
            problems.append(f"{where}: actor_id and name are required")
        if aid in ids:
            problems.append(f"{where}: duplicate actor_id")
        ids.add(aid)
        if row.get("kind") not in ACTOR_KINDS:
            problems.append(f"{where}: kind {row.get('kind')!r} not one of {sorted(ACTOR_KINDS)}")
        if row.get("actor_type") not in ACTOR_TYPES:
            problems.append(f"{where}: actor_type {row.get('actor_type')!r} unknown")
        if row.get("country") is not None and row.get("country") not in isos:
            problems.append(f"{where}: country {row.get('country')!r} not in countries.yaml")
        for role in row.get("roles") or ():
            try:
                start, end = _as_date(role.get("start")), _as_date(role.get("end"))
            except ValueError as exc:
                problems.append(f"{where}: bad role date ({exc})")
                continue
            if start and end and start > end:
                problems.append(f"{where}: role {role.get('title')!r} ends before it starts")
    for row in actors:
        for ref in row.get("affiliations") or ():
            if ref not in ids:
                problems.append(f"actor {row.get('actor_id')!r}: affiliation {ref!r} is not an actor_id")
    return problems


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, KBActor] = field(default_factory=dict)
    _country_names: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _capitals: dict[str, str] = field(default_factory=dict)
    _aliases: dict[str, list[str]] = field(default_factory=dict)
    _multiword_keys: list[str] | None = None
    _multiword_keys_from: int = -1  # number of alias keys the list was built from

    # -- loading -----------------------------------------------------------------
    @classmethod
    def from_rows(cls, countries: list[dict], actors: list[dict]) -> "KnowledgeBase":
        kb = cls()
        for row in countries:
            country = Country(
                iso3=row["iso3"], name=row["name"], aliases=tuple(row.get("aliases") or ()),
                demonyms=tuple(row.get("demonyms") or ()), capital=row.get("capital"),
                capital_lat=row.get("capital_lat"), capital_lon=row.get("capital_lon"),
                lat=row.get("lat"), lon=row.get("lon"), seats=tuple(row.get("seats") or ()),
            )
            kb.add_country(country)
        for row in actors:
            roles = tuple(
                Role(title=r["title"], country=r.get("country"), organization=r.get("organization"),
                     start=_as_date(r.get("start")), end=_as_date(r.get("end")))
                for r in (row.get("roles") or ())
            )
            kb.add_actor(KBActor(
                actor_id=row["actor_id"], kind=row.get("kind", "organization"), name=row["name"],
                actor_type=row.get("actor_type"), country=row.get("country"),
                aliases=tuple(row.get("aliases") or ()), affiliations=tuple(row.get("affiliations") or ()),
                roles=roles, wikidata=row.get("wikidata"), domains=tuple(row.get("domains") or ()),
            ))
        return kb

    def add_country(self, country: Country) -> None:
        self.countries[country.iso3] = country
        for name in (country.name, *country.aliases):
            self._country_names.setdefault(norm(name), country.iso3)
        for demonym in country.demonyms:
            self._demonyms.setdefault(norm(demonym), country.iso3)
        if country.capital:
            self._capitals.setdefault(norm(country.capital), country.iso3)
        for seat in country.seats:
            self._capitals.setdefault(norm(seat), country.iso3)

    def add_actor(self, actor: KBActor) -> None:
        self.actors[actor.actor_id] = actor
        names = {actor.name, *actor.aliases}
        if actor.kind == "person":
            names.add(strip_honorifics(actor.name))
        for name in names:
            ids = self._aliases.setdefault(norm(name), [])
            if actor.actor_id not in ids:
                ids.append(actor.actor_id)

    # -- lookups -------------------------------------------------------------------
    def country_of_name(self, text: str) -> str | None:
        """ISO-3 for a country name or alias ('Iran', 'the Islamic Republic', 'Gaza Strip')."""
        key = norm(text)
        if key in self._country_names:
            return self._country_names[key]
        return _pycountry_alpha3(text)

    def country_of_demonym(self, text: str) -> str | None:
        return self._demonyms.get(norm(text))

    def country_of_capital(self, text: str) -> str | None:
        return self._capitals.get(norm(text))

    def country_of(self, text: str) -> str | None:
        """Any way a text can name a country: name, demonym, capital or seat of government."""
        return self.country_of_name(text) or self.country_of_demonym(text) or self.country_of_capital(text)

    def lookup(self, text: str, kind: str | None = None) -> list[KBActor]:
        """Actors whose name or alias matches ``text`` exactly after normalisation."""
        keys = [norm(text)]
        stripped = norm(strip_honorifics(text))
        if stripped != keys[0]:
            keys.append(stripped)
        found: list[KBActor] = []
        for key in keys:
            for actor_id in self._aliases.get(key, ()):
                actor = self.actors[actor_id]
                if (kind is None or actor.kind == kind) and actor not in found:
                    found.append(actor)
        return found

    def find(self, text: str, kind: str | None = None) -> list[KBActor]:
        """Exact alias matches, else near spellings, else actors whose id is ``text``."""
        if text in self.actors:
            return [self.actors[text]]
        return self.lookup(text, kind) or self.fuzzy_lookup(text, kind)

    def fuzzy_lookup(self, text: str, kind: str | None = None, min_score: float = FUZZY_MIN_SCORE) -> list[KBActor]:
        """Actors whose alias is a near spelling of ``text`` (al-Aruri ~ al-Arouri).

        Only multi-word names of 8+ characters are tried, and the best alias must score at
        least ``min_score`` (rapidfuzz ratio, 0-100) and share the first letter of the last
        word: short or one-word names are too easily confused."""
        key = norm(strip_honorifics(text))
        if len(key) < 8 or " " not in key:
            return []
        from rapidfuzz import fuzz, process

        keys = self._fuzzy_keys()
        found: list[KBActor] = []
        for alias, score, _ in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=5):
            if alias.split()[-1][:1] != key.split()[-1][:1]:
                continue
            for actor_id in self._aliases[alias]:
                actor = self.actors[actor_id]
                if (kind is None or actor.kind == kind) and actor not in found:
                    found.append(actor)
        return found

    def _fuzzy_keys(self) -> list[str]:
        """Multi-word alias keys (what fuzzy matching compares against), built once."""
        if self._multiword_keys is None or self._multiword_keys_from != len(self._aliases):  # rebuilt after add_actor
            self._multiword_keys = [k for k in self._aliases if " " in k and len(k) >= 8]
            self._multiword_keys_from = len(self._aliases)
        return self._multiword_keys

    def holders(self, title: str, country: str | None, on: date | None) -> list[KBActor]:
        """People who held ``title`` (e.g. 'Foreign Minister') for ``country`` on a date."""
        wanted = norm(title)
        result = []
        for actor in self.actors.values():
            for role in actor.roles:
                if norm(role.title) == wanted and (country is None or role.country == country) and role.active_on(on):
                    result.append(actor)
                    break
        return result

    def alias_patterns(self) -> list[tuple[str, str, str]]:
        """(alias, entity label, actor_id) for every KB alias, for the entity ruler."""
        labels = {"person": "PERSON", "organization": "ORG", "outlet": "ORG"}
        patterns = []
        for actor in self.actors.values():
            for name in {actor.name, *actor.aliases}:
                if len(name) >= 2:
                    patterns.append((name, labels.get(actor.kind, "ORG"), actor.actor_id))
        return patterns


@lru_cache(maxsize=8192)
def _pycountry_alpha3(text: str) -> str | None:
    """Fallback for official names the KB lacks; cached (pycountry's lookup is a linear scan)."""
    import pycountry

    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return None


def actor_files() -> list[str]:
    """The bundled actor files: organisations first, then people (the main file, then the
    regional ones), then outlets — earlier files win alias ties."""
    names = sorted(p.name for p in resources.files("eventwire").joinpath("data").iterdir()
                   if p.name.startswith("actors_") and p.name.endswith(".yaml"))
    order = {"actors_organizations.yaml": 0, "actors_people.yaml": 1, "actors_outlets.yaml": 3}
    return sorted(names, key=lambda n: (order.get(n, 2), n))


LOCAL_KB_ENV = "EVENTWIRE_KB"  # extra KB files (e.g. from `eventwire kb import-wikidata`), ':'-separated


def load_local_rows(path: str | Path) -> list[dict]:
    """Actor rows from a KB file outside the package (YAML list), with a clear error."""
    path = Path(path)
    try:
        rows = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []
    except (OSError, yaml.YAMLError) as exc:
        raise EventwireError(f"{path}: knowledge base file could not be read ({exc})") from exc
    if not isinstance(rows, list):
        raise EventwireError(f"{path}: knowledge base file must hold a YAML list of actors")
    return rows


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base plus the files named in ``$EVENTWIRE_KB`` (loaded once per
    process); bundled entries win when an id appears twice."""
    actors = [row for name in actor_files() for row in _load_yaml(name)]
    known = {row["actor_id"] for row in actors}
    for extra in filter(None, os.environ.get(LOCAL_KB_ENV, "").split(os.pathsep)):
        rows = [row for row in load_local_rows(extra) if row.get("actor_id") not in known]
        countries = _load_yaml("countries.yaml")
        problems = validate_rows(countries, actors + rows)
        if problems:
            raise EventwireError(f"{extra}: {len(problems)} problem(s) in knowledge base file, first: {problems[0]}")
        actors += rows
        known |= {row["actor_id"] for row in rows}
    return KnowledgeBase.from_rows(_load_yaml("countries.yaml"), actors)
