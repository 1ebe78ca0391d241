"""Command line: a thin layer over the library; logging is configured only here."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import ArticleSkipped, EventwireError, IngestError
from .schema import Event, event_json_schema
from .store import DEFAULT_DB, EventStore

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into structured, verifiable political event data (PLOVER).")
err = Console(stderr=True)

EXIT_BAD_INPUT = 2  # extract: an input could not be read
EXIT_FAILED = 1  # ingest/watch: some inputs failed, the rest were stored


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@contextmanager
def _exit_on_error(code: int):
    """Turn an EventwireError into one red line on stderr and exit ``code``."""
    try:
        yield
    except EventwireError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(code) from exc


def _fail(source: str, reason: str) -> None:
    err.print(f"[red]error[/red] {source}: {reason}", highlight=False, soft_wrap=True)


def _warn(source: str, message: str) -> None:
    err.print(f"[yellow]warning[/yellow] {source}: {message}", highlight=False, soft_wrap=True)


def _actor_names(actors) -> str:
    return "; ".join(a.name + (f" ({a.country})" if a.country else "") for a in actors) or "-"


def _print_events(events: list[Event], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.jsonl:
        for e in events:
            sys.stdout.write(e.model_dump_json() + "\n")
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False) + "\n")
    else:
        table = Table(show_lines=False)
        for col in ("date", "type", "source", "target", "attribution", "evidence"):
            table.add_column(col, overflow="fold")
        for e in events:
            table.add_row(str(e.date or "-"), e.event_type + (" (neg)" if e.negated else "") + (" (hyp)" if e.hypothetical else ""),
                          _actor_names(e.source_actors), _actor_names(e.target_actors),
                          "; ".join(a.source for a in e.attribution) or "-", e.evidence.sentence[:160])
        Console().print(table)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs or URLs (text, HTML, JSONL, RSS/Atom, WARC); '-' reads stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from loopback/private/link-local addresses.")] = False,
) -> None:
    """Print the events of each article (JSON Lines by default)."""
    from .fetch import Fetcher
    from .runner import extract_paths

    failed = 0
    collected: list[Event] = []
    for source, result in extract_paths(paths, fetcher=Fetcher(allow_private=allow_private), on_warning=_warn):
        if isinstance(result, ArticleSkipped):
            err.print(f"[yellow]skipped[/yellow] {source}: {result.reason}", highlight=False, soft_wrap=True)
        elif isinstance(result, EventwireError):
            failed += 1
            _fail(source, result.reason if isinstance(result, IngestError) else str(result))
        elif format is OutputFormat.jsonl:
            _print_events(result, format)
        else:
            collected.extend(result)
    if format is not OutputFormat.jsonl:
        _print_events(collected, format)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


class _LazyProgress:
    """A rich progress bar that only appears once a batch has run for more than a second."""

    DELAY_SECONDS = 1.0

    def __init__(self, description: str, total: int | None) -> None:
        import time

        self._clock = time.monotonic
        self._started = self._clock()
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=err, transient=True)
        self._task = self._progress.add_task(description, total=total)
        self._live = False

    def advance(self, _source: str = "") -> None:
        self._progress.advance(self._task)
        if not self._live and self._clock() - self._started > self.DELAY_SECONDS:
            self._progress.start()
            self._live = True

    def __enter__(self) -> "_LazyProgress":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._live:
            self._progress.stop()


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs or URLs (text, HTML, JSONL, RSS/Atom, WARC); '-' reads stdin.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to store into.")] = Path(DEFAULT_DB),
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from loopback/private/link-local addresses.")] = False,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet for inputs that do not name one (plain-text files).")] = None,
) -> None:
    """Store articles and their events in a DuckDB file; nothing is stored twice.

    Exit code 1 when any input failed (each is printed as `source: reason`); the others are stored.
    """
    from .fetch import Fetcher
    from .ingest import read_articles
    from .runner import ingest_articles

    fetcher = Fetcher(allow_private=allow_private)
    try:
        with _exit_on_error(EXIT_FAILED), EventStore(db) as store, _LazyProgress("ingesting", None) as progress:
            items = read_articles(paths, fetcher=fetcher)
            if outlet:
                items = (i if isinstance(i, IngestError) or i.outlet else i.model_copy(update={"outlet": outlet}) for i in items)
            summary = ingest_articles(store, items, on_article=progress.advance, on_warning=_warn)
    finally:
        fetcher.close()
    for source, reason in summary.failed:
        _fail(source, reason)
    err.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)


def parse_interval(text: str) -> float:
    """'15m' -> 900.0; units s, m, h (a bare number is seconds)."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{text!r} is not an interval; use e.g. 30s, 15m or 1h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to poll.")],
    every: Annotated[str, typer.Option("--every", help="Polling interval, e.g. 30s, 15m, 1h.")] = "15m",
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to store into.")] = Path(DEFAULT_DB),
    rounds: Annotated[int | None, typer.Option("--rounds", help="Stop after this many polls (default: run until stopped).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from loopback/private/link-local addresses.")] = False,
) -> None:
    """Poll feeds with conditional GET and ingest new entries as they appear."""
    from .fetch import Fetcher
    from .runner import watch_feeds

    interval = parse_interval(every)
    failed = False

    def report(n: int, url: str, summary) -> None:
        nonlocal failed
        for source, reason in summary.failed:
            _fail(source, reason)
            failed = True
        err.print(f"round {n} {url}: {summary.line()}", highlight=False)

    fetcher = Fetcher(allow_private=allow_private)
    try:
        with EventStore(db) as store:
            watch_feeds(store, feeds, interval, fetcher, rounds=rounds, on_round=report)
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        fetcher.close()
    if failed:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file for the demo (replaced if it exists).")] = Path("eventwire-demo.duckdb"),
    serve_after: Annotated[bool, typer.Option("--serve", help="Then serve the web UI on the demo database.")] = False,
    port: Annotated[int, typer.Option("--port", help="Port for --serve.")] = 8000,
) -> None:
    """Ingest the bundled demo corpus into a fresh database and print a summary (then serve it with --serve)."""
    from .demo import demo_articles
    from .runner import ingest_articles

    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    articles = demo_articles()
    with EventStore(db) as store:
        with _LazyProgress("demo corpus", len(articles)) as progress:
            summary = ingest_articles(store, articles, on_article=progress.advance)
        console = Console()
        console.print(f"[bold]{summary.line()}[/bold] -> {db}")
        from .query import dyads

        merged = store.merged_counts_by_type()
        types = Table(title="Events per type (reports are merged across articles and outlets)")
        for col in ("type", "reports", "events", "by 2+ outlets"):
            types.add_column(col, justify="left" if col == "type" else "right")
        for event_type, n in store.counts_by_type():
            events, multi = merged.get(event_type, (0, 0))
            types.add_row(event_type, str(n), str(events), str(multi))
        console.print(types)
        pairs = Table(title="Top actor pairs (merged events)")
        for col in ("source", "target", "events"):
            pairs.add_column(col, justify="right" if col == "events" else "left")
        for row in dyads(store, 10).itertuples(index=False):
            pairs.add_row(row.source, row.target, str(row.events))
        console.print(pairs)
    for source, reason in summary.failed:
        _fail(source, reason)
    if summary.failed:
        raise typer.Exit(1)
    if serve_after:
        serve(db=db, host="127.0.0.1", port=port)


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs or URLs (text, HTML, JSONL, RSS/Atom, WARC).")],
    out: Annotated[Path | None, typer.Option("--out", help="Write Parquet shards here (resumable).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Or store into this DuckDB file.")] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local: processes on this machine; ray: Ray Data.")] = Engine.local,
    workers: Annotated[int | None, typer.Option("--workers", help="Worker processes / Ray actors (default: all cores).")] = None,
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="Connect to this Ray cluster (e.g. ray://head:10001).")] = None,
) -> None:
    """Code a large corpus in parallel into Parquet shards (--out) or a database (--db)."""
    from .runner import run_inputs

    if (out is None) == (db is None):
        raise typer.BadParameter("give exactly one of --out DIR or --db FILE")
    with _exit_on_error(EXIT_FAILED), _LazyProgress("coding", None) as progress:
        summary = run_inputs(paths, out=out, db=db, engine=engine.value, workers=workers,
                             ray_address=ray_address, on_article=progress.advance)
    for source, reason in summary.failed:
        _fail(source, reason)
    err.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)


class QueryFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class Aggregate(str, Enum):
    events = "events"
    series = "series"
    dyads = "dyads"
    actors = "actors"
    countries = "countries"
    changes = "changes"


def _filter_options(actor, source, target, pair, event_type, mode, country, since, until, outlet, text, min_outlets) -> dict:
    pair_tuple = None
    if pair:
        if ">" not in pair:
            raise typer.BadParameter(f"--pair {pair!r}: expected SOURCE>TARGET (names or ids)")
        pair_tuple = tuple(p.strip() for p in pair.split(">", 1))
    values = dict(actor=actor, source=source, target=target, pair=pair_tuple, event_type=event_type, mode=mode,
                  country=country, since=since, until=until, outlet=outlet, text=text, min_outlets=min_outlets)
    return {k: v for k, v in values.items() if v is not None}


_ACTOR = typer.Option("--actor", help="Actor name or id, either side.")
_SOURCE = typer.Option("--source", help="Source actor name or id.")
_TARGET = typer.Option("--target", help="Target actor name or id.")
_PAIR = typer.Option("--pair", help="Directed pair SOURCE>TARGET.")
_TYPE = typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")
_MODE = typer.Option("--mode", help="PLOVER mode, e.g. visit.")
_COUNTRY = typer.Option("--country", help="ISO-3 of an actor or of the location.")
_SINCE = typer.Option("--since", help="From this date (YYYY-MM-DD).")
_UNTIL = typer.Option("--until", help="Up to this date (YYYY-MM-DD).")
_OUTLET = typer.Option("--outlet", help="Reported by this outlet.")
_TEXT = typer.Option("--text", help="Words in an evidence sentence.")
_MIN_OUTLETS = typer.Option("--min-outlets", help="Reported by at least this many outlets.")


@app.command()
def query(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to read.")] = Path(DEFAULT_DB),
    actor: Annotated[str | None, _ACTOR] = None, source: Annotated[str | None, _SOURCE] = None,
    target: Annotated[str | None, _TARGET] = None, pair: Annotated[str | None, _PAIR] = None,
    event_type: Annotated[str | None, _TYPE] = None, mode: Annotated[str | None, _MODE] = None,
    country: Annotated[str | None, _COUNTRY] = None, since: Annotated[str | None, _SINCE] = None,
    until: Annotated[str | None, _UNTIL] = None, outlet: Annotated[str | None, _OUTLET] = None,
    text: Annotated[str | None, _TEXT] = None, min_outlets: Annotated[int | None, _MIN_OUTLETS] = None,
    aggregate: Annotated[Aggregate, typer.Option("--aggregate", help="events, or series/dyads/actors/countries/changes.")] = Aggregate.events,
    interval: Annotated[str, typer.Option("--interval", help="For --aggregate series: day, week or month.")] = "week",
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    sort: Annotated[str, typer.Option("--sort", help="Events sorted by date, reports, outlets or type.")] = "date",
    ascending: Annotated[bool, typer.Option("--ascending", help="Smallest/oldest first.")] = False,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """Merged events (one per real-world event, with its number of reports and outlets), or aggregates."""
    from . import query as q

    filters = _filter_options(actor, source, target, pair, event_type, mode, country, since, until, outlet, text, min_outlets)
    if not db.exists():
        err.print(f"[red]error[/red] {db}: no such database; create it with `eventwire ingest ... --db {db}`", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    with _exit_on_error(EXIT_BAD_INPUT), EventStore(db) as store:
        if aggregate is Aggregate.events:
            df = q.query(store, limit=limit, sort=sort, descending=not ascending, **filters)
        elif aggregate is Aggregate.series:
            df = q.timeseries(store, interval, **filters)
        elif aggregate is Aggregate.dyads:
            df = q.dyads(store, limit, **filters)
        elif aggregate is Aggregate.actors:
            df = q.top_actors(store, limit, **filters)
        elif aggregate is Aggregate.countries:
            df = q.countries(store, **filters)
        else:
            df = q.week_changes(store, since)
    if format is QueryFormat.csv:
        sys.stdout.write(df.to_csv(index=False))
    elif format is QueryFormat.jsonl:
        sys.stdout.write(df.to_json(orient="records", lines=True, date_format="iso", force_ascii=False) + ("\n" if len(df) else ""))
    else:
        Console().print(_frame_table(df))


# Columns a person reads in the terminal; the other formats carry every column.
_TABLE_COLUMNS = ("event_type", "date", "n_reports", "n_outlets", "sources", "targets", "evidence")


def _cell(value) -> str:
    import pandas as pd

    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return ", ".join(map(str, list(value)))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)[:160]


def _frame_table(df) -> Table:
    columns = [c for c in _TABLE_COLUMNS if c in df.columns] if "evidence" in df.columns else list(df.columns)
    table = Table()
    for col in columns:
        table.add_column(str(col), overflow="fold")
    for _, row in df[columns].iterrows():
        table.add_row(*(_cell(row[c]) for c in columns))
    return table


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (a folder for parquet).")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, parquet (partitioned by month) or gdelt (TSV).")] = "jsonl",
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to read.")] = Path(DEFAULT_DB),
    actor: Annotated[str | None, _ACTOR] = None, event_type: Annotated[str | None, _TYPE] = None,
    country: Annotated[str | None, _COUNTRY] = None, since: Annotated[str | None, _SINCE] = None,
    until: Annotated[str | None, _UNTIL] = None, min_outlets: Annotated[int | None, _MIN_OUTLETS] = None,
) -> None:
    """Write merged events with every report and evidence sentence."""
    from .export import export as do_export

    filters = _filter_options(actor, None, None, None, event_type, None, country, since, until, None, None, min_outlets)
    with _exit_on_error(EXIT_BAD_INPUT), EventStore(db) as store:
        n = do_export(store, format, out, **filters)
    err.print(f"exported {n} merged events to {out}", highlight=False)


@app.command("import")
def import_(
    shards: Annotated[Path, typer.Argument(help="Folder of `eventwire run --out` Parquet shards.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to store into.")] = Path(DEFAULT_DB),
) -> None:
    """Load Parquet shards written by `eventwire run --out` into a database (events are merged)."""
    from .export import import_shards

    with _exit_on_error(EXIT_BAD_INPUT), EventStore(db) as store:
        articles, events = import_shards(store, shards)
    err.print(f"imported {articles} articles, {events} events into {db}", highlight=False)


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSON Lines files (see README: Evaluation).")],
    split: Annotated[str, typer.Option("--split", help="dev, heldout or all.")] = "all",
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Score the coder against gold events: per-type and macro F1, participants, dates, places."""
    from .evaluation import evaluate, load_gold

    try:
        items = [item for path in gold for item in load_gold(path)]
    except (OSError, IngestError) as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    report = evaluate(items)
    if format == "json":
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    for name in ([split] if split != "all" else ["dev", "heldout", "all"]):
        if name not in report:
            continue
        r = report[name]
        summary = Table(title=f"{name}: {r['items']} items")
        for col in ("macro F1", "micro P", "micro R", "participants F1", "date acc", "location acc", "false events on negatives"):
            summary.add_column(col)
        summary.add_row(*(str(v) for v in (r["macro_f1"], r["micro_precision"], r["micro_recall"], r["participants_f1"],
                                          r["date_accuracy"], r["location_accuracy"], r["false_event_rate_on_negatives"])))
        Console().print(summary)
        per = Table(title=f"{name}: per type")
        for col in ("type", "gold", "predicted", "precision", "recall", "f1"):
            per.add_column(col)
        for t, v in r["per_type"].items():
            per.add_row(t, *(str(v[k]) for k in ("gold", "predicted", "precision", "recall", "f1")))
        Console().print(per)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to serve.")] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option("--host", help="Interface to bind (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI docs at /docs); POST /api/articles needs EVENTWIRE_TOKEN."""
    import uvicorn

    from .api import create_app

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err.print(f"serving {db}: web UI at http://{shown}:{port}/  API docs at http://{shown}:{port}/docs  (Ctrl-C stops)",
              highlight=False)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


kb_app = typer.Typer(no_args_is_help=True, help="The actor knowledge base: look up actors, import Wikidata.")
app.add_typer(kb_app, name="kb")


@kb_app.command("show")
def kb_show(
    name: Annotated[str, typer.Argument(help="Name, alias, near spelling or actor id; or a country name.")],
    on: Annotated[str | None, typer.Option("--on", help="Date (YYYY-MM-DD) for the office held then.")] = None,
    kb_file: Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB file(s) to load, like $EVENTWIRE_KB.")] = None,
) -> None:
    """Print what the knowledge base knows about an actor (ids, aliases, roles with dates)."""
    import os
    from datetime import date as _date

    from .kb import LOCAL_KB_ENV, default_kb

    with _exit_on_error(EXIT_BAD_INPUT):
        if kb_file:
            os.environ[LOCAL_KB_ENV] = os.pathsep.join(str(p) for p in kb_file)
            default_kb.cache_clear()
        kb = default_kb()
        try:
            day = _date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise EventwireError(f"--on {on!r}: expected a date YYYY-MM-DD") from exc
        found = kb.find(name)
        iso = kb.country_of(name)
    console = Console()
    if not found and not iso:
        err.print(f"[red]error[/red] {name!r}: not in the knowledge base (no alias, near spelling or id matches)",
                  highlight=False)
        raise typer.Exit(1)
    if iso and iso in kb.countries:
        c = kb.countries[iso]
        console.print(f"[bold]{c.name}[/bold] (country {c.iso3}) capital {c.capital or '-'}; "
                      f"also {', '.join(c.aliases + c.demonyms) or '-'}", highlight=False)
    for actor in found:
        console.print(f"[bold]{actor.name}[/bold]  {actor.actor_id}  {actor.kind} {actor.actor_type or '-'} "
                      f"{actor.country or '-'}" + (f"  wikidata {actor.wikidata}" if actor.wikidata else ""), highlight=False)
        if actor.aliases:
            console.print("  aliases: " + ", ".join(actor.aliases), highlight=False)
        if actor.affiliations:
            console.print("  affiliations: " + ", ".join(
                kb.actors[a].name if a in kb.actors else a for a in actor.affiliations), highlight=False)
        current = actor.role_on(day) if day else None
        for role in actor.roles:
            mark = "  *" if role == current else "   "
            where = ", ".join(filter(None, (role.country, kb.actors[role.organization].name
                                             if role.organization in kb.actors else role.organization)))
            console.print(f"{mark}{role.title}" + (f" ({where})" if where else "") +
                          f"  {role.start or '?'} – {role.end or 'present'}", highlight=False)


@kb_app.command("import-wikidata")
def kb_import_wikidata(
    dump: Annotated[Path, typer.Argument(help="Wikidata JSON dump or a filtered slice (.json, .json.gz, .json.bz2).")],
    out: Annotated[Path, typer.Option("--out", help="Local KB file to write or merge into (YAML).")] = Path("eventwire-kb.yaml"),
    limit: Annotated[int | None, typer.Option("--limit", help="Stop after this many dump lines.")] = None,
) -> None:
    """Stream a Wikidata dump into a local KB file: politicians with positions, organisations.

    Use the file with `--kb FILE` or by naming it in $EVENTWIRE_KB."""
    from .wikidata import import_wikidata

    with _exit_on_error(EXIT_BAD_INPUT), Progress(TextColumn("{task.description}"), MofNCompleteColumn(),
                                                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task(f"reading {dump.name}", total=None)
        summary = import_wikidata(dump, out, progress=lambda done, kept: progress.update(task, completed=done),
                                  limit=limit)
    for line_number, reason in summary.bad_lines:
        _warn(f"{dump}:{line_number}", reason)
    err.print(f"{summary.line()} -> {out}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    sys.stdout.write(json.dumps(event_json_schema(), indent=2) + "\n")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
