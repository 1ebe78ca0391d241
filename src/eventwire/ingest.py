"""Ingest: files, directories, globs, stdin and URLs in, clean ``Article`` objects out.

Entry points, one per granularity: ``parse_article`` (bytes of one article already in
memory), ``read_article`` (one article file), ``read_articles`` (anything: paths,
directories, globs, ``-``, URLs, and container formats — JSON Lines, RSS/Atom, WARC — via
the source registry in ``sources.py``). ``read_articles`` yields an ``IngestError`` per bad
input instead of stopping, so a batch always carries on.
"""

from __future__ import annotations

import glob
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .cleaning import clean_paragraphs, is_junk_line, normalize_line, skip_reason_for_language
from .errors import IngestError
from .schema import Article

ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm")
# Inputs larger than this are refused rather than read into memory whole.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# A NUL byte in the first block is the cheapest reliable sign of a binary file.
_BINARY_SNIFF_BYTES = 8192

_TIMESTAMP_RE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?))?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?\s*$"
)
_HTML_SNIFF_RE = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")

__all__ = [
    "RawInput", "article_id", "parse_timestamp", "parse_text_article", "parse_html_article", "parse_article",
    "read_article", "read_articles", "expand_inputs", "is_junk_line", "normalize_line",
]


@dataclass(frozen=True)
class RawInput:
    """Bytes read from one source, before any parsing."""

    source: str
    data: bytes


def article_id(title: str, text: str) -> str:
    """Content-hash id: the same cleaned article always gets the same id."""
    digest = hashlib.sha256(f"{title}\n{text}".encode("utf-8")).hexdigest()
    return f"art_{digest[:16]}"


def parse_timestamp(value: str) -> datetime | None:
    match = _TIMESTAMP_RE.match(value)
    if not match:
        return None
    day, clock, zone = match.groups()
    text = day + (f"T{clock}" if clock else "")
    if zone and zone not in ("UTC", "GMT"):
        text += "+00:00" if zone == "Z" else zone
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


# Publication times outside this window are data errors, reported rather than used.
EARLIEST_PUBLICATION_YEAR = 1900
FUTURE_TOLERANCE_DAYS = 2


def check_publication_time(published_at: datetime | None, source: str) -> None:
    """Refuse impossible publication times: relative dates would be resolved against them."""
    if published_at is None:
        return
    from datetime import timedelta, timezone

    now = datetime.now(timezone.utc) if published_at.tzinfo else datetime.now()
    if published_at.year < EARLIEST_PUBLICATION_YEAR or published_at > now + timedelta(days=FUTURE_TOLERANCE_DAYS):
        raise IngestError(source, f"impossible publication time {published_at.isoformat()} "
                                  f"(before {EARLIEST_PUBLICATION_YEAR} or in the future); fix the timestamp")


def make_article(title: str, paragraphs: list[str], source: str, *, published_at: datetime | None = None,
                 url: str | None = None, outlet: str | None = None) -> Article:
    """Assemble an ``Article`` from cleaned paragraphs, with its language verdict."""
    if not paragraphs:
        raise IngestError(source, "empty article: no body text after cleaning")
    check_publication_time(published_at, source)
    title = title or paragraphs[0][:200]
    body = "\n\n".join(paragraphs)
    language, skipped = skip_reason_for_language(body)
    return Article(
        id=article_id(title, body), title=title, text=body, published_at=published_at, url=url, outlet=outlet,
        source_path=None if source.startswith("<") else source, language=language, skipped_reason=skipped,
    )


def parse_text_article(text: str, source: str = "<text>", *, url: str | None = None, outlet: str | None = None) -> Article:
    """Parse the plain-text layout: headline, optional repeated headline, timestamp, body.

    The headline and timestamp may come in either order within the first few lines; a
    missing timestamp leaves ``published_at`` empty rather than guessing.
    """
    lines = text.splitlines()
    nonempty = [(i, normalize_line(l)) for i, l in enumerate(lines)]
    nonempty = [(i, l) for i, l in nonempty if l and not is_junk_line(l)]
    if not nonempty:
        raise IngestError(source, "empty article: no text after removing blank and junk lines")
    published_at = None
    title = ""
    consumed: set[int] = set()
    for i, line in nonempty[:4]:
        stamp = parse_timestamp(line) if published_at is None else None
        if stamp is not None:
            published_at = stamp
            consumed.add(i)
        elif not title:
            title = line
            consumed.add(i)
    paragraphs = clean_paragraphs((l for i, l in enumerate(lines) if i not in consumed), title)
    if not paragraphs:
        raise IngestError(source, "empty article: a headline but no body text")
    return make_article(title, paragraphs, source, published_at=published_at, url=url, outlet=outlet)


def _html_date(html: str, url: str | None) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S", extensive_search=False)
    except Exception:  # htmldate raises on some malformed inputs; a missing date is not fatal
        return None
    return datetime.fromisoformat(found) if found else None


def parse_html_article(html: str, source: str = "<html>", *, url: str | None = None, outlet: str | None = None) -> Article:
    """Main text and metadata (title, date, site name, canonical URL) of an HTML page."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
        meta = extract_metadata(html, default_url=url)
    except Exception as exc:  # lxml raises assorted errors on broken markup
        raise IngestError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not body:
        raise IngestError(source, "no article text found in the HTML page (boilerplate only, or empty)")
    title = normalize_line(meta.title) if meta and meta.title else ""
    published_at = None
    if meta and meta.date:
        published_at = _parse_meta_date(meta.date)
    if published_at is None:
        published_at = _html_date(html, url)
    canonical = (meta.url if meta and meta.url else None) or url
    site = outlet or (meta.sitename if meta and meta.sitename else None) or _domain(canonical)
    return make_article(title, clean_paragraphs(body.splitlines(), title), source,
                        published_at=published_at, url=canonical, outlet=site)


def _parse_meta_date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def decode_input(raw: RawInput) -> str:
    """Bytes to text, refusing binary files and invalid UTF-8 with a reason."""
    if not raw.data.strip():
        raise IngestError(raw.source, "empty file")
    if b"\x00" in raw.data[:_BINARY_SNIFF_BYTES]:
        raise IngestError(raw.source, "binary file (contains NUL bytes), expected a UTF-8 text or HTML article")
    try:
        return raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(raw.source, f"invalid UTF-8 at byte {exc.start}; re-encode the file as UTF-8") from exc


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF_RE.match(text))


def parse_article(raw: RawInput, *, url: str | None = None, outlet: str | None = None) -> Article:
    """Turn one raw article into an ``Article``, choosing HTML or plain-text parsing."""
    text = decode_input(raw)
    if raw.source.lower().endswith((".html", ".htm")) or looks_like_html(text):
        return parse_html_article(text, raw.source, url=url, outlet=outlet)
    return parse_text_article(text, raw.source, url=url, outlet=outlet)


def read_path_bytes(path: Path, limit: int = MAX_ARTICLE_BYTES) -> RawInput:
    """Read a whole (small) file; refuses files over ``limit`` without reading them."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestError(source, f"file is {size:,} bytes, over the {limit:,}-byte limit for one article")
        return RawInput(source, path.read_bytes())
    except FileNotFoundError as exc:
        raise IngestError(source, "no such file") from exc
    except IsADirectoryError as exc:
        raise IngestError(source, "is a directory") from exc
    except PermissionError as exc:
        raise IngestError(source, "permission denied") from exc
    except OSError as exc:
        raise IngestError(source, f"could not be read ({exc.strerror or exc})") from exc


def read_article(path: str | Path) -> Article:
    """Read and parse one article file; raises ``IngestError`` naming the file."""
    return parse_article(read_path_bytes(Path(path)))


def expand_inputs(paths: Iterable[str]) -> Iterator[str | IngestError]:
    """Expand directories and globs into input files; URLs and ``-`` pass through."""
    from .sources import is_known_input

    for given in paths:
        if given == "-" or given.startswith(("http://", "https://")):
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_known_input(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                yield IngestError(given, "directory contains no article files (.txt, .html, .jsonl, .parquet, .xml/.rss/.atom, .warc[.gz])")
            yield from (str(p) for p in found)
        elif path.exists():
            yield given
        elif _GLOB_CHARS.search(given):
            matches = sorted(m for m in glob.glob(given, recursive=True) if Path(m).is_file())
            if not matches:
                yield IngestError(given, "pattern matches no files")
            yield from matches
        else:
            yield IngestError(given, "no such file or directory")


def read_articles(paths: Iterable[str], stdin: bytes | None = None, *, fetcher=None) -> Iterator[Article | IngestError]:
    """Read many inputs; each bad one yields an ``IngestError`` and the rest still come through."""
    from .sources import read_source

    for item in expand_inputs(paths):
        if isinstance(item, IngestError):
            yield item
        elif item == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield from read_source(RawInput("<stdin>", data))
        elif item.startswith(("http://", "https://")):
            from .fetch import fetch_articles

            yield from fetch_articles(item, fetcher=fetcher)
        else:
            yield from read_source(Path(item))
