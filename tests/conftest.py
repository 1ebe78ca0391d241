from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_DIR = SHARED / "seed"
GOLD_DIR = SHARED / "gold"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip("../shared/seed is not available")
    return files[0]


@pytest.fixture(scope="session")
def nlp():
    from eventwire.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_events(seed_path, nlp):
    from eventwire import extract, read_article

    return extract(read_article(seed_path), nlp)
