"""Evaluation: score a system run against gold events (``eventwire eval GOLD.jsonl``).

Gold JSON Lines, one item per line:
``{"id", "text", "published_at", "events": [{"event_type", "source": [...], "target": [...],
"date", "location_country", "negated", "hypothetical"}]}`` — ``events: []`` marks a sentence
where no event is expected. Reported: per-type and macro precision/recall/F1 for the event
type (matched within each item, whatever the negated/hypothetical flags), participant
precision/recall/F1 on type-matched events, date, location and flag accuracy, the share of eventless items with a false event, each per split
(dev / held-out by a stable hash of the item id, so held-out items are never tuned on).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import IngestError
from .ingest import article_id, parse_timestamp
from .kb import default_kb, norm
from .schema import EVENT_TYPES, Article, Event


def split_of(key: str) -> str:
    """A third of items (by hash) are held out from tuning."""
    return "heldout" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def load_gold(path: Path) -> list[dict]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{path}:{n}", f"not valid JSON ({exc})") from exc
        if not isinstance(item, dict) or "text" not in item or "events" not in item:
            raise IngestError(f"{path}:{n}", "gold item needs 'text' and 'events'")
        for ev in item["events"]:
            if ev.get("event_type") not in EVENT_TYPES:
                raise IngestError(f"{path}:{n}", f"unknown event_type {ev.get('event_type')!r}")
        item.setdefault("id", f"{path.name}:{n}")
        items.append(item)
    return items


def _name_matches(gold: str, actor) -> bool:
    g, n = norm(gold), norm(actor.name)
    if g == n or (g.split() and n.split() and g.split()[-1] == n.split()[-1] and len(g.split()[-1]) > 3):
        return True
    iso = default_kb().country_of(gold)
    return bool(iso) and actor.country == iso and (actor.actor_id is None or actor.actor_id.startswith("CTRY_"))


@dataclass
class _Tally:
    type_tp: Counter = field(default_factory=Counter)
    type_gold: Counter = field(default_factory=Counter)
    type_pred: Counter = field(default_factory=Counter)
    part_tp: int = 0
    part_gold: int = 0
    part_pred: int = 0
    date_ok: int = 0
    date_n: int = 0
    loc_ok: int = 0
    loc_n: int = 0
    flags_ok: int = 0
    matched: int = 0
    negatives: int = 0
    false_on_negatives: int = 0
    items: int = 0

    def report(self) -> dict:
        per_type = {}
        f1s = []
        for t in EVENT_TYPES:
            tp, g, p = self.type_tp[t], self.type_gold[t], self.type_pred[t]
            if not g and not p:
                continue
            prec = tp / p if p else 0.0
            rec = tp / g if g else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            per_type[t] = {"gold": g, "predicted": p, "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}
            if g:
                f1s.append(f1)
        pp = self.part_tp / self.part_pred if self.part_pred else 0.0
        pr = self.part_tp / self.part_gold if self.part_gold else 0.0
        return {
            "items": self.items,
            "macro_f1": round(sum(f1s) / len(f1s), 3) if f1s else 0.0,
            "micro_precision": round(sum(self.type_tp.values()) / max(sum(self.type_pred.values()), 1), 3),
            "micro_recall": round(sum(self.type_tp.values()) / max(sum(self.type_gold.values()), 1), 3),
            "participants_precision": round(pp, 3), "participants_recall": round(pr, 3),
            "participants_f1": round(2 * pp * pr / (pp + pr), 3) if pp + pr else 0.0,
            "date_accuracy": round(self.date_ok / self.date_n, 3) if self.date_n else None,
            "location_accuracy": round(self.loc_ok / self.loc_n, 3) if self.loc_n else None,
            "flag_accuracy": round(self.flags_ok / self.matched, 3) if self.matched else None,
            "false_event_rate_on_negatives": round(self.false_on_negatives / self.negatives, 3) if self.negatives else None,
            "per_type": per_type,
        }


def _score_item(tally: _Tally, gold_events: list[dict], predicted: list[Event]) -> None:
    tally.items += 1
    if not gold_events:
        tally.negatives += 1
        tally.false_on_negatives += bool(predicted)
    for ev in predicted:
        tally.type_pred[ev.event_type] += 1
    unused = list(predicted)
    for g in gold_events:
        tally.type_gold[g["event_type"]] += 1
        names = [*g.get("source", []), *g.get("target", [])]
        candidates = [p for p in unused if p.event_type == g["event_type"]]
        if not candidates:
            continue
        def overlap(p: Event) -> int:
            return sum(any(_name_matches(n, a) for a in p.source_actors + p.target_actors) for n in names)
        best = max(candidates, key=overlap)
        unused.remove(best)
        tally.type_tp[g["event_type"]] += 1
        tally.matched += 1
        tally.flags_ok += (best.negated, best.hypothetical) == (bool(g.get("negated")), bool(g.get("hypothetical")))
        actors = best.source_actors + best.target_actors
        tally.part_gold += len(names)
        tally.part_pred += len(actors)
        tally.part_tp += min(overlap(best), len(actors))
        if g.get("date"):
            tally.date_n += 1
            tally.date_ok += str(best.date) == g["date"]
        if g.get("location_country"):
            tally.loc_n += 1
            tally.loc_ok += bool(best.location and best.location.country == g["location_country"])


def evaluate(items: list[dict], extract_many=None) -> dict:
    """Scores per split ('dev', 'heldout', 'all') for gold ``items``."""
    from .pipeline import extract_many as default_extract

    extract_many = extract_many or default_extract
    articles = []
    for item in items:
        published = parse_timestamp(str(item.get("published_at") or "")) or (
            datetime.fromisoformat(item["published_at"]) if item.get("published_at") else None)
        text = item["text"].strip()
        articles.append(Article(id=article_id(str(item["id"]), text), title=str(item["id"]), text=text, published_at=published))
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for item, (_, result) in zip(items, extract_many(articles)):
        predicted = result if isinstance(result, list) else []
        for split in (split_of(str(item["id"])), "all"):
            _score_item(tallies[split], item["events"], predicted)
    return {split: tallies[split].report() for split in ("dev", "heldout", "all") if split in tallies}
