"""The `/v1/genotel` routes the trace viewer needs beyond llama-stack's API: a whole trace at once.

llama-stack's `GET /traces/{id}` answers a summary only; the viewer also needs every span with its
kind, status and span events, and the trace's log records (GenAI events carrying the captured
conversation), in one request a page at a time.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from . import wire
from .api import TRACE_ID, check_id
from .auth import Guard
from .problems import Problem
from .stores import Stores


def package_version() -> str:
    try:
        return version("genotel-store")
    except PackageNotFoundError:  # a source tree without metadata
        return "unknown"


def build_viewer_router(stores: Stores, guard: Guard) -> APIRouter:
    router = APIRouter(prefix="/v1/genotel", tags=["genotel"], dependencies=[Depends(guard.require_read)])

    @router.get("/info", summary="What this server serves: the store file and whether it accepts writes")
    def info() -> JSONResponse:
        return JSONResponse(
            {"store": str(stores.path), "version": package_version(), "writes": guard.token is not None}
        )

    @router.get(
        "/traces/{trace_id}", summary="A trace's summary, a page of its spans (with span events) and its log records"
    )
    def trace_detail(
        trace_id: str,
        limit: int = Query(wire.MAX_PAGE, ge=1, le=wire.MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> JSONResponse:
        check_id(trace_id, TRACE_ID, "trace_id")
        store = stores.reader()
        by_id = [{"key": "trace_id", "op": "eq", "value": trace_id}]
        summary = store.query_traces(by_id, limit=1)
        if not summary:
            raise Problem(404, f"no trace {trace_id.lower().removeprefix('0x')} in the store")
        spans = store.query_spans(by_id, limit=limit + 1, offset=offset, order_by=["start_time"])
        body: dict[str, Any] = {
            "trace": wire.trace_json(summary[0]),
            "spans": [wire.span_json(span, events=True) for span in spans[:limit]],
            "events": [dict(item, time=wire.iso(item["time"])) for item in store.get_events(trace_id)],
        }
        headers = {"X-Next-Offset": str(offset + limit)} if len(spans) > limit else None
        return JSONResponse(body, headers=headers)

    return router
