"""`query_metrics`: time series from stored metric points, Prometheus-style label matchers.

Why this shape: points are stored as exported (DELTA for histograms and counters), so a series value over
a time bucket is the sum of the deltas in it: for `gen_ai.client.token.usage` the tokens used, for
`gen_ai.client.operation.duration` the seconds spent. Each distinct label set (model, provider,
operation, token type, ...) is one series unless `group_by` keeps only some labels.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .connection import Database
from .errors import InvalidQuery

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
GRANULARITY = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
STATS = ("sum", "count", "avg", "min", "max")
OPERATORS = ("=", "!=", "=~", "!~")


def to_ns(value: Any, what: str) -> int:
    """Epoch seconds (int or float), a datetime or an ISO 8601 string (naive = UTC) as integer nanoseconds."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidQuery(f"{what}: {value!r} is not an ISO 8601 time") from None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return int(value.timestamp() * 1_000_000_000)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return int(value * 1_000_000_000)
    raise InvalidQuery(f"{what} must be epoch seconds, a datetime or an ISO 8601 string, got {value!r}")


def parse_granularity(granularity: str | None) -> int | None:
    """'30s', '1m', '1h', '1d', '1w' as seconds; None keeps each second its own point."""
    if granularity is None:
        return None
    match = GRANULARITY.match(granularity) if isinstance(granularity, str) else None
    if match is None or int(match.group(1)) == 0:
        raise InvalidQuery(f"granularity must look like '1m', '5m', '1h' or '1d', got {granularity!r}")
    return int(match.group(1)) * UNIT_SECONDS[match.group(2)]


@dataclass(frozen=True)
class LabelMatcher:
    """One Prometheus-style matcher; a missing label matches as the empty string."""

    name: str
    value: str
    operator: str

    def predicate(self) -> tuple[str, list[Any]]:
        """SQL true for a metric point `m` whose labels this matcher accepts."""
        text, params = _label_sql(self.name)
        if self.operator in ("=", "!="):
            return f"{text} {self.operator} ?", [*params, self.value]
        negate = "NOT " if self.operator == "!~" else ""
        return f"{negate}genotel_fullmatch(?, {text})", [self.value, *params]


def _label_sql(name: str) -> tuple[str, list[Any]]:
    """SQL of a label's text as matchers see it: '' when absent, true/false for booleans."""
    if '"' in name:  # a JSON path cannot quote this name: the registered function reads it
        return "genotel_label_of(m.attributes, ?)", [name]
    path = f'$."{name}"'
    return (
        "(CASE coalesce(json_type(m.attributes, ?), 'absent')"
        " WHEN 'text' THEN json_extract(m.attributes, ?)"
        " WHEN 'integer' THEN CAST(json_extract(m.attributes, ?) AS TEXT)"
        " WHEN 'absent' THEN ''"
        " WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
        " ELSE genotel_label_value(json_type(m.attributes, ?), json_extract(m.attributes, ?)) END)",
        [path, path, path, path, path],
    )


def parse_matchers(raw: Iterable[Any] | None) -> list[LabelMatcher]:
    matchers = []
    for position, item in enumerate(raw or ()):
        where = f"label matcher #{position + 1}"
        if isinstance(item, dict):
            name, value, operator = item.get("name"), item.get("value"), item.get("operator", "=")
        else:
            name, value = getattr(item, "name", None), getattr(item, "value", None)
            operator = getattr(item, "operator", "=")
        operator = getattr(operator, "value", operator)
        if not isinstance(name, str) or not name or not isinstance(value, str):
            raise InvalidQuery(f"{where}: needs a 'name' and a string 'value'")
        if operator not in OPERATORS:
            raise InvalidQuery(f"{where} on {name!r}: unknown operator {operator!r}; use one of {', '.join(OPERATORS)}")
        if operator in ("=~", "!~"):
            try:
                re.compile(value)
            except re.error as exc:
                raise InvalidQuery(f"{where} on {name!r}: bad regular expression {value!r} ({exc})") from None
        matchers.append(LabelMatcher(name, value, operator))
    return matchers


@dataclass
class _Bucket:
    sum: float = 0.0
    count: int = 0
    points: int = 0
    min: float = math.inf
    max: float = -math.inf
    last: float | None = None

    def add(self, row: sqlite3.Row) -> None:
        self.points += 1
        if row["kind"] in ("histogram", "exponential_histogram"):
            self.sum += row["sum"] or 0.0
            self.count += row["count"] or 0
            if row["min"] is not None:
                self.min = min(self.min, row["min"])
            if row["max"] is not None:
                self.max = max(self.max, row["max"])
            return
        value = row["value"] if row["value"] is not None else 0.0
        cumulative = row["kind"] == "gauge" or row["temporality"] == "CUMULATIVE"
        self.sum = value if cumulative else self.sum + value
        self.count += 1
        self.min, self.max, self.last = min(self.min, value), max(self.max, value), value

    def value(self, stat: str) -> float | None:
        if stat == "sum":
            return self.sum
        if stat == "count":
            return float(self.count)
        if stat == "avg":
            return self.sum / self.count if self.count else None
        if stat == "min":
            return self.min if self.min != math.inf else None
        return self.max if self.max != -math.inf else None


@dataclass
class _Series:
    labels: dict[str, Any]
    unit: str | None
    buckets: dict[int, _Bucket] = field(default_factory=dict)


def query_metrics(
    db: Database,
    metric_name: str,
    start_time: Any,
    end_time: Any,
    granularity: str | None,
    query_type: str,
    label_matchers: Iterable[Any] | None,
    group_by: Iterable[str] | None,
    stat: str,
) -> list[dict[str, Any]]:
    if not isinstance(metric_name, str) or not metric_name:
        raise InvalidQuery("metric_name must be a non-empty string")
    if query_type not in ("range", "instant"):
        raise InvalidQuery(f"query_type must be 'range' or 'instant', got {query_type!r}")
    if stat not in STATS:
        raise InvalidQuery(f"stat must be one of {', '.join(STATS)}, got {stat!r}")
    start_ns = to_ns(start_time, "start_time")
    end_ns = time.time_ns() if end_time is None else to_ns(end_time, "end_time")
    if end_ns < start_ns:
        raise InvalidQuery("end_time is before start_time")
    step = parse_granularity(granularity)
    matchers = parse_matchers(label_matchers)
    keep = list(group_by) if group_by is not None else None
    where, params = "name = ? AND time_ns >= ? AND time_ns <= ?", [metric_name, start_ns, end_ns]
    for matcher in matchers:
        sql, values = matcher.predicate()
        where, params = f"{where} AND {sql}", [*params, *values]
    rows = db.iterate(
        "SELECT kind, temporality, unit, time_ns, attributes, value, sum, count, min, max FROM metric_points m"
        f" WHERE {where} ORDER BY time_ns, id",
        params,
    )
    series: dict[str, _Series] = {}
    for row in rows:
        labels = json.loads(row["attributes"])
        if keep is not None:
            labels = {name: labels[name] for name in keep if name in labels}
        identity = json.dumps(labels, sort_keys=True)
        entry = series.get(identity)
        if entry is None:
            entry = series[identity] = _Series(labels, row["unit"])
        seconds = row["time_ns"] // 1_000_000_000
        stamp = seconds - seconds % step if step else seconds
        if query_type == "instant":
            stamp = end_ns // 1_000_000_000
        entry.buckets.setdefault(stamp, _Bucket()).add(row)
    return [
        {
            "metric": metric_name,
            "unit": entry.unit,
            "labels": entry.labels,
            "values": [(stamp, bucket.value(stat)) for stamp, bucket in sorted(entry.buckets.items())],
        }
        for _, entry in sorted(series.items())
    ]
