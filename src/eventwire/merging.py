"""Cross-article merging: many reports of one event become one merged event.

A coded event (a *report*, one per coded sentence group of one article) joins an existing
merged event when it has the same type and flags, a date within ``MERGE_WINDOW_DAYS``, and
shares participants: at least one actor id in common and, for directed types, a source in
common. Otherwise it starts a new merged event. Merging is incremental — a new article only
looks at candidates of its type around its dates — and runs inside the store's write
transaction, so a killed ingest never leaves half-merged events. Contradictions between
reports (dates, locations) are kept as counts, not averaged away.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from .schema import Event

MERGE_WINDOW_DAYS = 3
# Types where all participants are on one footing (PLOVER: meetings list every participant).
SYMMETRIC_TYPES = {"CONSULT", "COOPERATE", "AGREE"}

# One row per merged event with its report statistics. {pre} restricts it to merged events
# passing query pre-filters (query.Filters._pre); the merged_event_summary view uses none.
SUMMARY_SQL = """
    SELECT m.id, m.event_type, m.negated, m.hypothetical,
           mode(e.date) FILTER (WHERE e.date IS NOT NULL) AS date,
           min(e.date) AS date_min, max(e.date) AS date_max, count(DISTINCT e.date) AS n_dates,
           count(*) AS n_reports, count(DISTINCT coalesce(a.outlet, a.id)) AS n_outlets,
           min(a.published_at) AS first_seen, max(a.published_at) AS last_seen,
           mode(e.location_country) FILTER (WHERE e.location_country IS NOT NULL) AS location_country,
           count(DISTINCT e.location_country) AS n_locations,
           list(DISTINCT a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
           m.source_ids, m.target_ids
    FROM merged_events m
    JOIN merged_event_reports r ON r.merged_id = m.id
    JOIN events e ON e.event_id = r.event_id
    JOIN articles a ON a.id = e.article_id
    WHERE m.id IN (SELECT m.id FROM merged_events m{pre})
    GROUP BY m.id, m.event_type, m.negated, m.hypothetical, m.source_ids, m.target_ids"""


MIGRATION = ("0003_merged_events", """
    CREATE TABLE merged_events (
        id TEXT PRIMARY KEY,
        event_type TEXT NOT NULL,
        negated BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        date DATE,
        source_ids JSON NOT NULL,
        target_ids JSON NOT NULL,
        created_at TIMESTAMP NOT NULL
    );
    CREATE INDEX merged_type_date ON merged_events(event_type, date);
    CREATE TABLE merged_event_reports (
        merged_id TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(event_id),
        PRIMARY KEY (merged_id, event_id)
    );
    CREATE INDEX merged_reports_event ON merged_event_reports(event_id);
    CREATE VIEW merged_event_summary AS
""" + SUMMARY_SQL.format(pre="") + ";\n")


def _ids(actors) -> set[str]:
    return {a.actor_id for a in actors if a.actor_id}


def _matches(event: Event, sources: set[str], targets: set[str]) -> int:
    """Overlap score of a report with a merged event's participants (0 = no match)."""
    e_sources, e_targets = _ids(event.source_actors), _ids(event.target_actors)
    if event.event_type in SYMMETRIC_TYPES:
        overlap = len((e_sources | e_targets) & (sources | targets))
        return overlap if overlap else 0
    if not (e_sources & sources):
        return 0
    return len(e_sources & sources) + len(e_targets & targets)


def merge_event(con, event: Event, now) -> str:
    """Attach ``event`` (already inserted) to a merged event and return that id."""
    sources, targets = _ids(event.source_actors), _ids(event.target_actors)
    params: list = [event.event_type, event.negated, event.hypothetical]
    sql = "SELECT id, date, source_ids, target_ids FROM merged_events WHERE event_type = ? AND negated = ? AND hypothetical = ?"
    if event.date is not None:
        sql += " AND (date IS NULL OR date BETWEEN ? AND ?)"
        params += [event.date - timedelta(days=MERGE_WINDOW_DAYS), event.date + timedelta(days=MERGE_WINDOW_DAYS)]
    best, best_key = None, None
    if sources or targets:
        for merged_id, date, src_json, tgt_json in con.execute(sql, params).fetchall():
            score = _matches(event, set(json.loads(src_json)), set(json.loads(tgt_json)))
            if not score:
                continue
            distance = abs((date - event.date).days) if date and event.date else MERGE_WINDOW_DAYS
            key = (score, -distance)
            if best_key is None or key > best_key:
                best, best_key = (merged_id, set(json.loads(src_json)), set(json.loads(tgt_json))), key
    if best is None:
        merged_id = "mev_" + hashlib.sha256(event.event_id.encode()).hexdigest()[:16]
        con.execute("INSERT INTO merged_events VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [merged_id, event.event_type, event.negated, event.hypothetical, event.date,
                     json.dumps(sorted(sources)), json.dumps(sorted(targets)), now])
    else:
        merged_id, old_sources, old_targets = best
        # Participants accumulate; the stored date stays the first report's (the summary view
        # reports the most common date and the spread).
        con.execute("UPDATE merged_events SET source_ids = ?, target_ids = ? WHERE id = ?",
                    [json.dumps(sorted(old_sources | sources)), json.dumps(sorted(old_targets | targets)), merged_id])
    con.execute("INSERT INTO merged_event_reports VALUES (?, ?) ON CONFLICT DO NOTHING", [merged_id, event.event_id])
    return merged_id
