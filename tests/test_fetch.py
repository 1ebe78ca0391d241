"""HTTP ingestion at the seam: canned responses via httpx.MockTransport, a fake resolver."""

from __future__ import annotations

import httpx
import pytest

from eventwire import EventStore, IngestError
from eventwire.fetch import USER_AGENT, Fetcher, check_url, fetch_articles
from eventwire.runner import poll_feed, watch_feeds

BODY = ("Egyptian Foreign Minister Sameh Shoukry met his Jordanian counterpart Ayman Safadi in Cairo on Monday "
        "to discuss the situation in Gaza, the ministry said in a statement. ") * 3
PAGE = f"<html><head><title>Talks</title></head><body><article><p>{BODY}</p></article></body></html>"
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>World Desk</title>
<item><title>Talks in Cairo</title><link>https://news.example/talks</link><description>Short teaser.</description>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item></channel></rss>"""

PUBLIC = {"news.example": ["93.184.216.34"], "evil.example": ["93.184.216.35"], "inside.example": ["10.0.0.7"]}


def resolver(host: str) -> list[str]:
    return PUBLIC[host]


def make_fetcher(handler, **kw) -> Fetcher:
    return Fetcher(transport=httpx.MockTransport(handler), resolver=resolver, sleep=lambda s: None, **kw)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/admin", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://inside.example/feed", "private"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_internal_addresses_are_refused(url, why):
    with pytest.raises(IngestError, match=f"resolves to a {why} address"):
        check_url(url, resolver, allow_private=False)
    check_url(url, resolver, allow_private=True)  # explicitly allowed


def test_non_http_schemes_are_refused():
    with pytest.raises(IngestError, match="only http:// and https://"):
        check_url("file:///etc/passwd", resolver, allow_private=True)


def test_redirect_to_internal_host_is_refused():
    def handler(request):
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})

    results = list(fetch_articles("https://evil.example/", make_fetcher(handler)))
    assert len(results) == 1 and "link-local" in results[0].reason


def test_page_fetch_sends_user_agent_and_parses_html():
    seen = []

    def handler(request):
        seen.append(request.headers["user-agent"])
        return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE)

    article = list(fetch_articles("https://news.example/talks", make_fetcher(handler)))[0]
    assert seen == [USER_AGENT] and "Sameh Shoukry" in article.text
    assert article.url == "https://news.example/talks" and article.outlet == "news.example"


def test_retries_with_backoff_then_succeeds():
    calls, sleeps = [], []

    def handler(request):
        calls.append(1)
        if len(calls) < 3:
            return httpx.Response(503)
        return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE)

    fetcher = Fetcher(transport=httpx.MockTransport(handler), resolver=resolver, sleep=sleeps.append, backoff=0.5)
    assert list(fetch_articles("https://news.example/x", fetcher))[0].title == "Talks"
    assert sleeps == [0.5, 1.0]


def test_gives_up_after_retries_with_a_clear_reason():
    def handler(request):
        raise httpx.ConnectError("connection refused")

    result = list(fetch_articles("https://news.example/x", make_fetcher(handler, retries=2)))[0]
    assert isinstance(result, IngestError)
    assert result.reason.startswith("could not be fetched after 3 tries (ConnectError")


def test_response_size_cap():
    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)

    result = list(fetch_articles("https://news.example/big", make_fetcher(handler, max_bytes=1000)))[0]
    assert "over the 1,000-byte limit" in result.reason or "exceeded the 1,000-byte limit" in result.reason


def test_feed_entries_with_only_a_teaser_are_fetched_in_full():
    def handler(request):
        if request.url.path == "/rss":
            return httpx.Response(200, headers={"content-type": "application/rss+xml"}, text=RSS)
        return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE)

    articles = list(fetch_articles("https://news.example/rss", make_fetcher(handler)))
    assert len(articles) == 1
    assert "Sameh Shoukry" in articles[0].text and articles[0].outlet == "World Desk"
    assert articles[0].published_at.isoformat().startswith("2024-03-04T09:00")


def test_watch_uses_conditional_get(tmp_path):
    requests = []

    def handler(request):
        requests.append(dict(request.headers))
        if request.url.path == "/rss":
            if request.headers.get("if-none-match") == '"v1"':
                return httpx.Response(304)
            return httpx.Response(200, headers={"content-type": "application/rss+xml", "etag": '"v1"'}, text=RSS)
        return httpx.Response(200, headers={"content-type": "text/html"}, text=PAGE)

    rounds = []
    with EventStore(tmp_path / "w.duckdb") as store:
        watch_feeds(store, ["https://news.example/rss"], 60, make_fetcher(handler), rounds=2,
                    on_round=lambda n, url, s: rounds.append(s.line()), sleep=lambda s: None)
        assert store.count("articles") == 1
    assert rounds[0].startswith("ingested 1,") and rounds[1] == "ingested 0, duplicates 0, skipped 0, failed 0, events 0"
    feed_requests = [r for r in requests if "if-none-match" in r]
    assert len(feed_requests) == 1  # the second poll was conditional and answered 304


def test_poll_failure_is_reported(tmp_path):
    def handler(request):
        return httpx.Response(404)

    with EventStore(tmp_path / "w.duckdb") as store:
        summary = poll_feed(store, "https://news.example/missing", make_fetcher(handler))
    assert summary.failed == [("https://news.example/missing", "HTTP 404")]
