"""Shared helpers for the scoring scripts: gold paths, held-out split, gold type mapping."""

from __future__ import annotations

from pathlib import Path

from eventwire.evaluation import split_of  # noqa: F401  (one split rule for every scorer)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold"

# gold/README.md: score with this mapping; INVESTIGATE and DOCUMENT expect no event.
GOLD_TYPE_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
NO_EVENT_TYPES = {"INVESTIGATE", "DOCUMENT"}


def run_gold_sets(gold_sets, score, show_errors: int = 0) -> dict:
    """Score each available gold set; the team's own set (``split_key`` given) also per
    dev/held-out split by file. ``gold_sets``: (name, rows_fn, available, score_kwargs, split)."""
    report = {}
    for name, rows_fn, available, kwargs, split in gold_sets:
        if not available:
            continue
        rows = list(rows_fn())
        report[name], misses = score(rows, **kwargs)
        if split:  # held-out files were not looked at when tuning
            for part in ("dev", "heldout"):
                report[f"{name}_{part}"], _ = score([r for r in rows if split_of(r[0]) == part])
        for miss in misses[:show_errors]:
            print(name, "MISS", miss)
    return report
