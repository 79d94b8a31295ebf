"""Trace and span queries (the llama-stack telemetry operations), as functions over a `Database`.

Why functions: `TraceStore` stays a short, documented facade, and each query is one readable unit.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .connection import Database
from .errors import InvalidQuery, NotFound
from .filters import Filter, parse_filters
from .plan import bucket_list, make_plan
from .records import SPAN_COLUMNS, TRACE_COLUMNS, event_dict, log_dict, span_dict, trace_dict
from .schema import BUCKET_SHIFT, bucket_range, far_spans, near_spans

TRACE_ORDER = {
    "start_time": "t.start_ns",
    "end_time": "t.end_ns",
    "span_count": "t.span_count",
    "error_count": "t.error_count",
    "trace_id": "t.trace_id",
    "root_name": "t.root_name",
}
SPAN_ORDER = {
    "start_time": "s.start_ns",
    "end_time": "s.end_ns",
    "name": "s.name",
    "trace_id": "s.trace_id",
    "duration_ms": "(s.end_ns - s.start_ns)",
}
MAX_TREE_DEPTH = 10_000  # a guard against parent cycles in bad data, far above any real trace


def order_clause(order_by: Sequence[str] | str | None, columns: dict[str, str], tie_break: str) -> str:
    """SQL ORDER BY from `["-start_time", "name"]` ('-' = descending); default newest first."""
    if order_by is None:
        order_by = ["-start_time"]
    if isinstance(order_by, str):
        order_by = [order_by]
    parts = []
    for item in order_by:
        if not isinstance(item, str) or not item.lstrip("-+"):
            raise InvalidQuery(f"order_by entries are field names like '-start_time', got {item!r}")
        descending = item.startswith("-")
        name = item.lstrip("-+")
        if name not in columns:
            raise InvalidQuery(f"cannot order by {name!r}; use one of {', '.join(sorted(columns))}")
        parts.append(f"{columns[name]} {'DESC' if descending else 'ASC'}")
    direction = "DESC" if parts and parts[0].endswith("DESC") else "ASC"
    return ", ".join([*parts, f"{tie_break} {direction}"])


def check_page(limit: int | None, offset: int) -> tuple[int, int]:
    """LIMIT/OFFSET values, validated (limit None = all, as SQLite's -1)."""
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise InvalidQuery(f"limit must be a non-negative integer or None, got {limit!r}")
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidQuery(f"offset must be a non-negative integer, got {offset!r}")
    return (-1 if limit is None else limit), offset


def normalize_id(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidQuery(f"{what} must be a hex string, got {value!r}")
    return value.strip().lower().removeprefix("0x")


def query_traces(
    db: Database, attribute_filters: Any, limit: int | None, offset: int, order_by: Sequence[str] | str | None
) -> list[dict[str, Any]]:
    filters = parse_filters(attribute_filters)
    order = order_clause(order_by, TRACE_ORDER, "t.trace_id")
    page = check_page(limit, offset)

    def work(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        if not filters:
            sql, params = f"SELECT {TRACE_COLUMNS} FROM traces t", []
        else:
            plan = make_plan(conn, filters)
            if plan.empty:
                return []
            if plan.candidates is not None:
                candidates, candidate_params = plan.candidates
                sql = (
                    f"SELECT {TRACE_COLUMNS} FROM traces t WHERE t.trace_id IN"
                    f" (SELECT s.trace_id FROM spans s WHERE s.id IN ({candidates}) AND {plan.where})"
                )
                params = [*candidate_params, *plan.params]
            else:
                sql = (
                    f"SELECT {TRACE_COLUMNS} FROM traces t WHERE EXISTS"
                    f" (SELECT 1 FROM spans s WHERE {near_spans()} AND {plan.where})"
                    f" OR EXISTS (SELECT 1 FROM spans s WHERE {far_spans()} AND {plan.where})"
                )
                params = [*plan.params, *plan.params]
        rows = conn.execute(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, *page])
        return [trace_dict(row) for row in rows]

    return db.read(work)


def trace_buckets(conn: sqlite3.Connection, trace_id: str) -> str | None:
    """The index buckets holding a trace's spans (SQL list), or None for an unknown trace."""
    row = conn.execute("SELECT first_id, last_id FROM traces WHERE trace_id = ?", (trace_id,)).fetchone()
    return None if row is None else bucket_range(row[0], row[1])


def _trace_rows(conn: sqlite3.Connection, trace_id: str, extra: str = "", params: tuple = ()) -> list[sqlite3.Row]:
    buckets = trace_buckets(conn, trace_id)
    if buckets is None:
        return []
    return conn.execute(
        f"SELECT {SPAN_COLUMNS} FROM spans s WHERE (s.id >> {BUCKET_SHIFT}) IN ({buckets}) AND s.trace_id = ?"
        f"{extra} ORDER BY s.start_ns, s.id",
        (trace_id, *params),
    ).fetchall()


def get_trace(db: Database, trace_id: str) -> list[dict[str, Any]]:
    trace_id = normalize_id(trace_id, "trace_id")
    rows = db.read(lambda conn: _trace_rows(conn, trace_id))
    if not rows:
        raise NotFound(f"no trace {trace_id} in the store")
    return [span_dict(row) for row in rows]


def get_span(db: Database, trace_id: str, span_id: str) -> dict[str, Any]:
    trace_id, span_id = normalize_id(trace_id, "trace_id"), normalize_id(span_id, "span_id")
    rows = db.read(lambda conn: _trace_rows(conn, trace_id, " AND s.span_id = ?", (span_id,)))
    if not rows:
        raise NotFound(f"no span {span_id} in trace {trace_id}")
    return span_dict(rows[0])


def get_span_tree(
    db: Database,
    span_id: str,
    attributes_to_return: Iterable[str] | None,
    max_depth: int | None,
    trace_id: str | None = None,
) -> dict[str, dict[str, Any]]:
    span_id = normalize_id(span_id, "span_id")
    if max_depth is not None and (not isinstance(max_depth, int) or max_depth < 0):
        raise InvalidQuery(f"max_depth must be a non-negative integer or None, got {max_depth!r}")
    depth_limit = MAX_TREE_DEPTH if max_depth is None else min(max_depth, MAX_TREE_DEPTH)
    keep = list(attributes_to_return) if attributes_to_return is not None else None

    def work(conn: sqlite3.Connection) -> list[sqlite3.Row]:
        if trace_id is None:
            root = conn.execute(
                f"SELECT id, trace_id FROM spans WHERE (id >> {BUCKET_SHIFT}) IN ({bucket_list(conn)}) AND span_id = ?"
                " ORDER BY id DESC LIMIT 1",
                (span_id,),
            ).fetchone()
        else:
            rows = _trace_rows(conn, normalize_id(trace_id, "trace_id"), " AND s.span_id = ?", (span_id,))
            root = (rows[0]["id"], rows[0]["trace_id"]) if rows else None
        if root is None:
            return []
        buckets = trace_buckets(conn, root[1]) or "0"
        return conn.execute(
            "WITH RECURSIVE tree(id, span_id, trace_id, depth) AS ("
            " SELECT id, span_id, trace_id, 0 FROM spans WHERE id = ?"
            " UNION ALL"
            " SELECT c.id, c.span_id, c.trace_id, tree.depth + 1 FROM tree"
            f" JOIN spans c ON (c.id >> {BUCKET_SHIFT}) IN ({buckets}) AND c.trace_id = tree.trace_id"
            " AND c.parent_span_id = tree.span_id"
            " WHERE tree.depth < ?)"
            f" SELECT {SPAN_COLUMNS}, tree.depth AS depth FROM tree JOIN spans s ON s.id = tree.id"
            " ORDER BY tree.depth, s.start_ns",
            (root[0], depth_limit),
        ).fetchall()

    rows = db.read(work)
    if not rows:
        raise NotFound(f"no span {span_id} in the store")
    tree: dict[str, dict[str, Any]] = {}
    for row in rows:
        span = span_dict(row, keep)
        span["depth"] = row["depth"]
        tree.setdefault(span["span_id"], span)
    return tree


def iter_matching_spans(
    db: Database,
    filters: list[Filter],
    order: str,
    max_depth: int | None = None,
    page: tuple[int, int] = (-1, 0),
) -> Iterator[sqlite3.Row]:
    """Rows of the spans matching `filters` in `order`, streamed; with max_depth, only spans that deep.

    `page` is (limit, offset) with -1 for no limit: in SQL when no depth is asked for, so SQLite stops
    at the limit; with a depth (decided here, in Python), over the rows that pass it.
    """
    plan = db.read(lambda c: make_plan(c, filters))
    if plan.empty:
        return
    if plan.candidates is not None:
        candidates, candidate_params = plan.candidates
        sql = f"SELECT {SPAN_COLUMNS} FROM spans s WHERE s.id IN ({candidates}) AND {plan.where}"
        params = [*candidate_params, *plan.params]
    else:
        sql, params = f"SELECT {SPAN_COLUMNS} FROM spans s WHERE {plan.where}", list(plan.params)
    limit, offset = page
    if max_depth is None:
        yield from db.iterate(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        return
    wanted = None if limit < 0 else limit + offset
    step = 256 if wanted is None else max(1, min(wanted, 256))
    seen = 0
    with contextlib.closing(db.iterate(f"{sql} ORDER BY {order}", params, batch=step)) as rows:
        while chunk := list(itertools.islice(rows, step)):
            for kept in _within_depth(db, chunk, max_depth):
                seen += 1
                if seen > offset:
                    yield kept
                if seen == wanted:
                    return


def _within_depth(db: Database, rows: list[sqlite3.Row], max_depth: int) -> list[Any]:
    """The rows whose depth in their trace (root = 0, counted through stored ancestors) is <= max_depth."""

    def parent_maps(conn: sqlite3.Connection) -> dict[str, dict[str, str | None]]:
        parents = {}
        for trace_id in {row["trace_id"] for row in rows}:
            buckets = trace_buckets(conn, trace_id) or "0"
            parents[trace_id] = dict(
                conn.execute(
                    f"SELECT span_id, parent_span_id FROM spans WHERE (id >> {BUCKET_SHIFT}) IN ({buckets})"
                    " AND trace_id = ?",
                    (trace_id,),
                ).fetchall()
            )
        return parents

    parents = db.read(parent_maps)
    kept = []
    for row in rows:
        chain = parents[row["trace_id"]]
        depth, parent = 0, row["parent_span_id"]
        while parent is not None and parent in chain and depth <= max_depth:
            depth, parent = depth + 1, chain[parent]
        if depth <= max_depth:
            kept.append(row)
    return kept


def query_spans(
    db: Database,
    attribute_filters: Any,
    attributes_to_return: Iterable[str] | None,
    max_depth: int | None,
    limit: int | None,
    offset: int,
    order_by: Sequence[str] | str | None,
) -> list[dict[str, Any]]:
    filters = parse_filters(attribute_filters)
    order = order_clause(order_by, SPAN_ORDER, "s.id")
    if max_depth is not None and (not isinstance(max_depth, int) or max_depth < 0):
        raise InvalidQuery(f"max_depth must be a non-negative integer or None, got {max_depth!r}")
    page = check_page(limit, offset)
    keep = list(attributes_to_return) if attributes_to_return is not None else None
    if page[0] == 0:
        return []
    return [span_dict(row, keep) for row in iter_matching_spans(db, filters, order, max_depth, page)]


def count_spans(db: Database, attribute_filters: Any, up_to: int | None = None) -> int:
    filters = parse_filters(attribute_filters)
    if up_to is not None and (not isinstance(up_to, int) or isinstance(up_to, bool) or up_to < 0):
        raise InvalidQuery(f"up_to must be a non-negative integer or None, got {up_to!r}")

    def work(conn: sqlite3.Connection) -> int:
        source, params = "FROM spans s", []
        if filters:
            plan = make_plan(conn, filters)
            if plan.empty:
                return 0
            source, params = f"FROM spans s WHERE {plan.where}", list(plan.params)
            if plan.candidates is not None:
                candidates, candidate_params = plan.candidates
                source = f"FROM spans s WHERE s.id IN ({candidates}) AND {plan.where}"
                params = [*candidate_params, *plan.params]
        if up_to is None:
            return int(conn.execute(f"SELECT count(*) {source}", params).fetchone()[0])
        return int(conn.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)", [*params, up_to]).fetchone()[0])

    return db.read(work)


def get_events(db: Database, trace_id: str, span_id: str | None) -> list[dict[str, Any]]:
    trace_id = normalize_id(trace_id, "trace_id")
    span_clause, params = "", [trace_id]
    if span_id is not None:
        span_clause, params = " AND span_id = ?", [trace_id, normalize_id(span_id, "span_id")]

    def work(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        logs = conn.execute(f"SELECT * FROM logs WHERE trace_id = ?{span_clause} ORDER BY time_ns, id", params)
        items = [log_dict(row) for row in logs]
        events = conn.execute(f"SELECT * FROM events WHERE trace_id = ?{span_clause} ORDER BY time_ns, id", params)
        items.extend(event_dict(row) for row in events)
        return items

    return sorted(db.read(work), key=lambda item: item["time"])
