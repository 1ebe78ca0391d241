"""Accuracy floors on gold data (trafilatura-style gate).

The floors were measured with bench/score_*.py; the gold file's hash is pinned so a changed
test set is noticed instead of silently moving the numbers. Lowering a floor is a deliberate
edit of this file, explained in the commit message.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLOVER_GOLD = ROOT.parent / "shared" / "gold" / "plover" / "PLOVER_GSR_CAMEO.json"
PLOVER_SHA256_PREFIX = "f0d516858bf7ad05"
PLOVER_FLOORS = {"type_recall": 0.48, "precision": 0.6}


@pytest.mark.slow
def test_plover_gold_floors():
    if not PLOVER_GOLD.exists():
        pytest.skip("../shared/gold is not available")
    digest = hashlib.sha256(PLOVER_GOLD.read_bytes()).hexdigest()
    assert digest.startswith(PLOVER_SHA256_PREFIX), f"PLOVER gold changed (sha256 {digest[:16]}); re-measure the floors"
    sys.path.insert(0, str(ROOT / "bench"))
    from score_plover import score

    report = score()
    for split in ("dev", "heldout"):
        for metric, floor in PLOVER_FLOORS.items():
            assert report[split][metric] >= floor, (split, metric, report[split][metric])
