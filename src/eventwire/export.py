"""Export merged events (JSONL, CSV, Parquet by month, GDELT-2.0-style TSV) and import
``eventwire run`` Parquet shards back into a database."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from .errors import StoreError
from .query import SELECT_MERGED, _filters
from .schema import Article, Event
from .store import EventStore

FORMATS = ("jsonl", "csv", "parquet", "gdelt")

# GDELT 2.0 event-table columns we can fill; the rest of GDELT's 61 are left out, not faked.
GDELT_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "IsRootEvent", "EventCode", "EventBaseCode",
                 "EventRootCode", "NumMentions", "NumSources", "NumArticles", "ActionGeo_CountryCode",
                 "DATEADDED", "SOURCEURL", "PLOVER_EventType"]


def _merged_rows(store: EventStore, filters: dict) -> list[dict]:
    where, params = _filters(filters).where()
    df = store.con.execute(SELECT_MERGED + where + " ORDER BY s.date, s.id", params).df()
    return df.to_dict(orient="records")


def _reports(store: EventStore, merged_id: str) -> list[dict]:
    rows = store.con.execute("SELECT e.record FROM merged_event_reports r JOIN events e ON e.event_id = r.event_id "
                             "WHERE r.merged_id = ? ORDER BY e.event_id", [merged_id]).fetchall()
    return [json.loads(r[0]) for r in rows]


def _plain(value):
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def export(store: EventStore, fmt: str, out: Path, **filters) -> int:
    """Write merged events to ``out``; returns the number of merged events written."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _export_parquet(store, out, filters)
    rows = _merged_rows(store, filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            for row in rows:
                record = {k: _plain(v) for k, v in row.items()}
                record["reports"] = _reports(store, row["id"])
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()) if rows else ["id"])
            writer.writeheader()
            for row in rows:
                writer.writerow({k: (";".join(map(str, v)) if isinstance(_plain(v), list) else _plain(v))
                                 for k, v in row.items()})
        else:
            _write_gdelt(store, fh, rows)
    return len(rows)


def _write_gdelt(store: EventStore, fh, rows: list[dict]) -> None:
    writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS)
    for n, row in enumerate(rows, start=1):
        reports = _reports(store, row["id"])
        first = reports[0]
        src = first["source_actors"][0] if first["source_actors"] else {}
        tgt = first["target_actors"][0] if first["target_actors"] else {}
        day = _plain(row["date"]) or ""
        ymd = day.replace("-", "")[:8]
        root = first["cameo_root"]
        writer.writerow([
            n, ymd, ymd[:6], ymd[:4], src.get("country") or "", src.get("name", ""), src.get("country") or "",
            tgt.get("country") or "", tgt.get("name", ""), tgt.get("country") or "", 1, root, root, root,
            row["n_reports"], row["n_outlets"], len({r["article"]["id"] for r in reports}),
            row["location_country"] if isinstance(row["location_country"], str) else "",
            datetime.now().strftime("%Y%m%d%H%M%S"), first["article"].get("url") or "", row["event_type"],
        ])


def _export_parquet(store: EventStore, out: Path, filters: dict) -> int:
    """Merged events as Parquet, one folder per month (``month=2023-09/``)."""
    where, params = _filters(filters).where()
    out.mkdir(parents=True, exist_ok=True)
    view = SELECT_MERGED + where
    count = store.con.execute(f"SELECT count(*) FROM ({view})", params).fetchone()[0]
    store.con.execute(
        f"COPY (SELECT *, coalesce(strftime(date, '%Y-%m'), 'undated') AS month FROM ({view})) "
        f"TO '{_sql_path(out)}' (FORMAT PARQUET, PARTITION_BY (month), OVERWRITE_OR_IGNORE)", params)
    return count


def _sql_path(path: Path) -> str:
    text = str(path)
    if "'" in text:
        raise StoreError(f"{text}: export paths may not contain a quote character")
    return text


def import_shards(store: EventStore, shard_dir: Path) -> tuple[int, int]:
    """Load ``eventwire run --out`` shards into the store (merging as usual); (articles, events) added."""
    import pyarrow.parquet as pq

    added_articles = added_events = 0
    for articles_path in sorted(shard_dir.glob("articles-*.parquet")):
        events_path = articles_path.with_name(articles_path.name.replace("articles-", "events-"))
        if not events_path.exists():
            raise StoreError(f"{events_path}: missing events shard for {articles_path.name}")
        by_article: dict[str, list[Event]] = {}
        for row in pq.read_table(events_path, columns=["article_id", "record"]).to_pylist():
            by_article.setdefault(row["article_id"], []).append(Event.model_validate_json(row["record"]))
        for row in pq.read_table(articles_path).to_pylist():
            if row.get("error") or not row.get("text"):
                continue
            article = Article(id=row["id"], title=row["title"], text=row["text"], url=row["url"], outlet=row["outlet"],
                              published_at=datetime.fromisoformat(row["published_at"]) if row["published_at"] else None,
                              source_path=row["source_path"], language=row["language"])
            events = by_article.get(article.id, [])
            if store.add(article, events):
                added_articles += 1
                added_events += len(events)
    return added_articles, added_events
