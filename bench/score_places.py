"""Score place resolution (``eventwire.places.resolve_place``) against gold toponyms.

Gold sets (each skipped when absent):
- TR-News (../shared/gold/geo/TR-News.xml): toponyms with GeoNames coordinates and country;
- bench/gold/demo_places.jsonl: place mentions of our demo corpus (annotated by the team).
Country accuracy: same ISO-3 (gold seas/international areas have none and count when we
also give none). Coordinate accuracy: within 50 km of the gold point. Coverage: resolved at all.

Usage: python bench/score_places.py [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import GOLD, run_gold_sets  # noqa: E402

from eventwire.kb import default_kb  # noqa: E402
from eventwire.places import resolve_place  # noqa: E402

DEMO_PLACES = Path(__file__).resolve().parent / "gold" / "demo_places.jsonl"
WITHIN_KM = 50.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def trnews_context() -> dict[str, set[str]]:
    """Per article, the countries of its country-level toponyms (what the article is about)."""
    ctx: dict[str, set[str]] = {}
    for doc, text, iso, lat, lon, fcode in trnews_items():
        if fcode in _COUNTRY_LEVEL and iso:
            ctx.setdefault(doc, set()).add(iso)
    return ctx


def trnews_items():
    root = ET.parse(GOLD / "geo" / "TR-News.xml").getroot()
    kb = default_kb()
    for article in root.iter("article"):
        for top in article.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.find("lat") is None:
                continue
            country_el = tag.find("country")
            iso = kb.country_of_name(country_el.text) if country_el is not None and country_el.text else None
            yield (article.get("docid"), top.findtext("phrase").strip(), iso,
                   float(tag.findtext("lat")), float(tag.findtext("lon")), tag.findtext("fcode"))


def demo_items():
    for line in DEMO_PLACES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            yield row["file"], row["text"], row.get("country"), row["lat"], row["lon"], row.get("kind")


_COUNTRY_LEVEL = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "ADM1", "TERR", "country", "region", "sea", "metonym"}


def score(items, context_of=None) -> tuple[dict, list]:
    """Country accuracy on every mention; coordinates only where a point is meaningful
    (cities, landmarks): a country's or region's "centre" differs between gazetteers."""
    c = Counter()
    misses = []
    for where, text, iso, lat, lon, kind in items:
        c["total"] += 1
        loc = resolve_place(text, context=context_of(where) if context_of else (), demonyms=True)
        if loc is None:
            c["country_ok"] += iso is None
            misses.append((where, text, iso, None))
            continue
        c["resolved"] += 1
        country_ok = loc.country == iso
        c["country_ok"] += country_ok
        point = kind not in _COUNTRY_LEVEL
        near = not point or (loc.lat is not None and haversine_km(lat, lon, loc.lat, loc.lon) <= WITHIN_KM)
        c["points"] += point
        c["within"] += point and near
        if not country_ok or not near:
            misses.append((where, text, iso, f"{loc.country} {loc.lat},{loc.lon} vs {lat},{lon} ({kind})"))
    total = max(c["total"], 1)
    return {"mentions": c["total"], "country_accuracy": round(c["country_ok"] / total, 3),
            "point_mentions": c["points"], f"points_within_{int(WITHIN_KM)}km": round(c["within"] / max(c["points"], 1), 3),
            "coverage": round(c["resolved"] / total, 3)}, misses


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    tr_news = (GOLD / "geo" / "TR-News.xml").exists()
    context = trnews_context() if tr_news else {}
    report = run_gold_sets([
        ("tr_news", trnews_items, tr_news, {"context_of": lambda doc: context.get(doc, ())}, False),
        ("demo", demo_items, DEMO_PLACES.exists(), {}, True),
    ], score, args.show_errors)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
