from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwire import IngestError
from eventwire.cli import app
from eventwire.evaluation import evaluate, load_gold

GOLD = [
    {"id": "g1", "published_at": "2024-02-16 09:00:00",
     "text": "Turkish Foreign Minister Hakan Fidan met Egyptian Foreign Minister Sameh Shoukry in Cairo on Tuesday.",
     "events": [{"event_type": "CONSULT", "source": ["Hakan Fidan"], "target": ["Sameh Shoukry"],
                 "date": "2024-02-13", "location_country": "EGY"}]},
    {"id": "g2", "published_at": "2024-02-16 09:00:00",
     "text": "Shares of the carmaker rose four percent after strong quarterly sales.", "events": []},
    {"id": "g3", "published_at": "2024-06-24 15:00:00",
     "text": "The European Union imposed sanctions on Russia on Monday.",
     "events": [{"event_type": "SANCTION", "source": ["European Union"], "target": ["Russia"], "date": "2024-06-24"}]},
]


def _write(tmp_path, items):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n")
    return path


def test_scores_types_participants_dates_and_places(tmp_path, nlp):
    report = evaluate(load_gold(_write(tmp_path, GOLD)))["all"]
    assert report["items"] == 3
    assert report["per_type"]["CONSULT"] == {"gold": 1, "predicted": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report["per_type"]["SANCTION"]["recall"] == 1.0
    assert report["macro_f1"] == 1.0
    assert report["participants_recall"] == 1.0
    assert report["date_accuracy"] == 1.0 and report["location_accuracy"] == 1.0
    assert report["false_event_rate_on_negatives"] == 0.0


def test_a_missed_event_lowers_recall(tmp_path, nlp):
    items = [dict(GOLD[0], events=GOLD[0]["events"] + [{"event_type": "ASSAULT", "source": ["Hakan Fidan"], "target": []}])]
    report = evaluate(load_gold(_write(tmp_path, items)))["all"]
    assert report["per_type"]["ASSAULT"] == {"gold": 1, "predicted": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert report["macro_f1"] == 0.5


def test_bad_gold_is_reported_with_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "events": [{"event_type": "PARTY"}]}) + "\n")
    with pytest.raises(IngestError, match="bad.jsonl:1: unknown event_type 'PARTY'"):
        load_gold(path)


def test_eval_command_json(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(_write(tmp_path, GOLD)), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["all"]["macro_f1"] == 1.0
