"""Shared helpers for the scoring scripts: gold paths, held-out split, gold type mapping."""

from __future__ import annotations

import hashlib
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold"

# gold/README.md: score with this mapping; INVESTIGATE and DOCUMENT expect no event.
GOLD_TYPE_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
NO_EVENT_TYPES = {"INVESTIGATE", "DOCUMENT"}


def split_of(key: str) -> str:
    """Stable dev/held-out split: a third of items (by hash) are held out from tuning."""
    return "heldout" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 3 == 0 else "dev"
