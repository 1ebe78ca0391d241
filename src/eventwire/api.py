"""HTTP API (FastAPI): read merged events, their reports and evidence, actors, aggregates;
ingest posted articles behind a bearer token.

``create_app(db)`` builds the app over one DuckDB file. Reads open a short-lived read-only
connection per request; the write endpoint is off unless a token is configured
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
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .errors import EventwireError, StoreError
from .store import EventStore

MAX_PAGE = 500
MAX_ARTICLES_PER_REQUEST = 50
MAX_ARTICLE_CHARS = 200_000


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


def _records(df) -> list[dict]:
    return json.loads(df.to_json(orient="records", date_format="iso"))


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
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        return response

    @app.get("/api/events")
    def list_events(f: Filters, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        """Merged events, newest first, with the store's filters."""
        from .query import query

        with read_store() as store:
            rows = _records(query(store, limit=limit, offset=offset, **f))
        return {"events": rows, "limit": limit, "offset": offset}

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
        return {"event": _records(df)[0], "reports": reports}

    @app.get("/api/actors/{actor}")
    def actor_profile(actor: str) -> dict:
        """Name or id: known facts, event counts by type, top partners."""
        from .query import dyads

        with read_store() as store:
            row = store.con.execute("SELECT actor_id, name, country, actor_type FROM actors WHERE actor_id = ? "
                                    "OR lower(name) = lower(?) LIMIT 1", [actor, actor]).fetchone()
            if row is None:
                raise HTTPException(404, f"no actor {actor!r}")
            counts = store.con.execute(
                "SELECT e.event_type, count(DISTINCT r.merged_id) FROM event_actors ea JOIN events e USING (event_id) "
                "JOIN merged_event_reports r ON r.event_id = e.event_id WHERE ea.actor_id = ? GROUP BY 1 ORDER BY 2 DESC",
                [row[0]]).fetchall()
            as_source = _records(dyads(store, 10, source=row[0]))
            as_target = _records(dyads(store, 10, target=row[0]))
        return {"actor_id": row[0], "name": row[1], "country": row[2], "actor_type": row[3],
                "events_by_type": dict(counts), "partners_as_source": as_source, "partners_as_target": as_target}

    @app.get("/api/aggregates/{kind}")
    def aggregates(kind: str, f: Filters, interval: str = "week",
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict:
        """kind: series | dyads | actors | changes."""
        from . import query as q

        with read_store() as store:
            if kind == "series":
                df = q.timeseries(store, interval, **f)
            elif kind == "dyads":
                df = q.dyads(store, limit, **f)
            elif kind == "actors":
                df = q.top_actors(store, limit, **f)
            elif kind == "changes":
                df = q.week_changes(store, f.get("since"))
            else:
                raise HTTPException(404, f"no aggregate {kind!r}; expected series, dyads, actors or changes")
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
