"""Turning OpenTelemetry SDK objects into rows: pure functions, no database access.

Why separate: the hot path of ingest stays easy to profile, and `index_value` states in Python what the
attribute index holds for a value (as `schema.INDEX_ENTRIES_SQL` does in SQL), for filters to look up.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from .schema import LONG_STRING_MARKER, MAX_INDEXED_STRING

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _fallback(value: object) -> object:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_fallback)


def _finite(value: Any) -> Any:
    """NaN and infinities as strings: SQLite's JSON functions reject the bare tokens."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """Compact JSON that SQLite's json_extract can read, whatever the value holds."""
    try:
        return _ENCODER.encode(value)
    except ValueError:
        return _ENCODER.encode(_finite(value))


def hex_trace_id(trace_id: int | None) -> str | None:
    return format(trace_id, "032x") if trace_id else None


def hex_span_id(span_id: int | None) -> str | None:
    return format(span_id, "016x") if span_id else None


def index_value(value: object) -> object | None:
    """What `span_attrs.value` holds for an attribute value (mirrors INDEX_ENTRIES_SQL); None: not indexed."""
    kind = type(value)
    if kind is str:
        return value if len(value) <= MAX_INDEXED_STRING else LONG_STRING_MARKER  # type: ignore[arg-type]
    if kind is bool:
        return int(value)  # type: ignore[call-overload]
    if kind is int:
        return value if INT64_MIN <= value <= INT64_MAX else None  # type: ignore[operator]
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    return None  # sequences and anything else: JSON scan only


class ResourceCache:
    """JSON and service name per Resource object: a batch usually shares one resource."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[object, str, str | None]] = {}

    def get(self, resource: object) -> tuple[str, str | None]:
        if resource is None:
            return "{}", None
        hit = self._by_id.get(id(resource))
        if hit is not None and hit[0] is resource:
            return hit[1], hit[2]
        attributes = dict(getattr(resource, "attributes", None) or {})
        service = attributes.get("service.name")
        encoded = (to_json(attributes), str(service) if service is not None else None)
        self._by_id[id(resource)] = (resource, *encoded)
        return encoded


def scope_name(scope: object) -> str | None:
    return getattr(scope, "name", None) if scope is not None else None


def span_events(span: Any) -> str:
    events = span.events
    if not events:
        return "[]"
    return to_json([{"name": e.name, "time_ns": e.timestamp, "attributes": dict(e.attributes or {})} for e in events])


def span_links(span: Any) -> str:
    links = span.links
    if not links:
        return "[]"
    return to_json(
        [
            {
                "trace_id": hex_trace_id(link.context.trace_id),
                "span_id": hex_span_id(link.context.span_id),
                "attributes": dict(link.attributes or {}),
            }
            for link in links
        ]
    )


def metric_points(metrics_data: Any) -> Iterator[tuple]:
    """Rows of `metric_points` (without id) for every data point of an SDK MetricsData."""
    resources = ResourceCache()
    for resource_metrics in metrics_data.resource_metrics:
        _, service = resources.get(resource_metrics.resource)
        for scope_metrics in resource_metrics.scope_metrics:
            scope = scope_name(scope_metrics.scope)
            for metric in scope_metrics.metrics:
                data = metric.data
                kind = type(data).__name__.lower().replace("exponentialhistogram", "exponential_histogram")
                temporality = getattr(getattr(data, "aggregation_temporality", None), "name", None)
                for point in data.data_points:
                    bucket_counts = getattr(point, "bucket_counts", None)
                    bounds = getattr(point, "explicit_bounds", None)
                    yield (
                        metric.name,
                        metric.unit,
                        metric.description,
                        kind,
                        temporality,
                        getattr(point, "start_time_unix_nano", None),
                        point.time_unix_nano,
                        to_json(dict(point.attributes or {})),
                        getattr(point, "value", None),
                        getattr(point, "sum", None),
                        getattr(point, "count", None),
                        _finite_or_none(getattr(point, "min", None)),
                        _finite_or_none(getattr(point, "max", None)),
                        to_json(list(bucket_counts)) if bucket_counts is not None else None,
                        to_json(list(bounds)) if bounds is not None else None,
                        service,
                        scope,
                    )


def _finite_or_none(value: object) -> object:
    return value if not isinstance(value, float) or math.isfinite(value) else None


def log_row(item: Any, resources: ResourceCache, now_ns: int) -> tuple:
    """A `logs` row (without id) from a ReadableLogRecord (or the older LogData shape)."""
    record = getattr(item, "log_record", item)
    resource = getattr(item, "resource", None) or getattr(record, "resource", None)
    resource_json, service = resources.get(resource)
    severity = getattr(record, "severity_number", None)
    body = getattr(record, "body", None)
    time_ns = getattr(record, "timestamp", None) or getattr(record, "observed_timestamp", None) or now_ns
    return (
        time_ns,
        getattr(record, "observed_timestamp", None),
        hex_trace_id(getattr(record, "trace_id", None)),
        hex_span_id(getattr(record, "span_id", None)),
        getattr(record, "event_name", None),
        getattr(severity, "value", severity),
        getattr(record, "severity_text", None),
        to_json(body) if body is not None else None,
        to_json(dict(getattr(record, "attributes", None) or {})),
        service,
        resource_json,
        scope_name(getattr(item, "instrumentation_scope", None)),
    )
