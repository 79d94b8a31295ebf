"""Attribute filters: validation, SQL predicates on a span row, and index lookups that narrow candidates.

A filter is `{"key": ..., "op": "eq"|"ne"|"gt"|"lt", "value": ...}` (or any object with those
attributes, e.g. llama-stack's QueryCondition). A key naming a span field (`name`, `trace_id`,
`span_id`, `parent_span_id`, `status`, `kind`, `service_name`, `duration_ms`) filters that field; any
other key, or one written `attributes.<key>`, filters the span attribute. `ne`, `gt` and `lt` only match
spans that have the attribute. Why two SQL forms: the predicate on the span's JSON is always applied and
is the truth; the index lookup, when the filter is selective, only decides which spans are looked at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .encode import index_value, to_json
from .errors import InvalidFilter
from .schema import BUCKET_SHIFT, LONG_STRING_MARKER, trace_span_ids

OPS = {"eq": "eq", "=": "eq", "==": "eq", "ne": "ne", "!=": "ne", "gt": "gt", ">": "gt", "lt": "lt", "<": "lt"}
SQL_OPS = {"eq": "=", "ne": "!=", "gt": ">", "lt": "<"}
FIELDS = {
    "name": "s.name",
    "trace_id": "s.trace_id",
    "span_id": "s.span_id",
    "parent_span_id": "s.parent_span_id",
    "status": "s.status_code",
    "status_code": "s.status_code",
    "kind": "s.kind",
    "service_name": "s.service_name",
    "duration_ms": "((s.end_ns - s.start_ns) / 1e6)",
}
_ID_FIELDS = {"trace_id", "span_id", "parent_span_id"}
_UPPER_FIELDS = {"status", "status_code", "kind"}
_SCALARS = (str, int, float, bool)
ATTRIBUTE_PREFIX = "attributes."


@dataclass(frozen=True)
class Filter:
    """One validated condition. `field` is the span column it targets, or None for an attribute."""

    key: str
    op: str
    value: Any
    field: str | None = None

    def predicate(self) -> tuple[str, list[Any]]:
        """SQL true for a span row `s` that satisfies this filter (exact, from the stored JSON)."""
        operator = SQL_OPS[self.op]
        if self.field is not None:
            return f"{FIELDS[self.field]} {operator} ?", [self.value]
        extract, params = self._extract()
        if isinstance(self.value, (list, tuple)):
            return f"{extract} {operator} ?", [*params, to_json(list(self.value))]
        value = int(self.value) if isinstance(self.value, bool) else self.value
        if self.op in ("eq", "ne"):
            return f"{extract} {operator} ?", [*params, value]
        if isinstance(value, str):
            kind_check = "json_type(s.attributes, ?) = 'text'" if '"' not in self.key else "1"
            kind_params = [self._path()] if '"' not in self.key else []
            return f"({extract} {operator} ? AND {kind_check})", [*params, value, *kind_params]
        if self.op == "gt":
            return f"({extract} > ? AND {extract} < '')", [*params, value, *params]
        return f"{extract} < ?", [*params, value]

    def _path(self) -> str:
        return f'$."{self.key}"'

    def _extract(self) -> tuple[str, list[Any]]:
        if '"' in self.key:  # a JSON path cannot quote this key: look it up by name instead
            return "(SELECT value FROM json_each(s.attributes) WHERE key = ?)", [self.key]
        return "json_extract(s.attributes, ?)", [self._path()]

    def index_lookup(self, key_id: int, buckets: str) -> tuple[str, list[Any]] | None:
        """A query of candidate span rowids from the attribute index, or None when it cannot narrow.

        `buckets` is the SQL list of bucket numbers to seek in (e.g. "0,1,2").
        """
        if self.field is not None or self.op == "ne" or isinstance(self.value, (list, tuple)):
            return None
        base = f"SELECT span_rowid FROM span_attrs WHERE bucket IN ({buckets}) AND key_id = ?"
        indexed = index_value(self.value)
        if indexed is None:
            return None
        if self.op == "eq":
            return f"{base} AND value = ?", [key_id, indexed]
        if isinstance(self.value, str):
            if self.op == "gt":  # text above the bound, and the long-string marker (a blob sorts after text)
                return f"{base} AND value > ?", [key_id, self.value]
            return (
                f"{base} AND value >= '' AND value < ? UNION ALL {base} AND value = ?",
                [key_id, self.value, key_id, LONG_STRING_MARKER],
            )
        if self.op == "gt":
            return f"{base} AND value > ? AND value < ''", [key_id, indexed]
        return f"{base} AND value < ?", [key_id, indexed]

    def name_lookup(self, buckets: str) -> tuple[str, list[Any]] | None:
        """Candidates from the span-name index, for `eq` on the span name."""
        if self.field != "name" or self.op != "eq":
            return None
        return f"SELECT id FROM spans WHERE (id >> {BUCKET_SHIFT}) IN ({buckets}) AND name = ?", [self.value]

    def id_lookup(self, buckets: str) -> tuple[str, list[Any]] | None:
        """Candidates straight from a span index, for `eq` on trace_id or span_id."""
        if self.op != "eq":
            return None
        if self.field == "trace_id":
            return trace_span_ids("t.trace_id = ?"), [self.value, self.value]
        if self.field == "span_id":
            return f"SELECT id FROM spans WHERE (id >> {BUCKET_SHIFT}) IN ({buckets}) AND span_id = ?", [self.value]
        return None


def parse_filters(raw: Iterable[Any] | None) -> list[Filter]:
    """Validate user filters (dicts or objects); raise InvalidFilter naming the first bad one."""
    if raw is None:
        return []
    if isinstance(raw, (Mapping, str, bytes)) or not isinstance(raw, Iterable):
        raise InvalidFilter("attribute_filters must be a list of filters like {'key': ..., 'op': 'eq', 'value': ...}")
    return [parse_filter(item, position) for position, item in enumerate(raw)]


def parse_filter(item: Any, position: int = 0) -> Filter:
    where = f"filter #{position + 1}"
    if isinstance(item, Filter):
        return item
    if isinstance(item, Mapping):
        unexpected = sorted(set(item) - {"key", "op", "value"})
        if unexpected:
            raise InvalidFilter(f"{where}: unexpected field {unexpected[0]!r}; a filter has key, op and value")
        key, op, value = item.get("key"), item.get("op"), item.get("value")
    elif all(hasattr(item, name) for name in ("key", "op", "value")):
        key, op, value = item.key, item.op, item.value
    else:
        raise InvalidFilter(f"{where}: expected {{'key': ..., 'op': ..., 'value': ...}}, got {type(item).__name__}")
    if not isinstance(key, str) or not key:
        raise InvalidFilter(f"{where}: 'key' must be a non-empty string")
    op = getattr(op, "value", op)  # enums such as llama-stack's QueryConditionOp
    if not isinstance(op, str) or op.lower() not in OPS:
        raise InvalidFilter(f"{where} on {key!r}: unknown op {op!r}; use one of eq, ne, gt, lt")
    op = OPS[op.lower()]
    field = None if key.startswith(ATTRIBUTE_PREFIX) or key not in FIELDS else key
    key = key.removeprefix(ATTRIBUTE_PREFIX) if field is None else key
    if not key:
        raise InvalidFilter(f"{where}: 'key' names no attribute")
    return Filter(key, op, _check_value(where, key, op, value, field), field)


def _check_value(where: str, key: str, op: str, value: Any, field: str | None) -> Any:
    if value is None:
        raise InvalidFilter(f"{where} on {key!r}: 'value' is required")
    if isinstance(value, (list, tuple)):
        if field is not None or op not in ("eq", "ne") or not all(isinstance(v, _SCALARS) for v in value):
            raise InvalidFilter(f"{where} on {key!r}: a list value only works with eq/ne on an attribute of scalars")
        return tuple(value)
    if not isinstance(value, _SCALARS):
        kind = type(value).__name__
        raise InvalidFilter(f"{where} on {key!r}: value must be a string, number or boolean, not {kind}")
    if op in ("gt", "lt") and isinstance(value, bool):
        raise InvalidFilter(f"{where} on {key!r}: {op} needs a number or a string, not a boolean")
    if field == "duration_ms" and not (isinstance(value, (int, float)) and not isinstance(value, bool)):
        raise InvalidFilter(f"{where}: duration_ms is compared with a number")
    if field is not None and field != "duration_ms":
        if not isinstance(value, str):
            raise InvalidFilter(f"{where}: {key} is compared with a string")
        if field in _ID_FIELDS:
            return value.lower().removeprefix("0x")
        if field in _UPPER_FIELDS:
            return value.upper()
    return value


def combined_predicate(filters: Iterable[Filter]) -> tuple[str, list[Any]]:
    """All filters ANDed, as one SQL condition on `s` ("1" when there are none)."""
    parts: list[str] = []
    params: list[Any] = []
    for item in filters:
        sql, values = item.predicate()
        parts.append(sql)
        params.extend(values)
    return (" AND ".join(parts) or "1"), params
