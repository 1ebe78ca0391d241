"""HTTP API (FastAPI) and the web UI: read merged events, their reports and evidence, actors,
articles, aggregates and search; ingest posted articles behind a bearer token.

The UI is static files in ``eventwire/web/static`` (no build step, no CDN) served at ``/``;
it reads the same JSON endpoints and renders every text with ``textContent``, so article
text can never become markup.

``create_app(db)`` builds the app over one DuckDB file. Each request opens a short-lived
connection and closes it, so the file is free between requests; DuckDB allows one writing
process, so while serving, add articles through ``POST /api/articles`` (a separate
``eventwire ingest`` waits for no one: it fails with a lock error, or makes reads answer 503
while it runs). The write endpoint is off unless a token is configured
(``EVENTWIRE_TOKEN`` or ``create_app(token=...)``). Every error has one JSON shape:
``{"error": {"status": 404, "message": "..."}}``.
"""

from __future__ import annotations

import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .errors import EventwireError, StoreError
from .store import EventStore

MAX_PAGE = 500
MAX_ARTICLES_PER_REQUEST = 50
MAX_ARTICLE_CHARS = 200_000
MAX_BODY_BYTES = 12 * MAX_ARTICLES_PER_REQUEST * MAX_ARTICLE_CHARS // 10  # a full request, JSON-escaped
STATIC_DIR = Path(__file__).parent / "web" / "static"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class PostedArticle(BaseModel):
    title: str = Field(max_length=1000)
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    published_at: str | None = None
    url: str | None = None
    outlet: str | None = None


class IngestRequest(BaseModel):
    articles: list[PostedArticle] = Field(min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)


def _filters(actor: str | None = None, source: str | None = None, target: str | None = None,
             type: str | None = None, mode: str | None = None, country: str | None = None,
             since: str | None = None, until: str | None = None, outlet: str | None = None,
             text: str | None = None, min_outlets: int | None = None) -> dict:
    """The query filters of ``eventwire.query.Filters`` as URL parameters."""
    values = dict(actor=actor, source=source, target=target, event_type=type, mode=mode, country=country,
                  since=since, until=until, outlet=outlet, text=text, min_outlets=min_outlets)
    return {k: v for k, v in values.items() if v is not None}


Filters = Annotated[dict, Depends(_filters)]


_DATE_COLUMNS = {"date", "date_min", "date_max", "period"}  # DuckDB DATEs arrive as pandas timestamps


def _records(df) -> list[dict]:
    rows = json.loads(df.to_json(orient="records", date_format="iso"))
    for row in rows:
        for key in _DATE_COLUMNS & row.keys():
            if isinstance(row[key], str):
                row[key] = row[key][:10]
    return rows


def highlights(record: dict) -> list[dict]:
    """Character spans of the evidence sentence to mark: actors, trigger, date and place.

    Spans are found by searching the sentence for the texts the coder read (the actor span,
    the trigger, the date expression, the place name); overlapping finds keep the first."""
    sentence = record.get("evidence", {}).get("sentence") or ""
    lowered = sentence.lower()
    wanted: list[tuple[str, str, str]] = []  # (kind, text to find, label)
    for side in ("source_actors", "target_actors"):
        for actor in record.get(side) or ():
            label = actor.get("name") or ""
            surname = label.split()[-1] if len(label.split()) > 1 and len(label.split()[-1]) > 3 else None
            for text in dict.fromkeys(t for t in (actor.get("text"), label, surname) if t):
                wanted.append((side.split("_")[0], text, label))
    if record.get("trigger"):
        wanted.append(("trigger", record["trigger"], record.get("event_type", "")))
    if record.get("date_text"):
        wanted.append(("date", record["date_text"], str(record.get("date") or "")))
    location = record.get("location") or {}
    if location.get("name"):
        wanted.append(("place", location["name"], location.get("country") or ""))
    spans: list[dict] = []
    for kind, text, label in wanted:
        start = lowered.find(text.lower())
        while start >= 0:
            end = start + len(text)
            if not any(s["start"] < end and start < s["end"] for s in spans):
                spans.append({"start": start, "end": end, "kind": kind, "label": label})
                break
            start = lowered.find(text.lower(), start + 1)
    return sorted(spans, key=lambda s: s["start"])


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    db = str(db)
    token = token if token is not None else os.environ.get("EVENTWIRE_TOKEN")
    app = FastAPI(title="eventwire", version="0.1.0",
                  description="Political events from news: merged events, reports, evidence, actors.")

    @contextmanager
    def read_store():
        if not Path(db).exists():
            raise HTTPException(503, f"database {db} does not exist yet; ingest articles first")
        try:
            store = EventStore(db)
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        try:
            yield store
        finally:
            store.close()

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return JSONResponse({"error": {"status": exc.status_code, "message": exc.detail}}, status_code=exc.status_code)

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError):
        return JSONResponse({"error": {"status": 422, "message": str(exc)}}, status_code=422)

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse({"error": {"status": 422, "message": f"{where}: {first.get('msg', 'invalid request')}"}},
                            status_code=422)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"error": {"status": 413, "message": f"request body over {MAX_BODY_BYTES} bytes"}},
                                status_code=413)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        """The web UI: one page, routes in the URL fragment (#/event/ID, #/actor/NAME, ...)."""
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/api/meta")
    def meta() -> dict:
        """What the UI's filter bar offers: event types, outlets, date range, totals."""
        from .schema import EVENT_TYPES

        with read_store() as store:
            first, last = store.con.execute("SELECT min(date), max(date) FROM events").fetchone()
            outlets = [r[0] for r in store.con.execute("SELECT name FROM outlets ORDER BY name").fetchall()]
            totals = {"articles": store.count("articles"), "reports": store.count("events"),
                      "merged_events": store.count("merged_events")}
        return {"event_types": list(EVENT_TYPES), "outlets": outlets, "first_date": first and str(first),
                "last_date": last and str(last), "totals": totals}

    @app.get("/api/events")
    def list_events(f: Filters, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0)] = 0,
                    sort: Annotated[str, Query(pattern="^(date|reports|outlets|type)$")] = "date",
                    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc") -> dict:
        """Merged events with the store's filters, sorted (date, reports, outlets or type) and paged."""
        from .query import count, query

        with read_store() as store:
            rows = _records(query(store, limit=limit, offset=offset, sort=sort, descending=order == "desc", **f))
            total = count(store, **f)
        return {"events": rows, "total": total, "limit": limit, "offset": offset, "sort": sort, "order": order}

    @app.get("/api/events/{merged_id}")
    def event_detail(merged_id: str) -> dict:
        """One merged event with every report (full record, evidence sentence, article)."""
        from .query import SELECT_MERGED

        with read_store() as store:
            df = store.con.execute(SELECT_MERGED + " FROM merged_event_summary s WHERE s.id = ?", [merged_id]).df()
            if df.empty:
                raise HTTPException(404, f"no event {merged_id!r}")
            reports = [json.loads(r[0]) for r in store.con.execute(
                "SELECT e.record FROM merged_event_reports r JOIN events e ON e.event_id = r.event_id "
                "WHERE r.merged_id = ? ORDER BY e.event_id", [merged_id]).fetchall()]
        for report in reports:
            report["highlights"] = highlights(report)
        return {"event": _records(df)[0], "reports": reports}

    @app.get("/api/articles")
    def list_articles(outlet: str | None = None, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                      offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        """Stored articles, newest first (title, outlet, time, events coded)."""
        condition, params = ("WHERE a.outlet = ?", [outlet]) if outlet else ("", [])
        with read_store() as store:
            df = store.con.execute(
                f"SELECT a.id, a.title, a.outlet, a.url, a.published_at, a.duplicate_of, "
                f"(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events FROM articles a {condition} "
                f"ORDER BY a.published_at DESC NULLS LAST, a.id LIMIT ? OFFSET ?", params + [limit, offset]).df()
            total = store.con.execute(f"SELECT count(*) FROM articles a {condition}", params).fetchone()[0]
        return {"articles": _records(df), "total": total, "limit": limit, "offset": offset}

    @app.get("/api/articles/{article_id}")
    def article_detail(article_id: str) -> dict:
        """One article's cleaned text and the events coded from it (evidence offsets index the text)."""
        with read_store() as store:
            df = store.con.execute("SELECT id, title, text, outlet, url, published_at, duplicate_of FROM articles "
                                   "WHERE id = ?", [article_id]).df()
            if df.empty:
                raise HTTPException(404, f"no article {article_id!r}")
            events = store.con.execute(
                "SELECT e.event_id, e.event_type, e.date, r.merged_id, "
                "json_extract(e.record, '$.evidence.start')::INT AS start, "
                "json_extract(e.record, '$.evidence.end')::INT AS \"end\" "
                "FROM events e LEFT JOIN merged_event_reports r ON r.event_id = e.event_id "
                "WHERE e.article_id = ? ORDER BY start", [article_id]).df()
        return {"article": _records(df)[0], "events": _records(events)}

    @app.get("/api/search")
    def search(q: Annotated[str, Query(min_length=2, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
        """Actors whose name contains ``q`` and merged events whose evidence contains it."""
        from .query import query

        with read_store() as store:
            actors = store.con.execute(
                "SELECT a.actor_id, a.name, a.country, a.actor_type, count(DISTINCT ea.event_id) AS reports "
                "FROM actors a LEFT JOIN event_actors ea ON ea.actor_id = a.actor_id "
                "WHERE a.name ILIKE ? OR a.actor_id = ? GROUP BY ALL ORDER BY reports DESC, a.name LIMIT ?",
                [f"%{q}%", q, limit]).df()
            events = query(store, limit=limit, text=q)
        return {"query": q, "actors": _records(actors), "events": _records(events)}

    @app.get("/api/actors/{actor}")
    def actor_profile(actor: str) -> dict:
        """Name or id: known facts, event counts by type, top partners."""
        from .kb import default_kb
        from .query import dyads, timeseries

        with read_store() as store:
            row = store.con.execute("SELECT actor_id, name, country, actor_type FROM actors WHERE actor_id = ? "
                                    "OR lower(name) = lower(?) LIMIT 1", [actor, actor]).fetchone()
            if row is None:
                raise HTTPException(404, f"no actor {actor!r}")
            counts = store.con.execute(
                "SELECT e.event_type, count(DISTINCT r.merged_id) FROM event_actors ea JOIN events e USING (event_id) "
                "JOIN merged_event_reports r ON r.event_id = e.event_id WHERE ea.actor_id = ? GROUP BY 1 ORDER BY 2 DESC",
                [row[0]]).fetchall()
            as_source = _records(dyads(store, 25, source=row[0]))
            as_target = _records(dyads(store, 25, target=row[0]))
            series = _records(timeseries(store, "month", actor=row[0]))
        known = default_kb().actors.get(row[0])
        roles = [{"title": r.title, "country": r.country, "organization": r.organization,
                  "start": r.start and r.start.isoformat(), "end": r.end and r.end.isoformat()}
                 for r in (known.roles if known else ())]
        return {"actor_id": row[0], "name": row[1], "country": row[2], "actor_type": row[3],
                "aliases": list(known.aliases) if known else [], "roles": roles,
                "affiliations": list(known.affiliations) if known else [],
                "events_by_type": dict(counts), "partners_as_source": as_source, "partners_as_target": as_target,
                "timeline": series}

    @app.get("/api/aggregates/{kind}")
    def aggregates(kind: str, f: Filters, interval: str = "week",
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict:
        """kind: series | dyads | actors | countries | changes."""
        from . import query as q

        with read_store() as store:
            if kind == "series":
                df = q.timeseries(store, interval, **f)
            elif kind == "dyads":
                df = q.dyads(store, limit, **f)
            elif kind == "actors":
                df = q.top_actors(store, limit, **f)
            elif kind == "countries":
                df = q.countries(store, **f)
            elif kind == "changes":
                df = q.week_changes(store, f.get("since"))
            else:
                raise HTTPException(404, f"no aggregate {kind!r}; expected series, dyads, actors, countries or changes")
        return {"kind": kind, "rows": _records(df)}

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if not token:
            raise HTTPException(403, "writing is disabled: set EVENTWIRE_TOKEN to enable POST /api/articles")
        if not authorization or not secrets.compare_digest(authorization, f"Bearer {token}"):
            raise HTTPException(401, "missing or wrong bearer token")

    @app.post("/api/articles", dependencies=[Depends(require_token)])
    def ingest(body: IngestRequest) -> dict:
        """Code and store posted articles (JSON, at most 50 per request)."""
        from .runner import ingest_articles
        from .sources import article_from_record

        items = []
        for n, posted in enumerate(body.articles):
            try:
                items.append(article_from_record(posted.model_dump(), f"articles[{n}]"))
            except EventwireError as exc:
                items.append(exc)
        try:
            with EventStore(db) as store:
                summary = ingest_articles(store, items)
        except duckdb.Error as exc:
            raise HTTPException(503, f"database busy or unavailable ({exc})") from exc
        return {"ingested": summary.ingested, "duplicates": summary.duplicates, "skipped": summary.skipped,
                "events": summary.events, "failed": [{"source": s, "reason": r} for s, r in summary.failed]}

    return app
