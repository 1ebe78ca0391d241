"""Write the seed corpus of ``fuzz_readers.py`` into ``fuzz/corpus/``: one small, valid
input per reader (plain text, HTML, RSS, Atom, JSON Lines, Parquet, WARC, gzip), each with
the trailing selector byte ``fuzz_readers.choose`` reads, checked by decoding it back.

Usage: .venv/bin/python fuzz/make_corpus.py
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TEXT = """Ministers meet in Cairo over Gaza ceasefire

2023-11-20 09:15:00

Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on Monday.

Share on Facebook Twitter

The two ministers discussed humanitarian aid deliveries and called for an immediate ceasefire.
"""

HTML = """<!doctype html><html lang="en"><head><title>Ministers meet in Cairo | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-11-20T09:15:00+00:00">
<link rel="canonical" href="https://news.example/cairo-talks"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Ministers meet in Cairo</h1><p class="byline">By Amina Diallo</p>
<p>Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on Monday to
discuss humanitarian aid deliveries to Gaza and the prospects for a lasting ceasefire in the region.</p>
<p>The two ministers called for an immediate ceasefire and for the opening of more border crossings.</p>
</article><footer>&copy; 2023 Example News</footer></body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example World</title><link>https://news.example/</link>
<description>World news</description>
<item><title>Ministers meet in Cairo</title><link>https://news.example/cairo-talks</link>
<pubDate>Mon, 20 Nov 2023 09:15:00 GMT</pubDate>
<description>&lt;p&gt;Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on Monday.&lt;/p&gt;&lt;p&gt;They called for a ceasefire.&lt;br/&gt;Aid was discussed.&lt;/p&gt;</description></item>
<item><title>Empty item</title><link>https://news.example/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:example:feed</id>
<updated>2023-11-20T09:15:00Z</updated>
<entry><title>Ministers meet in Cairo</title><id>urn:example:1</id><link href="https://news.example/cairo-talks"/>
<updated>2023-11-20T09:15:00Z</updated>
<content type="html">&lt;p&gt;Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign Minister Ayman Safadi in Cairo on Monday.&lt;/p&gt;</content>
</entry></feed>
"""

RECORDS = [
    {"title": "Ministers meet in Cairo", "text": "Egyptian Foreign Minister Sameh Shoukry met Jordanian Foreign "
     "Minister Ayman Safadi in Cairo on Monday.", "published_at": "2023-11-20T09:15:00Z",
     "url": "https://news.example/cairo-talks", "outlet": "Example News"},
    {"title": "An HTML record", "html": HTML, "published_at": 1700471700},
    {"title": "No text"},
]
JSONL = "\n".join(json.dumps(r) for r in RECORDS) + "\nnot json\n"


def _warc(html: str, compress: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)  # compress: one gzip member per record
    body = html.encode("utf-8")
    for uri, status, ctype in (("https://news.example/cairo-talks", "200 OK", "text/html; charset=utf-8"),
                               ("https://news.example/missing", "404 Not Found", "text/html"),
                               ("https://news.example/logo.png", "200 OK", "image/png")):
        headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def _parquet() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    rows = [{k: r.get(k) for k in ("title", "text", "published_at", "url", "outlet")} for r in RECORDS[:1]]
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    return buffer.getvalue()


def seeds() -> dict[str, tuple[str, bool, bytes]]:
    """seed file name -> (reader input name, through a file?, payload)."""
    warc = _warc(HTML)
    return {
        "text.txt": ("fuzz.txt", False, TEXT.encode()),
        "text-file.txt": ("fuzz.txt", True, TEXT.encode()),
        "page.html": ("fuzz.html", False, HTML.encode()),
        "feed.rss": ("fuzz.rss", False, RSS.encode()),
        "feed.xml": ("fuzz.xml", True, RSS.encode()),
        "feed.atom": ("fuzz.atom", False, ATOM.encode()),
        "records.jsonl": ("fuzz.jsonl", False, JSONL.encode()),
        "records.parquet": ("fuzz.parquet", False, _parquet()),
        "archive.warc": ("fuzz.warc", False, warc),
        "archive-file.warc": ("fuzz.warc", True, warc),
        "archive.warc.gz": ("fuzz.warc.gz", False, _warc(HTML, compress=True)),
        "archive-one-stream.warc.gz": ("fuzz.warc.gz", False, gzip.compress(warc)),  # refused: not per-record gzip
        "text.gz": ("fuzz.gz", False, gzip.compress(TEXT.encode())),
        "records.jsonl.gz": ("fuzz.jsonl.gz", False, gzip.compress(JSONL.encode())),
        "sniff-html": ("fuzz", False, HTML.encode()),
        "sniff-feed": ("fuzz", False, ATOM.encode()),
        "sniff-jsonl": ("fuzz", False, JSONL.encode()),
        "sniff-warc": ("fuzz", True, warc),
    }


def main() -> None:
    from fuzz_readers import READERS, choose

    out = HERE / "corpus"
    out.mkdir(exist_ok=True)
    for filename, (name, via_file, payload) in seeds().items():
        selector = READERS.index(name) + (len(READERS) if via_file else 0)
        data = payload + bytes([selector])
        assert choose(data) == (name, via_file, payload), filename  # the harness reads it back as meant
        (out / filename).write_bytes(data)
        print(f"{filename:20} {len(data):6} bytes -> {name}{' (file)' if via_file else ''}")


if __name__ == "__main__":
    main()
