"""Rows to plain dicts: what the query API returns, ready for `json.dumps` (a CLI prints them as is).

Times are integer nanoseconds since the epoch (`start_time`, `end_time`), OpenTelemetry's own unit, so
nothing is rounded; `duration_ms` is there for people.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

SPAN_COLUMNS = (
    "s.id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns, s.end_ns, s.status_code,"
    " s.status_message, s.service_name, s.attributes, s.events, s.links, s.resource, s.scope"
)
TRACE_COLUMNS = (
    "t.trace_id, t.root_span_id, t.root_name, t.root_final, t.service_name, t.start_ns, t.end_ns, t.span_count,"
    " t.error_count"
)


def _duration_ms(start: int | None, end: int | None) -> float | None:
    return round((end - start) / 1e6, 3) if start is not None and end is not None else None


def span_dict(row: sqlite3.Row, attributes_to_return: Iterable[str] | None = None) -> dict[str, Any]:
    """A span: ids, name, kind, times, status, service, attributes (all, or only those asked for)."""
    attributes = json.loads(row["attributes"])
    if attributes_to_return is not None:
        attributes = {key: attributes[key] for key in attributes_to_return if key in attributes}
    return {
        "trace_id": row["trace_id"],
        "span_id": row["span_id"],
        "parent_span_id": row["parent_span_id"],
        "name": row["name"],
        "kind": row["kind"],
        "start_time": row["start_ns"],
        "end_time": row["end_ns"],
        "duration_ms": _duration_ms(row["start_ns"], row["end_ns"]),
        "status_code": row["status_code"],
        "status_message": row["status_message"],
        "service_name": row["service_name"],
        "attributes": attributes,
        "events": json.loads(row["events"]),
        "links": json.loads(row["links"]),
        "resource": json.loads(row["resource"]),
        "scope": row["scope"],
    }


def trace_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A trace summary; `root_complete` is False while the root span has not been exported yet."""
    return {
        "trace_id": row["trace_id"],
        "root_span_id": row["root_span_id"],
        "root_name": row["root_name"],
        "root_complete": bool(row["root_final"]),
        "service_name": row["service_name"],
        "start_time": row["start_ns"],
        "end_time": row["end_ns"],
        "duration_ms": _duration_ms(row["start_ns"], row["end_ns"]),
        "span_count": row["span_count"],
        "error_count": row["error_count"],
    }


def log_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A log record (a GenAI event such as `gen_ai.choice` when `event_name` is set)."""
    return {
        "source": "log",
        "time": row["time_ns"],
        "trace_id": row["trace_id"],
        "span_id": row["span_id"],
        "event_name": row["event_name"],
        "severity_number": row["severity_number"],
        "severity_text": row["severity_text"],
        "body": json.loads(row["body"]) if row["body"] is not None else None,
        "attributes": json.loads(row["attributes"]),
        "service_name": row["service_name"],
        "scope": row["scope"],
    }


def event_dict(row: sqlite3.Row) -> dict[str, Any]:
    """An event stored with `log_event`, with its expiry."""
    return {
        "source": "event",
        "time": row["time_ns"],
        "expires": row["expires_ns"],
        "trace_id": row["trace_id"],
        "span_id": row["span_id"],
        "type": row["type"],
        "event": json.loads(row["payload"]),
    }


def metric_point_dict(row: sqlite3.Row) -> dict[str, Any]:
    """One stored data point, as exported (delta temporality for histograms and counters)."""
    return {
        "name": row["name"],
        "unit": row["unit"],
        "kind": row["kind"],
        "temporality": row["temporality"],
        "start_time": row["start_ns"],
        "time": row["time_ns"],
        "attributes": json.loads(row["attributes"]),
        "value": row["value"],
        "sum": row["sum"],
        "count": row["count"],
        "min": row["min"],
        "max": row["max"],
        "bucket_counts": json.loads(row["bucket_counts"]) if row["bucket_counts"] else None,
        "bounds": json.loads(row["bounds"]) if row["bounds"] else None,
        "service_name": row["service_name"],
    }
