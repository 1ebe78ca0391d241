"""Score date resolution (``eventwire.dates.resolve_date``) against gold time expressions.

Gold sets (each skipped when absent):
- MEANTIME (../shared/gold/time/meantime): TIMEX3 of type DATE with a concrete value,
  resolved against the document creation time;
- bench/gold/demo_times.jsonl: time expressions of our demo corpus, resolved against the
  article's publication time (annotated by the team).
Exact-value accuracy compares value at the gold granularity (YYYY, YYYY-MM, YYYY-MM-DD,
YYYY-Www); coverage is the share of expressions we resolve at all.

Usage: python bench/score_time.py [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import GOLD, run_gold_sets  # noqa: E402

from eventwire.dates import resolve_date  # noqa: E402

DEMO_TIMES = Path(__file__).resolve().parent / "gold" / "demo_times.jsonl"
_CONCRETE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


def _as_value(d: date, precision: str, granularity: str) -> str:
    if granularity == "week" or precision == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return {"year": d.strftime("%Y"), "month": d.strftime("%Y-%m")}.get(granularity, d.isoformat())


def _granularity(value: str) -> str:
    if "-W" in value:
        return "week"
    return {4: "year", 7: "month"}.get(len(value), "day")


def meantime_items():
    root = GOLD / "time" / "meantime" / "intra-doc_annotation"
    for path in sorted(root.rglob("*.xml")):
        tree = ET.parse(path).getroot()
        tokens = {t.get("t_id"): t.text or "" for t in tree.iter("token")}
        dct = None
        timexes = []
        for tx in tree.iter("TIMEX3"):
            anchors = [a.get("t_id") for a in tx.iter("token_anchor")]
            if tx.get("functionInDocument") == "CREATION_TIME":
                dct = tx.get("value")
            elif tx.get("type") == "DATE" and anchors and _CONCRETE.match(tx.get("value") or ""):
                timexes.append((" ".join(tokens[a] for a in anchors), tx.get("value")))
        if dct and _CONCRETE.match(dct) and len(dct) == 10:
            base = datetime.fromisoformat(dct + "T12:00:00")
            for text, value in timexes:
                yield path.name, text, base, value


def demo_items():
    for line in DEMO_TIMES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            d = date.fromisoformat(row["value"])
            gran = row["precision"]
            value = _as_value(d, gran, gran)
            yield row["file"], row["text"], datetime.fromisoformat(row["published_at"]), value


def score(items) -> tuple[dict, list]:
    c = Counter()
    misses = []
    for where, text, base, gold in items:
        c["total"] += 1
        r = resolve_date(text, base)
        if r is None:
            misses.append((where, text, str(base.date()), gold, None))
            continue
        c["resolved"] += 1
        got = _as_value(r.date, r.precision, _granularity(gold))
        if got == gold:
            c["exact"] += 1
        else:
            misses.append((where, text, str(base.date()), gold, f"{r.date} {r.precision}"))
    total = max(c["total"], 1)
    return {"expressions": c["total"], "exact_value_accuracy": round(c["exact"] / total, 3),
            "coverage": round(c["resolved"] / total, 3),
            "accuracy_when_resolved": round(c["exact"] / max(c["resolved"], 1), 3)}, misses


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    report = run_gold_sets([
        ("meantime", meantime_items, (GOLD / "time" / "meantime").exists(), {}, False),
        ("demo", demo_items, DEMO_TIMES.exists(), {}, True),
    ], score, args.show_errors)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
