"""The HTTP API in-process (ASGI) on a real demo database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwire import EventStore
from eventwire.api import create_app
from eventwire.demo import demo_articles
from eventwire.runner import ingest_articles


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with EventStore(path) as store:
        ingest_articles(store, demo_articles()[:6])
    return path


def test_events_list_filters_and_detail(db):
    client = TestClient(create_app(db, token=""))
    page = client.get("/api/events", params={"actor": "Joe Biden", "type": "CONSULT", "limit": 5}).json()
    assert page["events"] and all(e["event_type"] == "CONSULT" for e in page["events"])
    merged = page["events"][0]
    detail = client.get(f"/api/events/{merged['id']}").json()
    assert detail["event"]["id"] == merged["id"]
    assert len(detail["reports"]) == merged["n_reports"]
    assert all(r["evidence"]["sentence"] for r in detail["reports"])
    response = client.get("/api/events")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_actor_profile_and_aggregates(db):
    client = TestClient(create_app(db, token=""))
    profile = client.get("/api/actors/PER_JOE_BIDEN").json()
    assert profile["name"] == "Joe Biden" and profile["country"] == "USA" and profile["events_by_type"]
    series = client.get("/api/aggregates/series", params={"interval": "month"}).json()
    assert series["rows"] and {"period", "event_type", "events"} <= set(series["rows"][0])


def test_errors_have_one_json_shape(db):
    client = TestClient(create_app(db, token=""))
    for url, status in (("/api/events/mev_nope", 404), ("/api/actors/Nobody", 404),
                        ("/api/aggregates/histogram", 404), ("/api/events?limit=100000", 422)):
        response = client.get(url)
        assert response.status_code == status
        body = response.json()
        assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]


def test_writes_need_the_token(db, tmp_path):
    article = {"title": "Talks in Cairo", "published_at": "2024-03-04 10:00:00",
               "text": "Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on Monday."}
    closed = TestClient(create_app(db, token=""))
    assert closed.post("/api/articles", json={"articles": [article]}).status_code == 403
    target = tmp_path / "w.duckdb"
    open_app = TestClient(create_app(target, token="s3cret"))
    assert open_app.post("/api/articles", json={"articles": [article]}).status_code == 401
    ok = open_app.post("/api/articles", json={"articles": [article]}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["ingested"] == 1 and ok.json()["events"] >= 1
    too_many = open_app.post("/api/articles", json={"articles": [article] * 51}, headers={"Authorization": "Bearer s3cret"})
    assert too_many.status_code == 422 and "articles" in too_many.json()["error"]["message"]
