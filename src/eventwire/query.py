"""Query: one set of filters for the CLI and Python, over merged events.

``query(store, actor="Hezbollah", event_type="CONSULT", since="2023-01-01")`` returns a
pandas DataFrame with one row per merged event (its most common date, date spread, number
of reports and outlets, actors, first evidence sentence). Every value is a bound
parameter: no SQL is built from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from .errors import StoreError
from .merging import MERGE_WINDOW_DAYS, SUMMARY_SQL
from .store import EventStore

_ACTOR_MATCH = "(ea.actor_id = ? OR lower(ea.name) = lower(?))"


@dataclass
class Filters:
    actor: str | None = None  # name or id, either side
    source: str | None = None
    target: str | None = None
    pair: tuple[str, str] | None = None  # directed: (source, target)
    event_type: str | None = None
    mode: str | None = None
    country: str | None = None  # an actor of some report is from there, or some report is located there
    since: date | str | None = None
    until: date | str | None = None
    outlet: str | None = None
    text: str | None = None  # in any evidence sentence
    min_outlets: int | None = None
    include_negated: bool = False

    def where(self) -> tuple[str, list]:
        """SQL over ``merged_event_summary s``: (FROM-and-WHERE text, parameters).

        Cheap conditions on merged events and their reports are applied first (``m``), so
        only the matching events are aggregated; exact conditions on aggregates (the most
        common date, outlets) are applied after.
        """
        pre, pre_params = self._pre()
        post, post_params = self._post()
        sql = f" FROM ({SUMMARY_SQL.format(pre=pre)}) s" + (" WHERE " + " AND ".join(post) if post else "")
        return sql, pre_params + post_params

    def ids(self) -> tuple[str, list]:
        """SQL selecting just the matching merged-event ids (no aggregation unless needed)."""
        post, _ = self._post()
        if post:
            where, params = self.where()
            return f"SELECT s.id {where}", params
        pre, params = self._pre()
        return f"SELECT m.id FROM merged_events m{pre}", params

    def _pre(self) -> tuple[str, list]:
        clauses, params = [], []

        def exists(condition: str, values: list, table: str = "event_actors ea ON ea.event_id = r.event_id") -> None:
            # A semi-join (IN) rather than a correlated EXISTS: one hash join over the reports.
            clauses.append(f"m.id IN (SELECT r.merged_id FROM merged_event_reports r JOIN {table} WHERE {condition})")
            params.extend(values)

        for value, side in ((self.actor, None), (self.source, "source"), (self.target, "target"),
                            *(((self.pair[0], "source"), (self.pair[1], "target")) if self.pair else ())):
            if value:
                exists(_ACTOR_MATCH + (" AND ea.side = ?" if side else ""), [value, value] + ([side] if side else []))
        if self.event_type:
            clauses.append("m.event_type = ?")
            params.append(self.event_type.upper())
        if not self.include_negated:
            clauses.append("NOT m.negated")
        if self.mode:
            exists("e.mode = ?", [self.mode], "events e ON e.event_id = r.event_id")
        if self.text:
            exists("json_extract_string(e.record, '$.evidence.sentence') ILIKE ?", [f"%{self.text}%"],
                   "events e ON e.event_id = r.event_id")
        if self.country:  # an actor of some report is from there, or some report places the event there
            code = self.country.upper()
            clauses.append("m.id IN (SELECT r.merged_id FROM merged_event_reports r JOIN event_actors ea ON ea.event_id = r.event_id "
                           "WHERE ea.country = ? UNION SELECT r.merged_id FROM merged_event_reports r "
                           "JOIN events e ON e.event_id = r.event_id WHERE e.location_country = ?)")
            params.extend([code, code])
        # m.date is the first report's date; reports of one event lie within the merge window of it.
        if self.since:
            clauses.append("(m.date IS NULL OR m.date >= CAST(? AS DATE) - INTERVAL (?) DAY)")
            params.extend([str(self.since), MERGE_WINDOW_DAYS])
        if self.until:
            clauses.append("(m.date IS NULL OR m.date <= CAST(? AS DATE) + INTERVAL (?) DAY)")
            params.extend([str(self.until), MERGE_WINDOW_DAYS])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _post(self) -> tuple[list[str], list]:
        clauses, params = [], []
        if self.since:
            clauses.append("s.date >= CAST(? AS DATE)")
            params.append(str(self.since))
        if self.until:
            clauses.append("s.date <= CAST(? AS DATE)")
            params.append(str(self.until))
        if self.outlet:
            clauses.append("list_contains(s.outlets, ?)")
            params.append(self.outlet)
        if self.min_outlets:
            clauses.append("s.n_outlets >= ?")
            params.append(int(self.min_outlets))
        return clauses, params





def _filters(kwargs: dict) -> Filters:
    known = {f.name for f in fields(Filters)}
    unknown = set(kwargs) - known
    if unknown:
        raise StoreError(f"unknown filter(s) {sorted(unknown)}; expected some of {sorted(known)}")
    return Filters(**kwargs)


_SIDE_NAMES = ("(SELECT list(DISTINCT ea.name ORDER BY ea.name) FROM merged_event_reports r JOIN event_actors ea "
               "ON ea.event_id = r.event_id WHERE r.merged_id = s.id AND ea.side = '{side}')")
SELECT_MERGED = f"""
SELECT s.id, s.event_type, s.date, s.date_min, s.date_max, s.n_dates, s.n_reports, s.n_outlets,
       s.location_country, s.n_locations, s.first_seen, s.last_seen, s.outlets,
       {_SIDE_NAMES.format(side='source')} AS sources,
       {_SIDE_NAMES.format(side='target')} AS targets,
       (SELECT json_extract_string(min(e.record), '$.evidence.sentence') FROM merged_event_reports r
          JOIN events e ON e.event_id = r.event_id WHERE r.merged_id = s.id) AS evidence"""


# Sort keys a caller may name (the API's ``sort`` parameter): never SQL from the caller.
SORT_KEYS = {"date": "s.date", "reports": "s.n_reports", "outlets": "s.n_outlets", "type": "s.event_type"}


def query(store: EventStore, limit: int | None = 100, offset: int = 0, sort: str = "date",
          descending: bool = True, **filters):
    """Merged events matching ``filters`` (see ``Filters``), newest first by default, as a DataFrame.

    ``sort`` is one of ``SORT_KEYS``; ties break on date (newest first) then id, so paging is stable."""
    if sort not in SORT_KEYS:
        raise StoreError(f"sort {sort!r}: expected one of {sorted(SORT_KEYS)}")
    where, params = _filters(filters).where()
    direction = "DESC" if descending else "ASC"
    order = f" ORDER BY {SORT_KEYS[sort]} {direction} NULLS LAST, s.date DESC NULLS LAST, s.n_outlets DESC, s.id"
    page = f"SELECT s.* {where}{order}"
    if limit is not None:
        page += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    # Names and evidence are looked up for the page's rows only, not for every match.
    return store.con.execute(SELECT_MERGED + f" FROM ({page}) s" + order, params).df()


def count(store: EventStore, **filters) -> int:
    """How many merged events match ``filters`` (for paging)."""
    ids, params = _filters(filters).ids()
    return store.con.execute(f"SELECT count(*) FROM ({ids})", params).fetchone()[0]


def countries(store: EventStore, **filters):
    """Merged events per country (an actor from there, or a report located there): the map's data."""
    ids, params = _filters(filters).ids()
    sql = f"""
    SELECT country, count(DISTINCT merged_id) AS events FROM (
        SELECT r.merged_id, ea.country FROM ({ids}) s JOIN merged_event_reports r ON r.merged_id = s.id
            JOIN event_actors ea ON ea.event_id = r.event_id
        UNION ALL
        SELECT r.merged_id, e.location_country FROM ({ids}) s JOIN merged_event_reports r ON r.merged_id = s.id
            JOIN events e ON e.event_id = r.event_id)
    WHERE country IS NOT NULL GROUP BY country ORDER BY events DESC, country"""
    return store.con.execute(sql, params + params).df()


def timeseries(store: EventStore, interval: str = "week", **filters):
    """Merged-event counts per ``interval`` (day|week|month) and type: what analysts plot."""
    if interval not in ("day", "week", "month"):
        raise StoreError(f"interval {interval!r}: expected day, week or month")
    where, params = _filters(filters).where()
    sql = (f"SELECT date_trunc('{interval}', s.date) AS period, s.event_type, count(*) AS events "
           f"FROM (SELECT s.* {where}) s WHERE s.date IS NOT NULL GROUP BY ALL ORDER BY period, s.event_type")
    return store.con.execute(sql, params).df()


def dyads(store: EventStore, limit: int = 50, **filters):
    """Most frequent (source, target) actor pairs, counted once per merged event."""
    ids, params = _filters(filters).ids()
    sql = f"""
    SELECT src.name AS source, tgt.name AS target, count(DISTINCT s.id) AS events
    FROM ({ids}) s
    JOIN merged_event_reports r ON r.merged_id = s.id
    JOIN event_actors src ON src.event_id = r.event_id AND src.side = 'source'
    JOIN event_actors tgt ON tgt.event_id = r.event_id AND tgt.side = 'target'
    GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?"""
    return store.con.execute(sql, params + [int(limit)]).df()


def top_actors(store: EventStore, limit: int = 20, **filters):
    ids, params = _filters(filters).ids()
    sql = f"""
    SELECT ea.name AS actor, any_value(ea.actor_id) AS actor_id, any_value(ea.country) AS country,
           count(DISTINCT s.id) AS events
    FROM ({ids}) s JOIN merged_event_reports r ON r.merged_id = s.id
    JOIN event_actors ea ON ea.event_id = r.event_id
    GROUP BY ea.name ORDER BY events DESC, actor LIMIT ?"""
    return store.con.execute(sql, params + [int(limit)]).df()


def week_changes(store: EventStore, week_of: date | str | None = None):
    """Per type: merged events in the given week (default: the latest week with data) vs the week before."""
    anchor = store.con.execute("SELECT CAST(? AS DATE)", [str(week_of)]).fetchone()[0] if week_of else \
        store.con.execute("SELECT max(date) FROM merged_event_summary").fetchone()[0]
    if anchor is None:
        return store.con.execute("SELECT NULL AS event_type WHERE false").df()
    sql = """
    WITH w AS (SELECT date_trunc('week', CAST(? AS DATE)) AS anchor_week)
    SELECT s.event_type,
           count(*) FILTER (WHERE date_trunc('week', s.date) = w.anchor_week) AS this_week,
           count(*) FILTER (WHERE date_trunc('week', s.date) = w.anchor_week - INTERVAL 7 DAY) AS last_week,
           this_week - last_week AS change
    FROM merged_event_summary s, w WHERE NOT s.negated GROUP BY s.event_type
    HAVING this_week > 0 OR last_week > 0 ORDER BY abs(change) DESC, s.event_type"""
    return store.con.execute(sql, [str(anchor)]).df()
