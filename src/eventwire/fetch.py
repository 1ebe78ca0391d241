"""HTTP fetching for ``ingest URL`` and ``watch``: polite, bounded and SSRF-safe.

Every request (and every redirect hop) is checked before it is sent: the host's addresses
must all be public — loopback, private, link-local (cloud metadata), multicast, reserved
and unspecified ranges are refused unless ``allow_private``. Responses are streamed with a
size cap and a timeout; connection errors, 429 and 5xx are retried with exponential
backoff; ``ETag``/``Last-Modified`` give conditional GETs so an unchanged feed costs a 304.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__ as _version
from .errors import IngestError
from .schema import Article

USER_AGENT = f"eventwire/{_version} (news event coder; +https://github.com/eventwire/eventwire)"
TIMEOUT_SECONDS = 20.0
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
RETRIES = 3
BACKOFF_SECONDS = 1.0  # doubled after each failed try
RETRY_STATUSES = {429, 500, 502, 503, 504}

Resolver = Callable[[str], list[str]]


def system_resolver(host: str) -> list[str]:
    """All addresses the host resolves to (IPv4 and IPv6)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise IngestError(host, f"host name could not be resolved ({exc.strerror})") from exc


def _forbidden(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # Most specific first: Python also calls link-local and 0.0.0.0 "private".
    for label, test in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local), ("unspecified", ip.is_unspecified),
                        ("multicast", ip.is_multicast), ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if test:
            return label
    if not ip.is_global:
        return "non-public"
    return None


def check_url(url: str, resolver: Resolver, allow_private: bool) -> None:
    """Refuse non-HTTP(S) URLs and hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IngestError(url, "only http:// and https:// URLs can be fetched")
    if allow_private:
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolver(host)
    for address in addresses:
        why = _forbidden(address)
        if why:
            raise IngestError(url, f"refused: {host} resolves to a {why} address ({address}); "
                                   "pass --allow-private to fetch from internal hosts")


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    """Holds the HTTP client and the safety settings; pass ``transport`` in tests."""

    allow_private: bool = False
    resolver: Resolver = system_resolver
    transport: httpx.BaseTransport | None = None
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_RESPONSE_BYTES
    retries: int = RETRIES
    backoff: float = BACKOFF_SECONDS
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(transport=self.transport, timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET with redirects checked hop by hop, retries, and a streamed size cap."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, self.resolver, self.allow_private)
            response = self._get_with_retries(url, headers)
            if response.status in (301, 302, 303, 307, 308) and response.content_type.startswith("redirect:"):
                url = urljoin(url, response.content_type.removeprefix("redirect:"))
                continue
            return response
        raise IngestError(url, f"more than {MAX_REDIRECTS} redirects")

    def _get_with_retries(self, url: str, headers: dict) -> FetchResult:
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                result = self._get_once(url, headers)
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                if attempt == self.retries:
                    raise IngestError(url, f"could not be fetched after {attempt + 1} tries ({type(exc).__name__}: {exc})") from exc
            else:
                if result.status not in RETRY_STATUSES or attempt == self.retries:
                    if result.status >= 400:
                        raise IngestError(url, f"HTTP {result.status}")
                    return result
            self.sleep(delay)
            delay *= 2
        raise IngestError(url, "could not be fetched")  # pragma: no cover (loop always returns or raises)

    def _get_once(self, url: str, headers: dict) -> FetchResult:
        with self.client.stream("GET", url, headers=headers) as response:
            if response.is_redirect:
                return FetchResult(url, response.status_code, content_type="redirect:" + response.headers.get("location", ""))
            declared = int(response.headers.get("content-length") or 0)
            if declared > self.max_bytes:
                raise IngestError(url, f"response is {declared:,} bytes, over the {self.max_bytes:,}-byte limit")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise IngestError(url, f"response exceeded the {self.max_bytes:,}-byte limit; download stopped")
                chunks.append(chunk)
            return FetchResult(str(response.url), response.status_code, b"".join(chunks),
                               response.headers.get("content-type", ""), response.headers.get("etag"),
                               response.headers.get("last-modified"))


def _is_feed(result: FetchResult) -> bool:
    from .sources import _sniff_feed

    ctype = result.content_type.lower()
    return any(t in ctype for t in ("rss", "atom", "xml")) and "html" not in ctype or _sniff_feed(result.content[:4096])


# Feed entries with less text than this are summaries: the linked page is fetched instead.
MIN_FEED_ENTRY_CHARS = 600


def articles_from_response(result: FetchResult, fetcher: Fetcher, follow_links: bool = True) -> Iterator[Article | IngestError]:
    """Articles of a fetched page or feed (a feed's short entries are fetched in full)."""
    from .ingest import RawInput, parse_html_article
    from .sources import articles_from_feed, read_source

    if _is_feed(result):
        for entry, item in articles_from_feed(result.content, result.url):
            short = isinstance(item, IngestError) or len(item.text) < MIN_FEED_ENTRY_CHARS
            link = entry.get("link") if entry else None
            if follow_links and short and link:
                try:
                    page = fetcher.get(link)
                    html = page.content.decode("utf-8", errors="replace")
                    article = parse_html_article(html, page.url, url=page.url)
                    if not isinstance(item, IngestError):
                        article = article.model_copy(update={
                            "published_at": article.published_at or item.published_at, "outlet": item.outlet or article.outlet})
                    yield article
                    continue
                except IngestError as exc:
                    if isinstance(item, IngestError):
                        yield exc
                        continue
            yield item
        return
    ctype = result.content_type.lower()
    if "html" in ctype or not ctype:
        try:
            yield parse_html_article(result.content.decode("utf-8", errors="replace"), result.url, url=result.url)
        except IngestError as exc:
            yield exc
        return
    yield from read_source(RawInput(result.url, result.content))


def fetch_articles(url: str, fetcher: Fetcher | None = None) -> Iterator[Article | IngestError]:
    """``eventwire ingest URL``: one page, or every entry of a feed."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        result = fetcher.get(url)
        yield from articles_from_response(result, fetcher)
    except IngestError as exc:
        yield exc
    finally:
        if own:
            fetcher.close()
