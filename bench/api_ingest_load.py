"""Bounded load test of the HTTP API on loopback while an ingest runs.

Starts ``eventwire serve`` on 127.0.0.1 on a free port with ``EVENTWIRE_TOKEN`` set over a
fresh database, seeds it with the demo corpus through ``POST /api/articles`` (which also
loads the server's NLP model before the clock starts), then at the same time

- writes N generated articles, either through the API (``--writer api``: ``POST
  /api/articles`` in batches, coded and stored by the server process) or with a separate
  ``eventwire ingest`` process on the same database file, started while the readers are
  busy (``--writer cli``) or a few seconds before them (``--writer cli-first``), and
- sends a fixed number of ``GET /api/events`` requests (varied filters and pages) from C
  concurrent clients, stopping early at a fixed maximum duration.

Reports requests/s, p50/p95/max latency, errors by kind, and — after the server is stopped —
whether every written article is in the database exactly once (no lost or doubled writes)
with no orphan rows. Exits 1 on a write lost without the writer being told, a doubled
write, orphan rows, or any error with the API writer. ``tests/test_api_under_ingest.py``
runs a small version of this.

DuckDB lets one process at a time open a database file for writing, and the server opens it
(read-write, per request): the ``cli`` writers measure what that means for a second process.

Usage: python bench/api_ingest_load.py [--writer api|cli|cli-first|all] [--articles 100] [--batch 10]
                                       [--requests 2000] [--clients 8] [--max-seconds 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TOKEN = "load-test-token"
URL_PREFIX = "https://load.example/"
# GET /api/events parameter sets the readers cycle through (filters and pages).
QUERIES = [{}, {"limit": 20, "offset": 20}, {"type": "CONSULT"}, {"actor": "Joe Biden"}, {"min_outlets": 2},
           {"country": "UKR", "limit": 100}]
READY_TIMEOUT = 60.0  # seconds for the server to answer its first request
REQUEST_TIMEOUT = 60.0  # per request; a longer one counts as an error
INGEST_TIMEOUT = 900.0  # seconds for the whole write side
CLI_HEAD_START = 5.0  # cli-first: seconds the ingest process runs before the readers start
WRITERS = ("api", "cli", "cli-first")
MAX_BATCH = 50  # articles per POST the API accepts

_LEADERS = ["Joe Biden", "Volodymyr Zelensky", "Xi Jinping", "Vladimir Putin", "Emmanuel Macron", "Olaf Scholz",
            "Recep Tayyip Erdogan", "Narendra Modi", "Justin Trudeau", "Kim Jong Un", "Antony Blinken", "Sergei Lavrov"]
_CITIES = ["Cairo", "Doha", "Geneva", "Warsaw", "Ankara", "Nairobi", "Jakarta", "Brasilia", "Riyadh", "Hanoi"]
_VERBS = ["met", "criticized", "thanked", "accused", "praised", "threatened", "hosted", "condemned"]
_WORDS = ("minister government talks ceasefire border security council sanctions aid agreement officials statement "
          "capital forces negotiations region economy election parliament protest leaders spokesman delegation treaty "
          "envoy summit cooperation military humanitarian reporters crisis grain energy pipeline tariffs refugees port "
          "drought elections coalition budget inflation currency exports wheat fertiliser shipping").split()


def make_articles(n: int, run: str, seed: int = 1) -> list[dict]:
    """N distinct articles (unique URL under ``URL_PREFIX + run``), different enough not to be near-duplicates."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        a, b = rng.sample(_LEADERS, 2)
        city, verb = rng.choice(_CITIES), rng.choice(_VERBS)
        filler = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 18))).capitalize() + "."
                  for _ in range(rng.randint(3, 6))]
        articles.append({
            "title": f"{a} {verb} {b} in {city} ({run} #{i})",
            "text": f"{a} {verb} {b} in {city} on Monday, officials said.\n\n" + "\n\n".join(filler),
            "published_at": f"2024-0{1 + i % 9}-{1 + i % 28:02d} 09:00:00",
            "url": f"{URL_PREFIX}{run}/{i}",
            "outlet": "Load Test Wire",
        })
    return articles


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _eventwire(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", *args], **kwargs)


@contextmanager
def serve(db: Path, log: Path):
    """``eventwire serve`` on a free loopback port (stderr to ``log``); yields its base URL."""
    port = free_port()
    env = dict(os.environ, EVENTWIRE_TOKEN=TOKEN)
    with log.open("w") as stderr:
        server = _eventwire("serve", "--db", str(db), "--port", str(port), env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"eventwire serve exited: {log.read_text()}")
            try:
                httpx.get(f"{base}/api/events", params={"limit": 1}, timeout=5)  # 503 until seeded: fine
                break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("eventwire serve did not answer in time")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Reads:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: Counter = field(default_factory=Counter)  # kind -> count
    samples: list[str] = field(default_factory=list)  # first few error messages
    during_ingest: int = 0  # requests that started while the write side was still running
    sent: int = 0
    seconds: float = 0.0


@dataclass
class Writes:
    posted: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)  # per-article failures the writer was told about
    errors: list[str] = field(default_factory=list)  # whole batches / the process refused
    seconds: float = 0.0


async def _read_load(base: str, total: int, clients: int, max_seconds: float, writing: asyncio.Event) -> Reads:
    reads = Reads()
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        for n in counter:
            if time.monotonic() > deadline:
                return
            reads.sent += 1
            if writing.is_set():
                reads.during_ingest += 1
            started = time.perf_counter()
            try:
                response = await http.get("/api/events", params=QUERIES[n % len(QUERIES)])
            except httpx.HTTPError as exc:
                reads.errors[type(exc).__name__] += 1
                if len(reads.samples) < 5:
                    reads.samples.append(f"{type(exc).__name__}: {exc}")
                continue
            if response.status_code == 200 and "events" in response.json():
                reads.latencies.append(time.perf_counter() - started)
            else:
                reads.errors[f"HTTP {response.status_code}"] += 1
                if len(reads.samples) < 5:
                    reads.samples.append(f"HTTP {response.status_code}: {response.text[:300]}")

    started = time.perf_counter()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    reads.seconds = time.perf_counter() - started
    return reads


async def _api_writer(base: str, articles: list[dict], batch: int) -> Writes:
    writes = Writes()
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=base, timeout=INGEST_TIMEOUT, headers=headers) as http:
        for i in range(0, len(articles), batch):
            chunk = articles[i:i + batch]
            writes.posted += len(chunk)
            try:
                response = await http.post("/api/articles", json={"articles": chunk})
            except httpx.HTTPError as exc:
                writes.errors.append(f"batch {i // batch}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                writes.errors.append(f"batch {i // batch}: HTTP {response.status_code}: {response.text[:300]}")
                continue
            body = response.json()
            writes.ingested += body["ingested"]
            writes.duplicates += body["duplicates"] + body["skipped"]
            writes.failed += [f"{f['source']}: {f['reason']}" for f in body["failed"]]
    writes.seconds = time.perf_counter() - started
    return writes


async def _cli_writer(db: Path, articles: list[dict], workdir: Path) -> Writes:
    writes = Writes(posted=len(articles))
    path = workdir / "load-articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "eventwire.cli", "ingest", str(path), "--db", str(db),
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), INGEST_TIMEOUT)
    writes.seconds = time.perf_counter() - started
    lines = [" ".join(line.split()) for line in err.decode(errors="replace").splitlines() if line.strip()]
    summary = next((line for line in reversed(lines) if line.startswith("ingested ")), "")
    if summary:
        fields = dict(part.rsplit(" ", 1) for part in summary.split(", "))
        writes.ingested, writes.duplicates = int(fields["ingested"]), int(fields["duplicates"]) + int(fields["skipped"])
    if proc.returncode != 0:
        writes.errors.append(f"eventwire ingest exited {proc.returncode}: " + " | ".join(lines[-3:])[:500])
    return writes


def verify(db: Path, articles: list[dict]) -> dict:
    """Every written article stored exactly once, and no orphan rows (server stopped first)."""
    import duckdb

    expected = {a["url"] for a in articles}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT url, count(*) FROM articles WHERE url LIKE ? GROUP BY url",
                           [URL_PREFIX + "%"]).fetchall()
        counts = {url: n for url, n in rows if url in expected}
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM events e ANTI JOIN articles a ON a.id = e.article_id)"
            " + (SELECT count(*) FROM event_actors x ANTI JOIN events e USING (event_id))"
            " + (SELECT count(*) FROM merged_event_reports r ANTI JOIN events e USING (event_id))"
            " + (SELECT count(*) FROM events e ANTI JOIN merged_event_reports r USING (event_id))").fetchone()[0]
        total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"expected": len(expected), "stored_once": sum(1 for n in counts.values() if n == 1),
            "missing": len(expected - set(counts)), "doubled": sum(1 for n in counts.values() if n > 1),
            "orphan_rows": orphans, "articles_in_db": total}


def demo_records(demo_files: int | None = None) -> list[dict]:
    """The demo corpus (or its first ``demo_files`` articles) as ``POST /api/articles`` records."""
    from eventwire.demo import demo_articles

    return [{"title": a.title, "text": a.text, "url": a.url, "outlet": a.outlet,
             "published_at": a.published_at.isoformat() if a.published_at else None}
            for a in demo_articles()[:demo_files]]


@dataclass
class Result:
    writer: str
    reads: Reads
    writes: Writes
    check: dict


def run_load(workdir: Path, writer: str = "api", articles: int = 100, batch: int = 10, requests: int = 2000,
             clients: int = 8, max_seconds: float = 120.0, demo_files: int | None = None) -> Result:
    """One bounded run over a fresh database in ``workdir`` (seeded with ``demo_records(demo_files)``)."""
    if writer not in WRITERS:
        raise ValueError(f"writer {writer!r}: expected one of {WRITERS}")
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"load-{writer}.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    load = make_articles(articles, run=writer)

    async def both(base: str) -> tuple[Reads, Writes]:
        writing = asyncio.Event()
        # Seed through the server: this also loads its NLP model before the clock starts.
        seeded = await _api_writer(base, demo_records(demo_files), MAX_BATCH)
        if seeded.errors or seeded.failed or not seeded.ingested:
            raise RuntimeError(f"seeding the database failed: {seeded.errors or seeded.failed}")

        async def write() -> Writes:
            writing.set()
            try:
                if writer == "api":
                    return await _api_writer(base, load, batch)
                return await _cli_writer(db, load, workdir)
            finally:
                writing.clear()

        write_task = asyncio.create_task(write())
        await asyncio.sleep(CLI_HEAD_START if writer == "cli-first" else 0)  # let the writer start first
        reads = await _read_load(base, requests, clients, max_seconds, writing)
        return reads, await write_task

    with serve(db, workdir / f"serve-{writer}.log") as base:
        reads, writes = asyncio.run(both(base))
    check = verify(db, load)
    return Result(writer, reads, writes, check)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def print_table(results: list[Result], requests: int, clients: int) -> None:
    rows = [("", *(r.writer + " writer" for r in results))]

    def add(label: str, fn) -> None:
        rows.append((label, *(fn(r) for r in results)))

    add("reads requested / sent", lambda r: f"{requests} / {r.reads.sent}")
    add("reads during ingest", lambda r: str(r.reads.during_ingest))
    add("read errors", lambda r: str(sum(r.reads.errors.values())) + (
        " (" + ", ".join(f"{k} {v}" for k, v in r.reads.errors.items()) + ")" if r.reads.errors else ""))
    add("answers/s (any status)", lambda r: f"{r.reads.sent / r.reads.seconds:.1f}" if r.reads.seconds else "-")
    add("successful reads/s", lambda r: f"{len(r.reads.latencies) / r.reads.seconds:.1f}" if r.reads.seconds else "-")

    def quantile(r: Result, q: int) -> str:
        lat = sorted(r.reads.latencies)
        if len(lat) < 2:
            return "-"
        return _ms(statistics.quantiles(lat, n=100)[q - 1])

    add("read seconds", lambda r: f"{r.reads.seconds:.1f}")
    add("read p50 ms (successful)", lambda r: quantile(r, 50))
    add("read p95 ms", lambda r: quantile(r, 95))
    add("read max ms", lambda r: _ms(max(r.reads.latencies)) if r.reads.latencies else "-")
    add("articles written", lambda r: str(r.writes.posted))
    add("writer: ingested/dup/failed", lambda r: f"{r.writes.ingested}/{r.writes.duplicates}/{len(r.writes.failed)}")
    add("writer errors", lambda r: str(len(r.writes.errors)))
    add("write seconds", lambda r: f"{r.writes.seconds:.1f}")
    add("stored exactly once", lambda r: f"{r.check['stored_once']}/{r.check['expected']}")
    add("missing / doubled", lambda r: f"{r.check['missing']} / {r.check['doubled']}")
    add("orphan rows", lambda r: str(r.check["orphan_rows"]))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"GET /api/events x {requests}, {clients} concurrent clients, during an ingest")
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for r in results:
        for sample in r.reads.samples:
            print(f"[{r.writer}] read error: {sample}")
        for error in r.writes.errors[:5]:
            print(f"[{r.writer}] write error: {error}")
        for failure in r.writes.failed[:5]:
            print(f"[{r.writer}] article failed: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writer", choices=[*WRITERS, "all"], default="all")
    parser.add_argument("--articles", type=int, default=100, help="articles written during the read load")
    parser.add_argument("--batch", type=int, default=10, help="articles per POST (api writer, at most 50)")
    parser.add_argument("--requests", type=int, default=2000, help="GET /api/events requests in total")
    parser.add_argument("--clients", type=int, default=8, help="concurrent readers")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="stop sending reads after this long")
    parser.add_argument("--demo-files", type=int, default=None, help="seed with only this many demo articles (default: all)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the databases here (default: a temp dir)")
    args = parser.parse_args()
    writers = list(WRITERS) if args.writer == "all" else [args.writer]
    with tempfile.TemporaryDirectory(prefix="eventwire-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        results = [run_load(workdir, w, args.articles, args.batch, args.requests, args.clients, args.max_seconds,
                            args.demo_files) for w in writers]
    print_table(results, args.requests, args.clients)
    sys.exit(1 if any(failed(r) for r in results) else 0)


def failed(r: Result) -> bool:
    """A write lost without the writer being told, doubled or half-stored, or any error with the API writer.

    The cli writers' refusals (lock conflicts, 503s) are what DuckDB's one-writer-process
    rule implies; they are measured and printed, not failures of this benchmark."""
    silent_loss = r.check["missing"] and not r.writes.errors
    api_errors = r.writer == "api" and (r.reads.errors or r.writes.errors or r.writes.failed or r.check["missing"])
    return bool(silent_loss or r.check["doubled"] or r.check["orphan_rows"] or api_errors)


if __name__ == "__main__":
    main()
