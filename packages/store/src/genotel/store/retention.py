"""Retention: really deleting what has expired, in small transactions.

Why this way: whole traces go at once (a trace is removed when its *last* span is older than the
retention), so a reader never finds half a trace; the attribute-index rows of the deleted spans are
derived from their stored JSON by the same SQL as on ingest, and deleted by primary key, which needs no second index on
`span_attrs`; chunks keep each write transaction short so exporters in other processes are not stalled.
"""

from __future__ import annotations

import sqlite3

from .connection import Database
from .encode import to_json
from .schema import INDEX_ENTRIES_SQL, trace_span_ids

DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600
TRACES_PER_CHUNK = 1000


def purge(db: Database, retention_seconds: float | None, now_ns: int) -> dict[str, int]:
    """Delete expired events, and spans/traces/logs/metric points older than the retention."""
    counts = {"events": 0, "traces": 0, "spans": 0, "logs": 0, "metric_points": 0}
    counts["events"] = db.write(
        lambda conn: conn.execute("DELETE FROM events WHERE expires_ns <= ?", (now_ns,)).rowcount
    )
    if not retention_seconds or retention_seconds <= 0:
        return counts
    cutoff = now_ns - int(retention_seconds * 1_000_000_000)
    while True:
        traces, spans = db.write(lambda conn: _purge_traces(conn, cutoff))
        counts["traces"] += traces
        counts["spans"] += spans
        if traces < TRACES_PER_CHUNK:
            break
    counts["logs"] = db.write(lambda conn: conn.execute("DELETE FROM logs WHERE time_ns < ?", (cutoff,)).rowcount)
    counts["metric_points"] = db.write(
        lambda conn: conn.execute("DELETE FROM metric_points WHERE time_ns < ?", (cutoff,)).rowcount
    )
    return counts


def _purge_traces(conn: sqlite3.Connection, cutoff: int) -> tuple[int, int]:
    trace_ids = [
        row[0]
        for row in conn.execute(
            "SELECT trace_id FROM traces WHERE start_ns < ? AND end_ns < ? LIMIT ?", (cutoff, cutoff, TRACES_PER_CHUNK)
        )
    ]
    if not trace_ids:
        return 0, 0
    selected = to_json(trace_ids)
    in_selected = "t.trace_id IN (SELECT value FROM json_each(?))"
    span_ids = to_json([row[0] for row in conn.execute(trace_span_ids(in_selected), (selected, selected))])
    entries = conn.execute(INDEX_ENTRIES_SQL.format(where="s.id IN (SELECT value FROM json_each(?))"), (span_ids,))
    conn.executemany(
        "DELETE FROM span_attrs WHERE bucket = ? AND key_id = ? AND value = ? AND span_rowid = ?",
        [tuple(entry) for entry in entries.fetchall()],
    )
    span_count = conn.execute("DELETE FROM spans WHERE id IN (SELECT value FROM json_each(?))", (span_ids,)).rowcount
    conn.execute("DELETE FROM traces WHERE trace_id IN (SELECT value FROM json_each(?))", (selected,))
    return len(trace_ids), span_count


def has_expired(db: Database, retention_seconds: float | None, now_ns: int) -> bool:
    """A cheap check (indexes only) so the periodic purge costs nothing when nothing is due."""
    cutoff = now_ns - int((retention_seconds or 0) * 1_000_000_000)

    def probe(conn: sqlite3.Connection) -> bool:
        if conn.execute("SELECT 1 FROM events WHERE expires_ns <= ? LIMIT 1", (now_ns,)).fetchone():
            return True
        if not retention_seconds or retention_seconds <= 0:
            return False
        for table in ("traces", "logs", "metric_points"):
            column = "start_ns" if table == "traces" else "time_ns"
            if conn.execute(f"SELECT 1 FROM {table} WHERE {column} < ? LIMIT 1", (cutoff,)).fetchone():
                return True
        return False

    return db.read(probe)
