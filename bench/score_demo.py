"""Score the coder against the demo corpus's hand-coded manifest (src/eventwire/demo/corpus).

A gold event is *found* when a predicted event of the same type has the gold evidence inside
one of its evidence sentences. For found events: source/target actor agreement (every gold
name matches a predicted actor's name, surname or country) and date accuracy. Precision is a
lower bound: the manifest lists only each article's main events. Reported per split by story
(dev / held-out, see _common.split_of) and overall.

Usage: python bench/score_demo.py [--json out.json] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import split_of  # noqa: E402

from eventwire.demo import demo_articles, manifest  # noqa: E402
from eventwire.kb import default_kb, norm  # noqa: E402
from eventwire.pipeline import extract_many  # noqa: E402


def _name_match(gold: str, actors) -> bool:
    g = norm(gold)
    iso = default_kb().country_of(gold)
    for a in actors:
        n = norm(a.name)
        # A country, or an unnamed description of its officials ("a senior Indian diplomat").
        country_actor = a.actor_id is None or a.actor_id.startswith("CTRY_")
        if g == n or g.split()[-1] == n.split()[-1] or (iso and a.country == iso and country_actor):
            return True
        if a.organization and norm(a.organization) == g:
            return True
    return False


def score() -> dict:
    rows = manifest()
    articles = demo_articles()
    stats: dict[str, Counter] = defaultdict(Counter)
    per_type: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for (article, events), row in zip(extract_many(articles), rows):
        if isinstance(events, Exception):
            events = []
        for split in (split_of(row["story"]), "all"):
            s = stats[split]
            s["articles"] += 1
            s["predicted"] += len(events)
            matched_pred = set()
            for gold in row["events"]:
                s["gold"] += 1
                if split == "all":
                    per_type[gold["event_type"]]["gold"] += 1
                found = None
                for i, e in enumerate(events):
                    sentences = [e.evidence.sentence] + [x.sentence for x in e.supporting_evidence]
                    if e.event_type == gold["event_type"] and any(gold["evidence"] in x or x in gold["evidence"] for x in sentences):
                        found = (i, e)
                        break
                if found is None:
                    if split == "all":
                        near = [(e.event_type, e.trigger) for e in events if any(gold["evidence"] in x.sentence for x in [e.evidence, *e.supporting_evidence])]
                        misses.append((row["file"], gold["event_type"], gold["evidence"][:90], near))
                    continue
                i, e = found
                matched_pred.add(i)
                s["found"] += 1
                if split == "all":
                    per_type[gold["event_type"]]["found"] += 1
                s["source_ok"] += all(_name_match(n, e.source_actors) for n in gold["source"])
                s["target_ok"] += all(_name_match(n, e.target_actors + e.source_actors) for n in gold["target"])
                s["date_ok"] += str(e.date) == gold["date"]
                s["flags_ok"] += (e.negated, e.hypothetical) == (gold.get("negated", False), gold.get("hypothetical", False))
            s["precise"] += len(matched_pred)
    report = {}
    for split in ("dev", "heldout", "all"):
        s = stats[split]
        found = max(s["found"], 1)
        report[split] = {
            "articles": s["articles"], "gold_events": s["gold"], "predicted_events": s["predicted"],
            "recall": round(s["found"] / max(s["gold"], 1), 3),
            "precision_lower_bound": round(s["precise"] / max(s["predicted"], 1), 3),
            "source_agreement": round(s["source_ok"] / found, 3),
            "target_agreement": round(s["target_ok"] / found, 3),
            "date_accuracy": round(s["date_ok"] / found, 3),
            "flag_accuracy": round(s["flags_ok"] / found, 3),
        }
    report["per_type_recall"] = {t: f'{c["found"]}/{c["gold"]}' for t, c in sorted(per_type.items())}
    report["_misses"] = misses
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    report = score()
    misses = report.pop("_misses")
    print(json.dumps(report, indent=2))
    for m in misses[: args.show_errors]:
        print("MISS", m)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
