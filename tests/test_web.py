"""The web UI in real headless Chromium (Debian ``chromium``, driven by Playwright) against the
real app served by uvicorn on loopback, over a database of demo articles plus one hostile one.

Skipped when Chromium or Playwright is missing, unless ``EVENTWIRE_REQUIRE_BROWSER=1`` (set by
``.ci/run``, which installs Chromium), so CI cannot pass by skipping. Screenshots go to
``$EVENTWIRE_SCREENSHOTS`` when set (``make screenshots`` writes ``docs/screenshots``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from eventwire import EventStore
from eventwire.api import create_app
from eventwire.demo import demo_articles
from eventwire.runner import ingest_articles
from eventwire.sources import article_from_record

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE_TITLE = 'Talks <script>window.__xss = "title"</script> in Cairo'
HOSTILE_TEXT = ('Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on '
                'Monday <img src=x onerror="window.__xss = \'img\'"> to discuss the war in Gaza. '
                '<script>window.__xss = "body"</script> Safadi condemned the strikes <b onmouseover="window.__xss=1">now</b>.')

pytestmark = pytest.mark.slow


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM is None or sync_playwright is None:
        if os.environ.get("EVENTWIRE_REQUIRE_BROWSER") == "1":
            pytest.fail("EVENTWIRE_REQUIRE_BROWSER=1 but Chromium or Playwright is missing")
        pytest.skip("headless Chromium (Debian chromium) and playwright are needed for UI tests")
    return sync_playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory, nlp):
    import uvicorn

    sync_playwright = _playwright()
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    hostile = article_from_record({"title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "published_at": "2024-03-05 09:00:00",
                                   "url": "javascript:window.__xss='url'", "outlet": "Hostile <i>Wire</i>"}, "hostile")
    with EventStore(db) as store:
        # Screenshots for the docs show the whole demo corpus; the tests need only a slice.
        demo = demo_articles() if os.environ.get("EVENTWIRE_SCREENSHOTS") else demo_articles()[:10]
        ingest_articles(store, [*demo, hostile])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(db, token=""), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield {"url": f"http://127.0.0.1:{port}/", "browser": browser, "db": db}
        browser.close()
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(server):
    context = server["browser"].new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.errors = []
    page.dialogs = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _open(page, server, route: str, view: str):
    page.goto(server["url"] + route)
    page.wait_for_selector(f"body[data-ready={view}]", timeout=15000)


def _shoot(page, name: str) -> None:
    folder = os.environ.get("EVENTWIRE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_filter_events_open_one_and_see_highlighted_evidence(page, server):
    _open(page, server, "", "events")
    assert page.locator("#events-table tbody tr").count() > 5
    _shoot(page, "events")
    page.select_option("#f-type", "CONSULT")
    page.fill("#f-actor", "Joe Biden")
    page.click("#f-apply")
    page.wait_for_function("location.hash.includes('type=CONSULT')")
    page.wait_for_selector("body[data-ready=events]")
    badges = page.locator("#events-table tbody .badge").all_inner_texts()
    assert badges and set(badges) == {"CONSULT"}
    page.click('th a[data-sort="reports"]')  # most reported first: Biden's visit to Kyiv
    page.wait_for_function("location.hash.includes('sort=reports')")
    page.wait_for_selector("body[data-ready=events]")
    page.locator("a.open-event").first.click()
    page.wait_for_selector("body[data-ready=event]")
    assert page.locator(".report").count() >= 3  # several outlets reported it
    sentences = page.locator(".evidence-sentence")
    for n in range(sentences.count()):
        assert sentences.nth(n).locator("mark.hl-trigger").count() == 1
    marked = page.locator(".evidence-sentence mark.hl-source, .evidence-sentence mark.hl-target").all_inner_texts()
    assert any("Biden" in m for m in marked) and any("Zelensk" in m for m in marked)
    assert page.locator(".evidence-sentence mark.hl-date").count() >= 1  # "on Monday"
    _shoot(page, "event")
    page.locator("a.article-link").first.click()
    page.wait_for_selector("body[data-ready=article]")
    assert page.locator(".evidence-in-text").count() >= 1
    _shoot(page, "article")
    assert page.errors == []


def test_sorting_and_paging(page, server):
    _open(page, server, "#/?sort=reports&order=desc", "events")
    reports = [int(x) for x in page.locator("#events-table tbody tr td:nth-child(6)").all_inner_texts()]
    assert reports == sorted(reports, reverse=True) and reports[0] >= 2
    info = page.locator("#page-info").inner_text()
    assert info.startswith("1–25 of ")
    page.click("#next")
    page.wait_for_function("location.hash.includes('offset=25')")
    page.wait_for_selector("body[data-ready=events]")
    assert page.locator("#page-info").inner_text().startswith("26–")


def test_actor_page_has_partner_graph_and_timeline(page, server):
    _open(page, server, "#/actor/PER_JOE_BIDEN", "actor")
    assert page.locator("#actor-name").inner_text() == "Joe Biden"
    nodes = page.locator("#partner-graph a.node text").all_text_contents()
    assert any("Zelensk" in n for n in nodes)
    assert page.locator("#actor-timeline rect[data-type]").count() >= 1
    _shoot(page, "actor")
    assert page.errors == []


def test_timeline_and_map(page, server):
    _open(page, server, "#/timeline?interval=month", "timeline")
    assert page.locator("#timeline-chart rect[data-type]").count() >= 3
    _shoot(page, "timeline")
    _open(page, server, "#/map", "map")
    assert page.locator("#world-map path.country").count() >= 150
    assert page.locator('#world-map path.has-events[data-iso3="UKR"]').count() == 1
    _shoot(page, "map")
    page.locator('#world-map path.has-events[data-iso3="UKR"]').click()
    page.wait_for_function("location.hash.includes('country=UKR')")
    page.wait_for_selector("body[data-ready=events]")
    assert page.locator("#events-table tbody tr").count() >= 1
    assert page.errors == []


def test_hostile_article_text_is_shown_not_run(page, server):
    """<script>, <img onerror>, inline handlers and a javascript: URL in a stored article stay text."""
    _open(page, server, "#/search?q=Safadi", "search")
    assert page.locator("#search-events li").count() >= 1
    page.locator("#search-events a").first.click()
    page.wait_for_selector("body[data-ready=event]")
    page.locator("a.article-link").first.click()
    page.wait_for_selector("body[data-ready=article]")
    text = page.locator(".article-text").inner_text()
    assert '<script>window.__xss = "body"</script>' in text
    assert "<img src=x onerror=" in text
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("main script, main img, main b").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.mouse.move(10, 10)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == [] and page.errors == []
    _shoot(page, "hostile-article")
