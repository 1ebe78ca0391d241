"""Ingest: files, stdin and HTML in, clean ``Article`` objects out.

One entry point per granularity: ``parse_article`` (text already in memory),
``read_article`` (one path), ``read_articles`` (many paths, directories, ``-``), which
yields an ``IngestError`` per bad input instead of stopping, so a batch carries on.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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
# Lines scrapers leave behind that are never part of an article.
_JUNK_LINE_PATTERNS = [
    r"error!?\s*error occ?urr?ed!?",
    r"(share|share this( article| story)?)\s*(on|:)?\s*((facebook|twitter|x|whatsapp|telegram|linkedin|email|reddit)[\s,|/]*)+",
    r"(subscribe|sign up)( now)?( to| for)? (our|the) (newsletter|channel|updates).*",
    r"(click|tap) here to .*",
    r"(read more|related|advertisement|sponsored( content)?|loading\.*|please enable javascript.*)\s*:?",
    r"all rights reserved\.?.*",
    r"(follow us|join us) on .*",
]
_JUNK_LINE_RE = re.compile(r"^\s*(?:" + "|".join(_JUNK_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
_HTML_SNIFF_RE = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)


@dataclass(frozen=True)
class RawInput:
    """Bytes read from one source, before any parsing."""

    source: str
    data: bytes


def article_id(title: str, text: str) -> str:
    """Content-hash id: the same cleaned article always gets the same id."""
    digest = hashlib.sha256(f"{title}\n{text}".encode("utf-8")).hexdigest()
    return f"art_{digest[:16]}"


def is_junk_line(line: str) -> bool:
    return bool(_JUNK_LINE_RE.match(line))


def normalize_line(line: str) -> str:
    """NFC-normalise and collapse runs of whitespace; smart quotes are kept as written."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


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


def _clean_paragraphs(lines: Iterable[str], title: str) -> list[str]:
    """Drop empty lines, scraper junk and repeats of the headline."""
    wanted_title = title.casefold()
    paragraphs: list[str] = []
    for raw in lines:
        line = normalize_line(raw)
        if not line or is_junk_line(line) or line.casefold() == wanted_title:
            continue
        paragraphs.append(line)
    return paragraphs


def parse_text_article(text: str, source: str = "<text>", *, url: str | None = None, outlet: str | None = None) -> Article:
    """Parse the plain-text layout: headline, optional repeated headline, timestamp, body.

    The headline and timestamp may come in either order within the first few lines; a
    missing timestamp leaves ``published_at`` empty rather than guessing.
    """
    lines = text.splitlines()
    nonempty = [(i, normalize_line(l)) for i, l in enumerate(lines) if normalize_line(l)]
    nonempty = [(i, l) for i, l in nonempty if not is_junk_line(l)]
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
    body_lines = [l for i, l in enumerate(lines) if i not in consumed]
    paragraphs = _clean_paragraphs(body_lines, title)
    if not paragraphs:
        raise IngestError(source, "empty article: a headline but no body text")
    body = "\n\n".join(paragraphs)
    return Article(
        id=article_id(title, body), title=title, text=body, published_at=published_at,
        url=url, outlet=outlet, source_path=None if source.startswith("<") else source,
    )


def parse_html_article(html: str, source: str = "<html>", *, url: str | None = None) -> Article:
    """Extract main text and metadata from an HTML page with trafilatura."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    try:
        body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
        meta = extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise IngestError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not body:
        raise IngestError(source, "no article text found in the HTML page (boilerplate only or empty)")
    title = normalize_line(meta.title) if meta and meta.title else ""
    published_at = None
    if meta and meta.date:
        try:
            published_at = datetime.fromisoformat(meta.date)
        except ValueError:
            published_at = None
    paragraphs = _clean_paragraphs(body.splitlines(), title)
    if not paragraphs:
        raise IngestError(source, "empty article: no body text after cleaning the HTML page")
    if not title:
        title = paragraphs[0][:200]
    text = "\n\n".join(paragraphs)
    return Article(
        id=article_id(title, text), title=title, text=text, published_at=published_at,
        url=url or (meta.url if meta else None), outlet=(meta.sitename if meta else None) or None,
        source_path=None if source.startswith("<") else source,
    )


def decode_input(raw: RawInput) -> str:
    """Bytes to text, refusing binary files and invalid UTF-8 with a reason."""
    if not raw.data.strip():
        raise IngestError(raw.source, "empty file")
    if b"\x00" in raw.data[:_BINARY_SNIFF_BYTES]:
        raise IngestError(raw.source, "binary file (contains NUL bytes), expected a UTF-8 text or HTML article")
    try:
        return raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            raw.source, f"invalid UTF-8 at byte {exc.start}; re-encode the file as UTF-8"
        ) from exc


def parse_article(raw: RawInput, *, url: str | None = None, outlet: str | None = None) -> Article:
    """Turn one raw input into an ``Article``, choosing HTML or plain-text parsing."""
    text = decode_input(raw)
    if raw.source.lower().endswith((".html", ".htm")) or _HTML_SNIFF_RE.match(text):
        article = parse_html_article(text, raw.source, url=url)
        if outlet:
            article = article.model_copy(update={"outlet": outlet})
        return article
    return parse_text_article(text, raw.source, url=url, outlet=outlet)


def _read_path(path: Path) -> RawInput:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise IngestError(source, f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit for one article")
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
    return parse_article(_read_path(Path(path)))


def expand_inputs(paths: Iterable[str]) -> Iterator[str | IngestError]:
    """Expand directories into their article files; yield an error for empty or missing ones."""
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                yield IngestError(given, f"directory contains no article files ({', '.join(ARTICLE_SUFFIXES)})")
            yield from (str(p) for p in found)
        elif not path.exists():
            yield IngestError(given, "no such file or directory")
        else:
            yield given


def read_articles(paths: Iterable[str], stdin: bytes | None = None) -> Iterator[Article | IngestError]:
    """Read many inputs; each bad one yields an ``IngestError`` and the rest still come through."""
    for item in expand_inputs(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            if item == "-":
                data = stdin if stdin is not None else sys.stdin.buffer.read()
                yield parse_article(RawInput("<stdin>", data))
            else:
                yield read_article(item)
        except IngestError as exc:
            yield exc
