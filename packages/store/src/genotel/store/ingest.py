"""Writing export batches: encode outside the lock, then one transaction per batch.

Why: the write lock is shared by every process using the file, so the Python work (JSON, hex ids) is
done before `BEGIN IMMEDIATE`; inside, only rowids and key ids are assigned, `executemany` inserts the
spans and one INSERT ... SELECT lets SQLite derive the attribute-index rows from the stored JSON.
A batch is all-or-nothing: an exception anywhere rolls it back, so a reader never sees half a trace.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .encode import (
    ResourceCache,
    hex_span_id,
    hex_trace_id,
    log_row,
    scope_name,
    span_events,
    span_links,
    to_json,
)
from .schema import INDEX_ENTRIES_SQL

SPAN_INSERT = (
    "INSERT INTO spans (id, trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, status_code,"
    " status_message, service_name, attributes, events, links, resource, scope)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
ATTR_INSERT = "INSERT OR IGNORE INTO span_attrs (bucket, key_id, value, span_rowid) " + INDEX_ENTRIES_SQL.format(
    where="s.id BETWEEN ? AND ?"
)
_PROVISIONAL_WINS = (
    "excluded.root_final > traces.root_final"
    " OR (excluded.root_final = 0 AND traces.root_final = 0 AND excluded.start_ns < traces.start_ns)"
)
TRACE_UPSERT = (
    "INSERT INTO traces (trace_id, root_span_id, root_name, root_final, service_name, start_ns, end_ns,"
    " span_count, error_count, first_id, last_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (trace_id) DO UPDATE SET"
    f" root_span_id = CASE WHEN {_PROVISIONAL_WINS} THEN excluded.root_span_id ELSE traces.root_span_id END,"
    f" root_name = CASE WHEN {_PROVISIONAL_WINS} THEN excluded.root_name ELSE traces.root_name END,"
    f" service_name = CASE WHEN {_PROVISIONAL_WINS} THEN excluded.service_name ELSE traces.service_name END,"
    " root_final = max(traces.root_final, excluded.root_final),"
    " start_ns = min(traces.start_ns, excluded.start_ns),"
    " end_ns = max(traces.end_ns, excluded.end_ns),"
    " span_count = traces.span_count + excluded.span_count,"
    " error_count = traces.error_count + excluded.error_count,"
    " first_id = min(traces.first_id, excluded.first_id),"
    " last_id = max(traces.last_id, excluded.last_id)"
)
LOG_INSERT = (
    "INSERT INTO logs (time_ns, observed_ns, trace_id, span_id, event_name, severity_number, severity_text, body,"
    " attributes, service_name, resource, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
METRIC_INSERT = (
    "INSERT INTO metric_points (name, unit, description, kind, temporality, start_ns, time_ns, attributes, value,"
    " sum, count, min, max, bucket_counts, bounds, service_name, scope)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
EVENT_INSERT = "INSERT INTO events (time_ns, expires_ns, trace_id, span_id, type, payload) VALUES (?, ?, ?, ?, ?, ?)"


@dataclass
class PreparedSpans:
    """A batch encoded and ready to insert; rowids are offsets until the transaction assigns a base."""

    rows: list[tuple] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    traces: dict[str, list[Any]] = field(default_factory=dict)


def prepare_spans(spans: Sequence[Any]) -> PreparedSpans:
    """Encode SDK ReadableSpans: span rows, attribute-index entries and per-trace summaries."""
    batch = PreparedSpans()
    resources = ResourceCache()
    rows, keys, traces = batch.rows, batch.keys, batch.traces
    for offset, span in enumerate(spans, start=1):
        context = span.context
        trace_id = format(context.trace_id, "032x")
        span_id = format(context.span_id, "016x")
        parent = span.parent
        parent_id = format(parent.span_id, "016x") if parent is not None and parent.span_id else None
        attributes = span.attributes or {}
        resource_json, service = resources.get(span.resource)
        status = span.status
        status_code = status.status_code.name
        start_ns = span.start_time or 0
        end_ns = span.end_time
        rows.append(
            (
                trace_id,
                span_id,
                parent_id,
                span.name,
                span.kind.name,
                start_ns,
                end_ns,
                status_code,
                status.description,
                service,
                to_json(dict(attributes)) if attributes else "{}",
                span_events(span),
                span_links(span),
                resource_json,
                scope_name(span.instrumentation_scope),
            )
        )
        keys.update(attributes)
        is_root = parent_id is None or bool(getattr(parent, "is_remote", False))
        _summarize(traces, trace_id, span_id, span.name, is_root, service, start_ns, end_ns, status_code, offset)
    return batch


def _summarize(
    traces: dict[str, list[Any]],
    trace_id: str,
    span_id: str,
    name: str,
    is_root: bool,
    service: str | None,
    start_ns: int,
    end_ns: int | None,
    status_code: str,
    offset: int,
) -> None:
    end = end_ns if end_ns is not None else start_ns
    error = 1 if status_code == "ERROR" else 0
    summary = traces.get(trace_id)
    if summary is None:
        traces[trace_id] = [
            trace_id,
            span_id,
            name,
            int(is_root),
            service,
            start_ns,
            end,
            1,
            error,
            start_ns,
            offset,
            offset,
        ]
        return
    # a real root (no local parent) wins; before it arrives, the earliest span stands in for it
    if (is_root and not summary[3]) or (is_root == bool(summary[3]) and start_ns < summary[9]):
        summary[1], summary[2], summary[3], summary[4], summary[9] = span_id, name, int(is_root), service, start_ns
    summary[5] = min(summary[5], start_ns)
    summary[6] = max(summary[6], end)
    summary[7] += 1
    summary[8] += error
    summary[11] = offset  # spans come in order: the trace's last offset so far


def resolve_keys(conn: sqlite3.Connection, keys: Iterable[str], known: Mapping[str, int]) -> dict[str, int]:
    """Key ids for `keys`, interning new ones; returns only the ids not already in `known`."""
    missing = [key for key in keys if key not in known]
    if not missing:
        return {}
    conn.executemany("INSERT OR IGNORE INTO attr_keys (key) VALUES (?)", [(key,) for key in missing])
    rows = conn.execute(
        "SELECT key, id FROM attr_keys WHERE key IN (SELECT value FROM json_each(?))", (to_json(missing),)
    )
    return {key: key_id for key, key_id in rows}


def insert_spans(conn: sqlite3.Connection, batch: PreparedSpans, known: Mapping[str, int]) -> dict[str, int]:
    """Insert a prepared batch inside the caller's transaction; returns newly interned key ids."""
    new_keys = resolve_keys(conn, batch.keys, known)
    base = conn.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]
    conn.executemany(SPAN_INSERT, [(base + i, *row) for i, row in enumerate(batch.rows, start=1)])
    conn.execute(ATTR_INSERT, (base + 1, base + len(batch.rows)))
    upsert_traces(conn, [(*s[:9], base + s[10], base + s[11]) for s in batch.traces.values()])
    return new_keys


def upsert_traces(conn: sqlite3.Connection, summaries: Iterable[tuple[Any, ...]]) -> None:
    """Merge per-batch trace summaries into `traces` (a module function so tests can make it fail)."""
    conn.executemany(TRACE_UPSERT, summaries)


def prepare_logs(records: Sequence[Any]) -> list[tuple]:
    resources = ResourceCache()
    now_ns = time.time_ns()
    return [log_row(record, resources, now_ns) for record in records]


def insert_logs(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(LOG_INSERT, rows)


def insert_metric_points(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(METRIC_INSERT, rows)


def event_row(event: Mapping[str, Any], time_ns: int, ttl_seconds: float) -> tuple:
    """An `events` row: the event's ids pulled out for lookup, the whole event kept as JSON."""
    trace_id = event.get("trace_id")
    span_id = event.get("span_id")
    return (
        time_ns,
        time_ns + int(ttl_seconds * 1_000_000_000),
        _normalize_id(trace_id, hex_trace_id),
        _normalize_id(span_id, hex_span_id),
        str(event["type"]) if event.get("type") is not None else None,
        to_json(dict(event)),
    )


def _normalize_id(value: object, to_hex: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return to_hex(value)
    return str(value).lower().removeprefix("0x")
