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


def test_sorting_paging_and_totals(db):
    client = TestClient(create_app(db, token=""))
    page = client.get("/api/events", params={"sort": "reports", "limit": 10}).json()
    reports = [e["n_reports"] for e in page["events"]]
    assert reports == sorted(reports, reverse=True) and reports[0] >= 2
    assert page["total"] >= len(page["events"]) and page["sort"] == "reports"
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"])
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()["events"]
    assert [e["id"] for e in second] == [e["id"] for e in everything["events"][5:10]]
    oldest = client.get("/api/events", params={"order": "asc", "limit": 3}).json()["events"]
    assert oldest[0]["date"] <= oldest[-1]["date"] and len(oldest[0]["date"]) == 10  # a date, not a timestamp
    bad = client.get("/api/events", params={"sort": "evidence; DROP TABLE events"})
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("query.sort")


def test_articles_search_countries_and_highlights(db):
    client = TestClient(create_app(db, token=""))
    articles = client.get("/api/articles", params={"limit": 3}).json()
    assert articles["total"] == 6 and len(articles["articles"]) == 3
    detail = client.get(f"/api/articles/{articles['articles'][0]['id']}").json()
    text = detail["article"]["text"]
    assert detail["events"]
    for event in detail["events"]:  # evidence offsets index the stored text
        assert text[event["start"]:event["end"]].strip()
    assert client.get("/api/articles/nope").status_code == 404
    found = client.get("/api/search", params={"q": "biden"}).json()
    assert "Joe Biden" in [a["name"] for a in found["actors"]]
    assert all("biden" in e["evidence"].lower() or e["id"] for e in found["events"])
    countries = {r["country"]: r["events"] for r in client.get("/api/aggregates/countries").json()["rows"]}
    assert countries["UKR"] >= 1 and countries["USA"] >= 1
    top = client.get("/api/events", params={"sort": "reports", "limit": 1}).json()["events"][0]
    for report in client.get(f"/api/events/{top['id']}").json()["reports"]:
        sentence = report["evidence"]["sentence"]
        kinds = {h["kind"] for h in report["highlights"]}
        assert "trigger" in kinds
        for h in report["highlights"]:
            assert 0 <= h["start"] < h["end"] <= len(sentence)


def test_ui_is_served_with_a_strict_content_security_policy(db):
    client = TestClient(create_app(db, token=""))
    index = client.get("/")
    assert index.status_code == 200 and '<script src="/static/app.js"' in index.text
    csp = index.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/world.geojson").json()["type"] == "FeatureCollection"
    assert "access-control-allow-origin" not in client.get("/api/events", headers={"Origin": "https://evil.example"}).headers


def test_oversized_request_bodies_are_refused_before_reading(db, tmp_path):
    from eventwire.api import MAX_BODY_BYTES

    client = TestClient(create_app(tmp_path / "w.duckdb", token="s3cret"))
    response = client.post("/api/articles", content=b"{}", headers={"Authorization": "Bearer s3cret",
                           "Content-Type": "application/json", "Content-Length": str(MAX_BODY_BYTES + 1)})
    assert response.status_code == 413 and "request body over" in response.json()["error"]["message"]
    assert not (tmp_path / "w.duckdb").exists()
