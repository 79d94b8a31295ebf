"""Choosing how to find the spans that match a set of filters.

Why: with a million spans, a selective filter (one rare model, one response id) is answered from the
attribute index, while a common one (20% of spans) is cheaper to check on the newest rows first and stop
at the limit. The choice is made by counting index hits up to `SELECTIVE_LIMIT`, a bounded probe.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .filters import Filter, combined_predicate
from .schema import bucket_of

SELECTIVE_LIMIT = 2000


@dataclass(frozen=True)
class Plan:
    """`empty`: nothing can match. `candidates`: SQL of span rowids to restrict to, or None to scan.

    `where`/`params` always hold the exact predicate on span rows aliased `s`.
    """

    empty: bool
    candidates: tuple[str, list[Any]] | None
    where: str
    params: list[Any]


def bucket_list(conn: sqlite3.Connection) -> str:
    """Every attribute-index bucket that may hold entries, as a SQL list of integers."""
    # two statements: SQLite answers min() or max() alone from the b-tree, but scans for both in one
    low = conn.execute("SELECT min(id) FROM spans").fetchone()[0]
    high = conn.execute("SELECT max(id) FROM spans").fetchone()[0]
    if low is None or high is None:
        return "0"
    return ",".join(str(bucket) for bucket in range(bucket_of(low), bucket_of(high) + 1))


def make_plan(conn: sqlite3.Connection, filters: list[Filter]) -> Plan:
    """The cheapest way to apply `filters`: an index lookup when one is selective, else a scan."""
    where, params = combined_predicate(filters)
    best: tuple[int, tuple[str, list[Any]]] | None = None
    buckets = bucket_list(conn)
    for item in filters:
        lookup = item.id_lookup(buckets)
        if lookup is not None:
            return Plan(False, lookup, where, params)
        if item.field is not None:
            lookup = item.name_lookup(buckets)
        else:
            row = conn.execute("SELECT id FROM attr_keys WHERE key = ?", (item.key,)).fetchone()
            if row is None:  # no span ever carried this attribute: no filter on it can match
                return Plan(True, None, where, params)
            lookup = item.index_lookup(int(row[0]), buckets)
        if lookup is None:
            continue
        sql, values = lookup
        hits = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {SELECTIVE_LIMIT})", values).fetchone()[0]
        if hits == 0:
            return Plan(True, None, where, params)
        if hits < SELECTIVE_LIMIT and (best is None or hits < best[0]):
            best = (hits, lookup)
    return Plan(False, best[1] if best else None, where, params)
