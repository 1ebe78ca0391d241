"""Source formats: a registry of readers, built-ins registered like any plugin.

Each ``Source`` says which inputs it takes (file suffixes, or a sniff of the first bytes)
and turns a byte stream into ``Article`` objects, yielding an ``IngestError`` for each bad
record instead of stopping. Containers are streamed: a 200 MB JSON Lines file or a large
WARC is read record by record in bounded memory, and decompression is capped so a zip
bomb is refused rather than expanded.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from .cleaning import clean_paragraphs
from .errors import IngestError
from .ingest import (
    ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, RawInput, make_article, parse_article, parse_html_article, parse_timestamp,
)
from .schema import Article

# Decompressed bytes one .gz input may expand to before it is refused as a likely zip bomb.
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
# Feeds are read whole (feedparser needs the document); larger ones are refused.
MAX_FEED_BYTES = 20 * 1024 * 1024
_SNIFF_BYTES = 4096

Result = Iterator[Article | IngestError]


@dataclass(frozen=True)
class Source:
    """A registered input format."""

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Callable[[str, BinaryIO], Result]


SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Add a format; later registrations are tried first, so plugins can override built-ins."""
    SOURCES.insert(0, source)


def _suffix(name: str) -> str:
    name = name.lower()
    for double in (".warc.gz", ".jsonl.gz", ".ndjson.gz", ".json.gz"):
        if name.endswith(double):
            return double
    return Path(name).suffix


def _choose(name: str, head: bytes) -> Source | None:
    suffix = _suffix(name)
    for source in SOURCES:
        if suffix and suffix in source.suffixes:
            return source
    for source in SOURCES:
        if source.sniff(head):
            return source
    return None


def is_known_input(path: Path) -> bool:
    """Would a directory walk pick this file up?"""
    return any(_suffix(path.name) in s.suffixes for s in SOURCES)


def read_source(item: Path | RawInput) -> Result:
    """Read any supported input: a path (streamed) or bytes already in memory."""
    if isinstance(item, RawInput):
        source = _choose(item.source, item.data[:_SNIFF_BYTES]) or _ARTICLE
        yield from source.read(item.source, io.BytesIO(item.data))
        return
    name = str(item)
    try:
        stream = item.open("rb")
    except FileNotFoundError:
        yield IngestError(name, "no such file")
        return
    except IsADirectoryError:
        yield IngestError(name, "is a directory")
        return
    except OSError as exc:
        yield IngestError(name, f"could not be read ({exc.strerror or exc})")
        return
    with stream:
        head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(stream, "peek") else b""
        source = _choose(name, head)
        if source is None:
            yield IngestError(name, "unknown input format; expected .txt, .html, .jsonl, an RSS/Atom feed or a WARC file")
            return
        try:
            yield from source.read(name, stream)
        except IngestError as exc:
            yield exc
        except OSError as exc:
            yield IngestError(name, f"read failed ({exc})")


def _read_capped(stream: BinaryIO, name: str, limit: int, what: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise IngestError(name, f"{what} is over the {limit:,}-byte limit")
    return data


# -- plain text and HTML articles ----------------------------------------------------------
def _read_article(name: str, stream: BinaryIO) -> Result:
    try:
        data = _read_capped(stream, name, MAX_ARTICLE_BYTES, "article")
        yield parse_article(RawInput(name, data))
    except IngestError as exc:
        yield exc


_ARTICLE = Source("article", ARTICLE_SUFFIXES, lambda head: True, _read_article)


# -- JSON Lines -----------------------------------------------------------------------------
def _json_datetime(value) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    text = str(value).strip()
    stamp = parse_timestamp(text)
    if stamp is not None:
        return stamp
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise IngestError("", f"published_at {text!r} is not a date (use ISO 8601)") from None


def article_from_record(record: dict, where: str) -> Article:
    """One JSON object ``{"title","text","published_at","url","outlet"}`` (or ``"html"``) to an Article."""
    if not isinstance(record, dict):
        raise IngestError(where, "expected a JSON object per line")
    url, outlet = record.get("url"), record.get("outlet")
    try:
        published_at = _json_datetime(record.get("published_at"))
    except IngestError as exc:
        raise IngestError(where, exc.reason) from None
    if record.get("html") and not record.get("text"):
        article = parse_html_article(str(record["html"]), where, url=url, outlet=outlet)
        return article.model_copy(update={"published_at": published_at or article.published_at})
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(where, "record has no 'text' (or 'html') field with article text")
    title = str(record.get("title") or "").strip()
    return make_article(title, clean_paragraphs(text.splitlines(), title), where,
                        published_at=published_at, url=url, outlet=outlet)


def _read_jsonl(name: str, stream: BinaryIO) -> Result:
    for lineno, raw in enumerate(_lines(stream, name), start=1):
        where = f"{name}:{lineno}"
        if isinstance(raw, IngestError):
            yield IngestError(where, raw.reason)
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield IngestError(where, f"not valid JSON ({exc})")
            continue
        try:
            yield article_from_record(record, where)
        except IngestError as exc:
            yield exc


def _lines(stream: BinaryIO, name: str) -> Iterator[bytes | IngestError]:
    """Lines of at most MAX_ARTICLE_BYTES; a longer one is reported and skipped, not loaded."""
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(MAX_ARTICLE_BYTES)
            yield IngestError(name, f"line longer than {MAX_ARTICLE_BYTES:,} bytes skipped")
            continue
        yield line


def _sniff_jsonl(head: bytes) -> bool:
    return head.lstrip()[:1] == b"{"


_JSONL = Source("jsonl", (".jsonl", ".ndjson", ".json"), _sniff_jsonl, _read_jsonl)


# -- Parquet (eventwire or any table with title/text/published_at/url/outlet columns) ------------
def _read_parquet(name: str, stream: BinaryIO) -> Result:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(stream)
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends on damaged files
        yield IngestError(name, f"not a readable Parquet file ({type(exc).__name__}: {exc})")
        return
    row = 0
    for group in range(table.num_row_groups):  # one row group at a time: bounded memory
        try:
            records = table.read_row_group(group).to_pylist()
        except Exception as exc:  # a damaged page: report it, keep the other row groups
            yield IngestError(name, f"damaged Parquet row group {group} skipped ({type(exc).__name__}: {exc})")
            continue
        for record in records:
            row += 1
            try:
                yield article_from_record(record, f"{name}:row {row}")
            except IngestError as exc:
                yield exc


_PARQUET = Source("parquet", (".parquet",), lambda head: head[:4] == b"PAR1", _read_parquet)


# -- RSS and Atom feeds ---------------------------------------------------------------------
def _html_to_paragraphs(fragment: str) -> list[str]:
    """Paragraph texts of a feed entry's HTML content or summary."""
    import lxml.html

    fragment = _XML_INCOMPATIBLE.sub(" ", fragment)  # lxml refuses control characters in text
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for br in root.iter("br"):
            br.tail = "\n" + (br.tail or "")
        blocks = [el.text_content() for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote")]
        text = "\n".join(blocks) if blocks else root.text_content()
    except Exception:  # malformed markup: fall back to the raw text
        return clean_paragraphs(fragment.splitlines())
    return clean_paragraphs(text.splitlines())


_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def articles_from_feed(data: bytes, name: str) -> Iterator[tuple[dict, Article | IngestError]]:
    """(entry, Article or error) per feed entry; the entry lets callers follow its link."""
    import feedparser

    try:
        feed = feedparser.parse(data)
    except Exception as exc:  # feedparser 6 raises on some broken declarations instead of flagging bozo
        yield {}, IngestError(name, f"not a readable RSS/Atom feed ({type(exc).__name__}: {exc})")
        return
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield {}, IngestError(name, f"not an RSS/Atom feed, or a feed with no entries{problem}")
        return
    outlet = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{name}#{n}"
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary", "")
        paragraphs = _html_to_paragraphs(html or "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published_at = datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None
        title = (entry.get("title") or "").strip()
        try:
            yield entry, make_article(title, paragraphs, where, published_at=published_at,
                                      url=entry.get("link"), outlet=outlet)
        except IngestError as exc:
            yield entry, exc


def _read_feed(name: str, stream: BinaryIO) -> Result:
    data = _read_capped(stream, name, MAX_FEED_BYTES, "feed")
    for _, result in articles_from_feed(data, name):
        yield result


def _sniff_feed(head: bytes) -> bool:
    start = head.lstrip()[:400].lower()
    return start.startswith(b"<?xml") and (b"<rss" in head.lower() or b"<feed" in head.lower()) \
        or start.startswith((b"<rss", b"<feed", b"<rdf"))


_FEED = Source("feed", (".rss", ".atom", ".xml"), _sniff_feed, _read_feed)


# -- WARC -------------------------------------------------------------------------------------
def _read_warc(name: str, stream: BinaryIO) -> Result:
    from warcio.archiveiterator import ArchiveIterator

    try:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode()
            if "html" not in ctype or status != "200":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}@{url}"  # (warcio's record offset is only valid after the body is read)
            try:
                payload = _read_capped(record.content_stream(), where, MAX_ARTICLE_BYTES, "HTML response")
                html = payload.decode("utf-8", errors="replace")
                yield parse_html_article(html, where, url=url)
            except IngestError as exc:
                yield IngestError(where, exc.reason)
            except Exception as exc:  # a damaged record body (bad chunking, bad gzip): skip it
                yield IngestError(where, f"broken WARC record skipped ({type(exc).__name__}: {exc})")
    except IngestError:
        raise
    except Exception as exc:  # warcio's ArchiveLoadFailed and stream errors end this file only
        yield IngestError(name, f"broken WARC file, stopped reading ({type(exc).__name__}: {exc})")


def _sniff_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(16)
        except (OSError, EOFError, zlib.error):
            return False
    return head.startswith(b"WARC/")


_WARC = Source("warc", (".warc", ".warc.gz"), _sniff_warc, _read_warc)


# -- gzip-compressed anything -------------------------------------------------------------------
class _CappedStream(io.RawIOBase):
    """A read-only stream that refuses to produce more than ``limit`` bytes (zip bombs)."""

    def __init__(self, inner: BinaryIO, name: str, limit: int) -> None:
        self.inner, self.name_, self.limit, self.count = inner, name, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise IngestError(self.name_, f"decompresses to more than {self.limit:,} bytes; refused as a likely zip bomb")
        buffer[: len(data)] = data
        return len(data)


def _read_gzip(name: str, stream: BinaryIO) -> Result:
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    capped = io.BufferedReader(_CappedStream(gzip.GzipFile(fileobj=stream), name, MAX_DECOMPRESSED_BYTES))
    try:
        head = capped.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(name, f"not a valid gzip file ({exc})")
        return
    source = _choose(inner_name, head) or _ARTICLE
    try:
        yield from source.read(inner_name, capped)
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(name, f"truncated or corrupt gzip data ({exc})")


_GZIP = Source("gzip", (".gz", ".jsonl.gz", ".ndjson.gz", ".json.gz"), lambda head: head[:2] == b"\x1f\x8b", _read_gzip)

# Built-ins go through the same registry as plugins; the first match wins.
for _builtin in (_ARTICLE, _FEED, _JSONL, _PARQUET, _GZIP, _WARC):
    register_source(_builtin)
