from __future__ import annotations

from datetime import datetime

import pytest

from eventwire import IngestError, parse_text_article, read_article, read_articles
from eventwire.ingest import RawInput, parse_article

ARTICLE = """Ministers meet in Cairo

2024-03-05 10:00:00
Ministers meet in Cairo

Egyptian Foreign Minister Sameh Shoukry met his Jordanian counterpart on Monday.

Share this article: Facebook Twitter WhatsApp

Error! Error occured!
"""


def test_plain_text_layout_is_parsed_and_cleaned():
    article = parse_text_article(ARTICLE, "a.txt")
    assert article.title == "Ministers meet in Cairo"
    assert article.published_at == datetime(2024, 3, 5, 10, 0, 0)
    assert article.text == "Egyptian Foreign Minister Sameh Shoukry met his Jordanian counterpart on Monday."
    assert article.id.startswith("art_")


def test_timestamp_may_come_before_headline_and_headline_repeat_is_optional():
    article = parse_text_article("2024-03-05T10:00:00Z\nHeadline here\n\nBody sentence one.\n", "b.txt")
    assert article.title == "Headline here"
    assert article.published_at.year == 2024 and article.published_at.tzinfo is not None
    assert article.text == "Body sentence one."


def test_same_content_gets_same_id_and_different_content_does_not():
    a = parse_text_article(ARTICLE, "a.txt")
    b = parse_text_article(ARTICLE.replace("\n\n", "\n\n\n"), "other-name.txt")
    c = parse_text_article(ARTICLE.replace("Monday", "Tuesday"), "a.txt")
    assert a.id == b.id != c.id


def test_seed_article_is_cleaned(seed_path):
    article = read_article(seed_path)
    assert article.title.startswith("Lebanon's Hezbollah chief meets")
    assert article.published_at == datetime(2023, 9, 2, 21, 42, 35)
    assert "Error" not in article.text
    assert article.title not in article.text
    assert article.text.startswith("The secretary general of Lebanon")
    assert "\n\n\n" not in article.text


def test_html_goes_through_trafilatura():
    html = """<html><head><title>Talks in Doha | Example News</title>
    <meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2024-02-01T08:00:00+00:00"></head>
    <body><nav>Home | World | Subscribe</nav><article><h1>Talks in Doha</h1>
    <p>Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Hamas officials in Doha on Wednesday
    to discuss a possible hostage deal, the ministry said in a statement.</p>
    <p>The talks followed a meeting in Paris last week between intelligence chiefs of several countries.</p>
    </article><footer>All rights reserved.</footer></body></html>"""
    article = parse_article(RawInput("page.html", html.encode()))
    assert "Qatari Prime Minister" in article.text
    assert "Subscribe" not in article.text
    assert article.published_at is not None and article.published_at.date().isoformat() == "2024-02-01"
    assert article.outlet == "Example News"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"Headline\n\n2024-01-01 00:00:00\n\ncaf\xe9 au lait\n", "invalid UTF-8 at byte"),
        (b"Just a headline\n\nError! Error occured!\n", "empty article"),
    ],
)
def test_bad_files_raise_ingest_error_naming_file(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert info.value.source == str(path)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_batch_reports_each_bad_input_and_keeps_going(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    (empty_dir / "notes.md").write_text("not an article")
    results = list(read_articles([str(tmp_path / "missing.txt"), str(empty_dir), str(good)]))
    errors = [r for r in results if isinstance(r, IngestError)]
    articles = [r for r in results if not isinstance(r, IngestError)]
    assert [e.reason for e in errors] == ["no such file or directory", "directory contains no article files (.txt, .html, .jsonl, .parquet, .xml/.rss/.atom, .warc[.gz])"]
    assert len(articles) == 1 and articles[0].title == "Ministers meet in Cairo"


def test_stdin_input_is_read():
    results = list(read_articles(["-"], stdin=ARTICLE.encode()))
    assert results[0].title == "Ministers meet in Cairo"
