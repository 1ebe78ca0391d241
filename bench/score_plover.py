"""Score the event coder against the PLOVER gold records (../shared/gold/plover).

Each gold record is one sentence; it is coded as a one-sentence article. Reported per split
(dev / held-out, see _common.split_of):
- type recall: gold type among the predicted types (no-event records: nothing predicted);
- top-1 accuracy: the first predicted event has the gold type;
- precision: predicted events whose type is the record's gold type;
- source-country agreement: for correctly typed records with an ISO-3 source in gold, a
  predicted source actor has that country.

Usage: python bench/score_plover.py [--json out.json] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import datetime

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _common import GOLD, GOLD_TYPE_MAP, NO_EVENT_TYPES, split_of  # noqa: E402

from eventwire.ingest import article_id  # noqa: E402
from eventwire.nlp import load_pipeline  # noqa: E402
from eventwire.pipeline import extract_many  # noqa: E402
from eventwire.schema import Article  # noqa: E402


def _codes(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {a.get("code") for a in actors if isinstance(a, dict) and a.get("code") and len(a.get("code")) == 3}


GOLD_FILE = GOLD / "plover" / "PLOVER_GSR_CAMEO.json"


def score(show_errors: int = 0) -> dict:
    """Scores per split, per type, plus up to ``show_errors`` missed records under '_misses'."""
    path = GOLD_FILE
    records = [r for r in json.loads(path.read_text()) if r.get("text")]
    articles = [Article(id=article_id(r["id"], r["text"]), title=r["id"], text=r["text"],
                        published_at=datetime(2000, 1, 1)) for r in records]
    by_id = {a.id: r for a, r in zip(articles, records)}
    stats: dict[str, Counter] = defaultdict(Counter)
    per_type: dict[str, Counter] = defaultdict(Counter)
    errors = []
    for article, events in extract_many(articles, load_pipeline()):
        rec = by_id[article.id]
        split = split_of(rec["id"])
        gold = GOLD_TYPE_MAP.get(rec["event"], rec["event"])
        if isinstance(events, Exception):
            events = []
        predicted = [e.event_type for e in events if not e.negated]
        s = stats[split]
        s["records"] += 1
        s["predicted_events"] += len(predicted)
        if gold in NO_EVENT_TYPES:
            s["no_event_records"] += 1
            s["no_event_correct"] += not predicted
            s["type_recall_hits"] += not predicted
            s["top1_hits"] += not predicted
            continue
        per_type[gold]["gold"] += 1
        hit = gold in predicted
        s["type_recall_hits"] += hit
        s["top1_hits"] += bool(predicted) and predicted[0] == gold
        s["precise_events"] += sum(p == gold for p in predicted)
        per_type[gold]["hit"] += hit
        for p in predicted:
            per_type[p]["predicted"] += 1
            per_type[p]["predicted_correct"] += p == gold
        if hit:
            gold_src = _codes(rec.get("source"))
            if gold_src:
                s["src_scored"] += 1
                ev = next(e for e in events if e.event_type == gold)
                s["src_hits"] += bool(gold_src & {a.country for a in ev.source_actors})
        elif len(errors) < show_errors:
            errors.append((rec["id"], gold, predicted, rec["text"]))
    report = {}
    for split in ("dev", "heldout"):
        s = stats[split]
        report[split] = {
            "records": s["records"],
            "type_recall": round(s["type_recall_hits"] / max(s["records"], 1), 3),
            "top1_accuracy": round(s["top1_hits"] / max(s["records"], 1), 3),
            "precision": round(s["precise_events"] / max(s["predicted_events"], 1), 3),
            "no_event_correct": f'{s["no_event_correct"]}/{s["no_event_records"]}',
            "source_country_agreement": round(s["src_hits"] / max(s["src_scored"], 1), 3),
        }
    report["per_type"] = {t: dict(c) for t, c in sorted(per_type.items())}
    report["_misses"] = errors
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", help="write the scores to this file")
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    if not GOLD_FILE.exists():
        print(f"gold data not found at {GOLD_FILE}", file=sys.stderr)
        return 2
    report = score(args.show_errors)
    errors = report.pop("_misses")
    per_type = report["per_type"]
    print(json.dumps({k: v for k, v in report.items() if k != "per_type"}, indent=2))
    print("per type (gold / recalled / predicted / predicted correct):")
    for t, c in sorted(per_type.items()):
        print(f"  {t:10s} {c.get('gold', 0):4d} {c.get('hit', 0):4d} {c.get('predicted', 0):4d} {c.get('predicted_correct', 0):4d}")
    for e in errors:
        print("MISS", e)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
