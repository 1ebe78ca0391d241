"""Command line: a thin layer over the library; logging is configured only here."""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import EventwireError, IngestError
from .schema import Event, event_json_schema
from .store import DEFAULT_DB, EventStore

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles into structured, verifiable political event data (PLOVER).")
err = Console(stderr=True)

EXIT_BAD_INPUT = 2


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _fail(source: str, reason: str) -> None:
    err.print(f"[red]error[/red] {source}: {reason}", highlight=False, soft_wrap=True)


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
    paths: Annotated[list[str], typer.Argument(help="Article files or directories (plain text or HTML); '-' reads stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
) -> None:
    """Print the events of each article (JSON Lines by default)."""
    from .runner import extract_paths

    failed = 0
    collected: list[Event] = []
    for source, result in extract_paths(paths):
        if isinstance(result, EventwireError):
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


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Article files or directories; '-' reads stdin.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to store into.")] = Path(DEFAULT_DB),
) -> None:
    """Store articles and their events in a DuckDB file; nothing is stored twice."""
    from .ingest import read_articles
    from .runner import ingest_articles

    items = list(read_articles(paths))
    try:
        with EventStore(db) as store, _progress() as progress:
            task = progress.add_task("ingesting", total=len(items))
            summary = ingest_articles(store, items, on_article=lambda _: progress.advance(task))
    except EventwireError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    for source, reason in summary.failed:
        _fail(source, reason)
    err.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file for the demo (replaced if it exists).")] = Path("eventwire-demo.duckdb"),
) -> None:
    """Ingest the bundled demo corpus into a fresh database and print a summary."""
    from .demo import demo_articles
    from .runner import ingest_articles

    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    articles = demo_articles()
    with EventStore(db) as store:
        with _progress() as progress:
            task = progress.add_task("demo corpus", total=len(articles))
            summary = ingest_articles(store, articles, on_article=lambda _: progress.advance(task))
        console = Console()
        console.print(f"[bold]{summary.line()}[/bold] -> {db}")
        types = Table(title="Events per type")
        types.add_column("type")
        types.add_column("events", justify="right")
        for event_type, n in store.counts_by_type():
            types.add_row(event_type, str(n))
        console.print(types)
        pairs = Table(title="Top actor pairs")
        for col in ("source", "target", "events"):
            pairs.add_column(col, justify="right" if col == "events" else "left")
        for source, target, n in store.top_actor_pairs(10):
            pairs.add_row(source, target, str(n))
        console.print(pairs)
    for source, reason in summary.failed:
        _fail(source, reason)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    sys.stdout.write(json.dumps(event_json_schema(), indent=2) + "\n")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
