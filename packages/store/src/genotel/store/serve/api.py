"""The `/v1/telemetry` routes: llama-stack's telemetry API answered from the store.

Each route validates its body (FastAPI against the `wire` models), asks `TraceStore` on a worker
thread (the routes are plain functions, so a slow query never blocks the event loop) and answers in
llama-stack's JSON. Lists come a page at a time: at most `MAX_PAGE` items, and an `X-Next-Offset`
header while more are left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from ..metrics_query import to_ns
from ..store import TraceStore
from . import wire
from .auth import Guard
from .problems import Problem
from .stores import Stores

TRACE_ID = re.compile(r"^(0x)?[0-9a-fA-F]{1,32}$")
SPAN_ID = re.compile(r"^(0x)?[0-9a-fA-F]{1,16}$")
SCAN_PAGE = 500  # traces read per step when genotel's time or status filters are applied


def check_id(value: str, pattern: re.Pattern[str], what: str) -> str:
    if not pattern.match(value):
        raise Problem(400, f"{what} must be hexadecimal (like the ids OpenTelemetry writes), got {value[:80]!r}")
    return value


def conditions(items: list[wire.QueryCondition] | None) -> list[dict[str, Any]] | None:
    if not items:
        return None
    return [{"key": item.key, "op": item.op.value, "value": item.value} for item in items]


def page_size(limit: int | None) -> int:
    """llama-stack's limit (None = everything) cut to one page."""
    return wire.MAX_PAGE if limit is None else min(limit, wire.MAX_PAGE)


def paged(items: list[dict[str, Any]], offset: int, more: bool) -> JSONResponse:
    headers = {"X-Next-Offset": str(offset + len(items))} if more else None
    return JSONResponse({"data": items}, headers=headers)


def trace_page(store: TraceStore, body: wire.QueryTracesRequest, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """One page of trace summaries, and whether more follow."""
    filters, offset = conditions(body.attribute_filters), body.offset or 0
    if body.status == "error":  # a trace with a failed span: the store's own filter, no scan
        filters = [*(filters or ()), {"key": "status", "op": "eq", "value": "ERROR"}]
    after = None if body.started_after is None else to_ns(body.started_after, "started_after")
    before = None if body.started_before is None else to_ns(body.started_before, "started_before")
    if after is None and before is None and body.status != "ok":
        found = store.query_traces(filters, limit + 1, offset, body.order_by)
        return found[:limit], len(found) > limit
    newest_first = body.order_by in (None, ["-start_time"])

    def wanted(trace: dict[str, Any]) -> bool:
        started = trace["start_time"] or 0
        if (after is not None and started < after) or (before is not None and started > before):
            return False
        return body.status != "ok" or not trace["error_count"]

    kept: list[dict[str, Any]] = []
    skipped, position = 0, 0
    while True:  # newest first, a window's end is where scanning stops: older traces cannot match
        batch = store.query_traces(filters, SCAN_PAGE, position, body.order_by)
        position += len(batch)
        for trace in batch:
            if newest_first and after is not None and (trace["start_time"] or 0) < after:
                return kept, False
            if not wanted(trace):
                continue
            if skipped < offset:
                skipped += 1
                continue
            if len(kept) == limit:
                return kept, True
            kept.append(trace)
        if len(batch) < SCAN_PAGE:
            return kept, False


def build_router(stores: Stores, guard: Guard, prefix: str = "/v1/telemetry") -> APIRouter:
    """The llama-stack routes over `stores` under `prefix`, every one behind `guard`'s read check."""
    router = APIRouter(prefix=prefix, tags=["telemetry"], dependencies=[Depends(guard.require_read)])
    read: Callable[[], TraceStore] = stores.reader

    @router.post("/events", response_model=None, summary="Log an event (needs the token)")
    def log_event(body: wire.LogEventRequest, request: Request) -> Response:
        guard.require_write(request)
        stores.writer().log_event(body.event.model_dump(mode="json"), ttl_seconds=body.ttl_seconds)
        return JSONResponse(None)

    @router.post("/traces", response_model=wire.QueryTracesResponse, summary="Query traces, newest first")
    def query_traces(body: wire.QueryTracesRequest) -> Response:
        limit = page_size(body.limit)
        found, more = trace_page(read(), body, limit)
        return paged([wire.trace_json(trace) for trace in found], body.offset or 0, more)

    @router.get("/traces/{trace_id}", response_model=wire.Trace, summary="One trace's summary")
    def get_trace(trace_id: str) -> Response:
        check_id(trace_id, TRACE_ID, "trace_id")
        found = read().query_traces([{"key": "trace_id", "op": "eq", "value": trace_id}], limit=1)
        if not found:
            raise Problem(404, f"no trace {trace_id.lower().removeprefix('0x')} in the store")
        return JSONResponse(wire.trace_json(found[0]))

    @router.get("/traces/{trace_id}/spans/{span_id}", response_model=wire.Span, summary="One span")
    def get_span(trace_id: str, span_id: str) -> Response:
        check_id(trace_id, TRACE_ID, "trace_id")
        check_id(span_id, SPAN_ID, "span_id")
        return JSONResponse(wire.span_json(read().get_span(trace_id, span_id)))

    @router.post(
        "/spans/{span_id}/tree", response_model=wire.QuerySpanTreeResponse, summary="A span and its descendants"
    )
    def get_span_tree(span_id: str, body: wire.SpanTreeRequest | None = None) -> Response:
        check_id(span_id, SPAN_ID, "span_id")
        body = body or wire.SpanTreeRequest()
        tree = read().get_span_tree(span_id, body.attributes_to_return, body.max_depth)
        return JSONResponse({"data": {key: wire.span_json(span) for key, span in tree.items()}})

    @router.post("/spans", response_model=wire.QuerySpansResponse, summary="Spans matching every filter")
    def query_spans(body: wire.QuerySpansRequest) -> Response:
        limit, offset = page_size(body.limit), body.offset or 0
        found = read().query_spans(
            conditions(body.attribute_filters),
            body.attributes_to_return,
            body.max_depth,
            limit + 1,
            offset,
            body.order_by,
        )
        return paged([wire.span_json(span) for span in found[:limit]], offset, len(found) > limit)

    @router.post(
        "/spans/export", response_model=None, summary="Save matching spans as a JSONL dataset (needs the token)"
    )
    def save_spans_to_dataset(body: wire.SaveSpansRequest, request: Request) -> Response:
        guard.require_write(request)
        if body.max_depth is not None:
            raise Problem(400, "max_depth is not supported when saving a dataset; filter on the spans instead")
        folder = stores.datasets()
        folder.mkdir(parents=True, exist_ok=True)
        rows = read().save_spans_to_dataset(
            conditions(body.attribute_filters), body.attributes_to_save, folder / f"{body.dataset_id}.jsonl"
        )
        return JSONResponse(None, headers={"X-Rows-Written": str(rows)})

    @router.post("/metrics/{metric_name}", response_model=wire.QueryMetricsResponse, summary="A metric's series")
    def query_metrics(metric_name: str, body: wire.QueryMetricsRequest) -> Response:
        series = read().query_metrics(
            metric_name,
            start_time=body.start_time,
            end_time=body.end_time,
            granularity=body.granularity,
            query_type=body.query_type.value,
            label_matchers=[matcher.model_dump(mode="json") for matcher in body.label_matchers or ()] or None,
            group_by=body.group_by,
            stat=body.stat,
        )
        return JSONResponse({"data": [wire.series_json(one) for one in series]})

    return router
