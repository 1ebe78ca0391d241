"""Every input format, on files the tests create."""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime, timezone

import pytest

from eventwire import Article, IngestError, read_articles
from eventwire.sources import MAX_DECOMPRESSED_BYTES

BODY = ("Egyptian Foreign Minister Sameh Shoukry met his Jordanian counterpart Ayman Safadi in Cairo on Monday "
        "to discuss the situation in Gaza, the ministry said in a statement.")
HTML = f"""<html><head><title>Ministers meet | Nile Post</title>
<meta property="og:site_name" content="Nile Post">
<link rel="canonical" href="https://nilepost.example/ministers-meet">
<meta property="article:published_time" content="2024-03-04T09:00:00+00:00"></head>
<body><nav>Home | World</nav><article><h1>Ministers meet</h1><p>By Jane Doe</p><p>{BODY}</p>
<p>The two ministers also discussed regional security and agreed to meet again next month.</p>
<p>Photo: Nile Post</p></article></body></html>"""


def _ok(results):
    return [r for r in results if not isinstance(r, IngestError)]


def _errors(results):
    return [r for r in results if isinstance(r, IngestError)]


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"title": "Ministers meet", "text": BODY, "published_at": "2024-03-04T09:00:00Z",
                    "url": "https://wire.example/1", "outlet": "Wire"}),
        "{not json",
        json.dumps({"title": "No text"}),
        json.dumps({"title": "HTML record", "html": HTML, "published_at": "2024-03-04 10:00:00"}),
        json.dumps({"text": BODY + " Extra.", "published_at": "yesterday-ish"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_articles([str(path)]))
    ok, errors = _ok(results), _errors(results)
    assert [a.title for a in ok] == ["Ministers meet", "Ministers meet"]
    assert ok[0].outlet == "Wire" and ok[0].published_at == datetime(2024, 3, 4, 9, tzinfo=timezone.utc)
    assert ok[1].url == "https://nilepost.example/ministers-meet"
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert errors[0].reason.startswith("not valid JSON")
    assert errors[1].reason == "record has no 'text' (or 'html') field with article text"
    assert errors[2].reason == "published_at 'yesterday-ish' is not a date (use ISO 8601)"


def test_html_metadata_and_cleaning(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = _ok(read_articles([str(path)]))[0]
    assert article.outlet == "Nile Post"
    assert article.url == "https://nilepost.example/ministers-meet"
    assert article.published_at.date().isoformat() == "2024-03-04"
    assert "By Jane Doe" not in article.text and "Photo:" not in article.text
    assert article.language == "en" and article.skipped_reason is None


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>World Desk</title><link>https://desk.example</link>
<item><title>Ministers meet</title><link>https://desk.example/a</link>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>{BODY}</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Empty one</title><link>https://desk.example/b</link><description></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Ministers meet</title><link href="https://atom.example/a"/><updated>2024-03-04T09:00:00Z</updated>
<summary type="html">&lt;p&gt;{BODY}&lt;/p&gt;</summary></entry></feed>"""


def test_rss_and_atom_feeds(tmp_path):
    rss, atom = tmp_path / "world.xml", tmp_path / "desk.atom"
    rss.write_text(RSS, encoding="utf-8")
    atom.write_text(ATOM, encoding="utf-8")
    results = list(read_articles([str(rss), str(atom)]))
    ok = _ok(results)
    assert [(a.outlet, a.url) for a in ok] == [("World Desk", "https://desk.example/a"), ("Atom Desk", "https://atom.example/a")]
    assert ok[0].text.split("\n\n") == [BODY, "Second paragraph."]
    assert ok[0].published_at == datetime(2024, 3, 4, 9, tzinfo=timezone.utc)
    assert [e.source for e in _errors(results)] == [f"{rss}#2"]


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buffer.getvalue()


def test_warc_keeps_html_responses_only(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("https://nilepost.example/a", "text/html; charset=utf-8", HTML.encode()),
                            ("https://nilepost.example/logo.png", "image/png", b"\x89PNG...")]))
    ok = _ok(read_articles([str(path)]))
    assert len(ok) == 1 and ok[0].url == "https://nilepost.example/ministers-meet"


def test_broken_warc_is_reported_not_raised(tmp_path):
    one = _warc([("https://nilepost.example/a", "text/html", HTML.encode())])
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(one + b"GARBAGE, NOT A WARC RECORD\r\n\r\n" + one)  # a damaged record mid-file
    good = tmp_path / "good.txt"
    good.write_text(f"Headline\n\n2024-03-04 10:00:00\n\n{BODY}\n", encoding="utf-8")
    results = list(read_articles([str(path), str(good)]))
    errors = _errors(results)
    assert [e.source for e in errors] == [str(path)]
    assert errors[0].reason.startswith("broken WARC file, stopped reading (ArchiveLoadFailed")
    assert [a.title for a in _ok(results)] == ["Ministers meet", "Headline"]  # before the damage, and the next file


def test_gzip_bomb_is_refused(tmp_path, monkeypatch):
    import eventwire.sources as sources

    monkeypatch.setattr(sources, "MAX_DECOMPRESSED_BYTES", 1_000_000)
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b"{" + b" " * 5_000_000 + b"}\n"))
    errors = _errors(read_articles([str(path)]))
    assert len(errors) == 1 and "likely zip bomb" in errors[0].reason
    assert MAX_DECOMPRESSED_BYTES == 512 * 1024 * 1024  # the shipped cap


def test_gzipped_jsonl_and_text(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(json.dumps({"title": "T", "text": BODY}).encode() + b"\n"))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(f"Headline\n\n{BODY}\n".encode()))
    assert sorted(a.title for a in _ok(read_articles([str(tmp_path)]))) == ["Headline", "T"]


def test_huge_text_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse 200 MB file
    errors = _errors(read_articles([str(path)]))
    assert errors and "over the 5,242,880-byte limit" in errors[0].reason


def test_truncated_html_still_yields_text_or_a_clear_error(tmp_path):
    path = tmp_path / "cut.html"
    path.write_text(HTML[: HTML.index("<p>The two")], encoding="utf-8")
    results = list(read_articles([str(path)]))
    assert len(results) == 1
    assert isinstance(results[0], IngestError) or BODY in results[0].text


def test_globs_and_stdin_jsonl(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(f"{name}\n\n{BODY}\n", encoding="utf-8")
    titles = sorted(a.title for a in _ok(read_articles([str(tmp_path / "*.txt")])))
    assert titles == ["one.txt", "two.txt"]
    assert _errors(read_articles([str(tmp_path / "*.nothing")]))[0].reason == "pattern matches no files"
    stdin = (json.dumps({"title": "From stdin", "text": BODY}) + "\n").encode()
    assert _ok(read_articles(["-"], stdin=stdin))[0].title == "From stdin"


def test_non_english_article_is_kept_with_skip_reason(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Les ministres se rencontrent\n\n2024-03-04 10:00:00\n\nLe ministre égyptien des Affaires étrangères "
                    "a rencontré lundi au Caire son homologue jordanien pour discuter de la situation à Gaza.\n",
                    encoding="utf-8")
    article = _ok(read_articles([str(path)]))[0]
    assert article.language == "fr"
    assert article.skipped_reason.startswith("language 'fr' is not supported")


def test_parquet_rows_are_articles(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "batch.parquet"
    table = pa.Table.from_pylist([
        {"title": "Ministers meet", "text": BODY, "published_at": datetime(2024, 3, 4, 9, tzinfo=timezone.utc),
         "url": "https://wire.example/1", "outlet": "Wire"},
        {"title": "Empty", "text": "", "published_at": None, "url": None, "outlet": None},
    ])
    pq.write_table(table, path, row_group_size=1)
    results = list(read_articles([str(path)]))
    assert [a.outlet for a in _ok(results)] == ["Wire"]
    assert [e.source for e in _errors(results)] == [f"{path}:row 2"]


def test_fuzz_findings_are_clear_errors():
    """Inputs the atheris fuzzer (fuzz/fuzz_readers.py) found crashing the readers, F1-F4."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.ingest import RawInput
    from eventwire.sources import read_source

    buf = io.BytesIO()
    pq.write_table(pa.table({"text": ["Some article text here."]}), buf, compression="none", use_dictionary=False)
    cases = {
        "F1 corrupt deflate": ("x.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07"),
        "F1 sniffed": ("x", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07"),
        "F2 damaged row group": ("x.parquet", buf.getvalue().replace(b"Some article text here.", b"\xff" * 23)),
        "F3 control char after br": ("x.rss", b"<rss><channel><item><description>a&lt;br&gt;\x01b</description></item></channel></rss>"),
        "F4 bad encoding": ("x.rss", b'<?xml version="1.0" encoding="\xff"?><rss/>'),
        "F4 null in encoding": ("x.rss", b'<?xml version="1.0" encoding="U\x00"?><rss/>'),
        "F4 broken links": ("x.rss", b"<feed<item<link</entry</link>"),
    }
    for label, (name, data) in cases.items():
        results = list(read_source(RawInput(name, data)))  # must not raise
        errors = [r for r in results if isinstance(r, IngestError)]
        assert all(e.source.startswith(name.split(".")[0]) for e in errors), label
        assert all(isinstance(r, (IngestError, Article)) for r in results), label
    damaged = list(read_source(RawInput("x.parquet", cases["F2 damaged row group"][1])))
    assert any("damaged Parquet row group 0" in str(r) for r in damaged)
