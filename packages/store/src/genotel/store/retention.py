"""Retention: really deleting what has expired, in small transactions, on a background thread.

Why this way: whole traces go at once (a trace is removed when its *last* span is older than the
retention), so a reader never finds half a trace; the attribute-index rows of the deleted spans are
derived from their stored JSON by the same SQL as on ingest, and deleted by primary key, which needs no second index on
`span_attrs`. Every kind is deleted in bounded chunks, each its own short write transaction with a pause
after it, so exporters in this and other processes are never locked out for long; and the periodic purge
runs on its own thread, never on the application's or an exporter's.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

from .connection import Database
from .encode import to_json
from .errors import StoreError
from .schema import INDEX_ENTRIES_SQL, trace_span_ids

DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600
TRACES_PER_CHUNK = 1000
ROWS_PER_CHUNK = 5000  # logs, metric points or events deleted per transaction
PAUSE_BETWEEN_CHUNKS = 0.01  # seconds: lets a waiting writer take the lock between two chunks
_logger = logging.getLogger(__name__)
# (table, the condition a row is deleted on) for the kinds deleted row by row
_ROW_KINDS = {"logs": "time_ns < ?", "metric_points": "time_ns < ?"}


def purge(
    db: Database, retention_seconds: float | None, now_ns: int, stop: threading.Event | None = None
) -> dict[str, int]:
    """Delete expired events, and spans/traces/logs/metric points older than the retention.

    `stop` set (the store closing) ends the purge after the current chunk.
    """
    counts = {"events": 0, "traces": 0, "spans": 0, "logs": 0, "metric_points": 0}
    counts["events"] = _delete_rows(db, "events", "expires_ns <= ?", now_ns, stop)
    if not retention_seconds or retention_seconds <= 0:
        return counts
    cutoff = now_ns - int(retention_seconds * 1_000_000_000)
    while not _stopped(stop):
        traces, spans = db.write(lambda conn: _purge_traces(conn, cutoff))
        counts["traces"] += traces
        counts["spans"] += spans
        if traces < TRACES_PER_CHUNK:
            break
        time.sleep(PAUSE_BETWEEN_CHUNKS)
    for table, condition in _ROW_KINDS.items():
        counts[table] = _delete_rows(db, table, condition, cutoff, stop)
    return counts


def _stopped(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()


def _delete_rows(db: Database, table: str, condition: str, bound: int, stop: threading.Event | None) -> int:
    """Delete the rows of `table` satisfying `condition` (on `bound`), ROWS_PER_CHUNK per transaction."""
    sql = f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {condition} LIMIT ?)"
    deleted, chunk = 0, ROWS_PER_CHUNK
    while not _stopped(stop):
        count = db.write(lambda conn: conn.execute(sql, (bound, chunk)).rowcount)
        deleted += count
        if count < chunk:
            break
        time.sleep(PAUSE_BETWEEN_CHUNKS)
    return deleted


class BackgroundPurge:
    """Runs the purge on its own daemon thread, at most once per interval; `poke()` is cheap enough for
    every write, and a purge that fails is logged at debug level, never raised into a writer."""

    def __init__(self, db: Database, retention_seconds: float | None, interval_seconds: float) -> None:
        self._db = db
        self._retention_seconds = retention_seconds
        self._interval = interval_seconds
        self._next = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def postpone(self) -> None:
        """A purge just ran elsewhere (an explicit `purge_expired`): the next is an interval away."""
        self._next = time.monotonic() + self._interval

    def poke(self) -> None:
        """Start a purge in the background if one is due and none is running."""
        if time.monotonic() < self._next:
            return
        with self._lock:
            busy = self._thread is not None and self._thread.is_alive()
            if busy or self._stop.is_set() or time.monotonic() < self._next:
                return
            self._next = time.monotonic() + self._interval
            self._thread = threading.Thread(target=self._run, name="genotel-store-retention", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            if has_expired(self._db, self._retention_seconds, time.time_ns()):
                purge(self._db, self._retention_seconds, time.time_ns(), self._stop)
        except StoreError as exc:
            _logger.debug("genotel-store: retention purge skipped: %s", exc)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running purge to end; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def stop(self) -> None:
        """No new purge; a running one ends after its current chunk (waited for, so the store can close)."""
        with self._lock:
            self._stop.set()
        self.wait(timeout=self._db.busy_timeout_ms / 1000 + 5)


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
