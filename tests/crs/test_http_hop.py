"""Task metadata across a real HTTP hop on loopback: the global propagator injects it, the server adopts it."""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from opentelemetry import baggage, propagate
from opentelemetry import context as otel_context

from genotel.crs import action, continue_task, task, task_metadata
from tests.crs.conftest import METADATA, CrsHarness

Handle = Callable[[BaseHTTPRequestHandler], dict[str, Any]]


@contextlib.contextmanager
def loopback_server(handle: Handle) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 whose POST handler answers ``handle(request)`` as JSON."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.dumps(handle(self)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/work"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def post(url: str, otel: CrsHarness) -> dict[str, Any]:
    """The client side: a CLIENT span, its context and baggage injected by the global propagator."""
    with otel.tracer.start_as_current_span("POST /work"):
        headers = {"Content-Type": "application/json"}
        propagate.inject(headers)
        request = urllib.request.Request(url, data=b"{}", headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture
def downstream():
    """A second service: its own provider and processor, as a separate process would have."""
    harness = CrsHarness()
    yield harness
    harness.shutdown()


def test_continue_task_adopts_the_callers_trace_and_task(otel, downstream):
    def handle(request: BaseHTTPRequestHandler) -> dict[str, Any]:
        assert task_metadata() == {}  # the handler thread starts with an empty context
        with continue_task(request.headers) as metadata, downstream.tracer.start_as_current_span("handle"):
            with action("patch_generation", "patch", tracer_provider=downstream.tracer_provider):
                pass
            return {"metadata": dict(metadata), "task": dict(task_metadata())}

    baggage_token = otel_context.attach(baggage.set_baggage("user.id", "alice"))
    try:
        with loopback_server(handle) as url, task(METADATA):
            answer = post(url, otel)
    finally:
        otel_context.detach(baggage_token)

    assert answer == {"metadata": METADATA, "task": METADATA}
    client = otel.span("POST /work")
    handled, patch = downstream.span("handle"), downstream.span("patch")
    assert downstream.attributes("handle") == METADATA  # not user.id: only the task's own entries
    assert downstream.attributes("patch") == {
        **METADATA,
        "crs.action.category": "patch_generation",
        "crs.action.name": "patch",
    }
    assert handled.context.trace_id == patch.context.trace_id == client.context.trace_id
    assert handled.parent.span_id == client.context.span_id and handled.parent.is_remote


def test_the_processor_reads_the_task_from_an_extracted_context_by_itself(otel, downstream):
    """What an HTTP server instrumentation (WSGI, ASGI) does, and no genotel call: the spans carry the task."""

    def handle(request: BaseHTTPRequestHandler) -> dict[str, Any]:
        extracted = propagate.extract(request.headers)
        with downstream.tracer.start_as_current_span("explicit parent", context=extracted):
            pass
        token = otel_context.attach(extracted)
        try:
            with (
                downstream.tracer.start_as_current_span("server span"),
                downstream.tracer.start_as_current_span("child"),
            ):
                pass
        finally:
            otel_context.detach(token)
        with downstream.tracer.start_as_current_span("not in the request"):
            pass
        return {}

    with loopback_server(handle) as url:
        with task(METADATA):
            post(url, otel)
        post(url, otel)  # a second request, outside any task

    for name in ("explicit parent", "server span", "child"):
        assert [dict(span.attributes) for span in downstream.spans() if span.name == name] == [METADATA, {}]
    assert all(not span.attributes for span in downstream.spans() if span.name == "not in the request")
