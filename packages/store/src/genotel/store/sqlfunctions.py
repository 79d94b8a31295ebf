"""Python functions every store connection registers with SQLite, so label matching runs inside a query.

Why: `query_metrics` matches labels as Prometheus does (a regex must match the whole text, a missing
label is the empty string); doing that in SQL lets SQLite skip the points that fail before any row
reaches Python. Text, integer and boolean labels are read by plain SQL; only the rare others (floats,
lists) and regular expressions come here.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from typing import Any


def label_text(value: Any) -> str:
    """A label value as matchers compare it: booleans as true/false, lists and maps as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _fullmatch(pattern: str, text: str | None) -> int:
    return 1 if _compiled(pattern).fullmatch(text or "") is not None else 0


def _label_value(kind: str, value: Any) -> str:
    """`json_type` and `json_extract` of a label that plain SQL does not turn into its text."""
    if kind in ("array", "object"):
        return label_text(json.loads(value))
    if kind == "null":
        return label_text(None)
    return label_text(value)


def _label_of(attributes: str, name: str) -> str:
    """The label `name` of a JSON object of labels ('' when absent): for names a JSON path cannot quote."""
    labels = json.loads(attributes)
    return label_text(labels[name]) if name in labels else ""


def register(conn: sqlite3.Connection) -> None:
    conn.create_function("genotel_fullmatch", 2, _fullmatch, deterministic=True)
    conn.create_function("genotel_label_value", 2, _label_value, deterministic=True)
    conn.create_function("genotel_label_of", 2, _label_of, deterministic=True)
