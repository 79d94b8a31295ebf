"""A store filled by `genotel demo` plus one trace of untrusted text and CRS work, served over real HTTP.

The demo's store comes from tests/cli's session fixture (one demo run for the whole suite); it is
copied, so writes made here never reach the CLI tests' store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

from genotel.store import StoreLogExporter, StoreSpanExporter, TraceStore
from tests.cli.conftest import demo_db, demo_run  # noqa: F401  (session fixtures shared with tests/cli)
from tests.serve.running import Running, running_server

# Captured text that a careless viewer would run: each payload sets a flag the browser test checks.
SCRIPT_PROMPT = '<script>window.__genotel_pwned = "script"</script>Plan my <b>trip</b>'
IMAGE_COMPLETION = '<img src="x" onerror="window.__genotel_pwned = \'img\'">Here is your plan'
SVG_EVENT = "<svg onload=\"window.__genotel_pwned = 'svg'\"></svg>Which tests fail?"
IFRAME_JSON = "<iframe src=\"javascript:window.top.__genotel_pwned = 'iframe'\"></iframe>Summarise the diff"
TOKEN = "s3cret-token-for-tests"


def write_untrusted_trace(db: Path) -> str:
    """A CRS task's trace: an action span, and a GenAI call whose prompt and answer carry markup; its id."""
    with TraceStore(db) as store:
        provider = TracerProvider(resource=Resource.create({"service.name": "crs-worker"}))
        provider.add_span_processor(SimpleSpanProcessor(StoreSpanExporter(store)))
        tracer = provider.get_tracer("tests.serve")
        logs = LoggerProvider(resource=Resource.create({"service.name": "crs-worker"}))
        logs.add_log_record_processor(SimpleLogRecordProcessor(StoreLogExporter(store)))
        logger = logs.get_logger("tests.serve")
        task = {"task.id": "task-42", "round.id": "round-7"}
        with tracer.start_as_current_span("patch_generation", attributes=task) as root:
            root.set_attribute("crs.action.category", "patch_generation")
            root.set_attribute("crs.action.name", "write_patch")
            root.set_attribute("crs.action.code.file", "src/parser.c")
            with tracer.start_as_current_span("chat gpt-4o", kind=SpanKind.CLIENT, attributes=task) as call:
                call.set_attributes(
                    {
                        "gen_ai.operation.name": "chat",
                        "gen_ai.system": "openai",
                        "gen_ai.request.model": "gpt-4o",
                        "gen_ai.response.model": "gpt-4o-2024-08-06",
                        "gen_ai.usage.input_tokens": 31,
                        "gen_ai.usage.output_tokens": 12,
                        "gen_ai.response.finish_reasons": ["stop"],
                        "gen_ai.prompt.0.role": "user",
                        "gen_ai.prompt.0.content": SCRIPT_PROMPT,
                        "gen_ai.completion.0.role": "assistant",
                        "gen_ai.completion.0.content": IMAGE_COMPLETION,
                        "gen_ai.completion.0.finish_reason": "stop",
                    }
                )
            with tracer.start_as_current_span("chat claude-sonnet-4-5", kind=SpanKind.CLIENT, attributes=task) as call:
                call.set_attributes({"gen_ai.operation.name": "chat", "gen_ai.request.model": "claude-sonnet-4-5"})
                emit_conversation_events(logger)
            with tracer.start_as_current_span("chat gemini-2.5-flash", kind=SpanKind.CLIENT, attributes=task) as call:
                call.set_attributes({"gen_ai.operation.name": "chat", "gen_ai.request.model": "gemini-2.5-flash"})
                call.set_attributes(json_conversation())
            with tracer.start_as_current_span("run_tests", attributes=task) as failed:
                failed.set_attribute("crs.action.category", "testing")
                failed.set_attribute("error.type", "TestFailure")
                failed.set_status(Status(StatusCode.ERROR, "3 tests failed"))
            trace_id = format(root.get_span_context().trace_id, "032x")
        provider.shutdown()
        logs.shutdown()
    return trace_id


def emit_conversation_events(logger) -> None:
    """A conversation recorded as GenAI events (log records), with a tool call and its result."""
    logger.emit(event_name="gen_ai.system.message", body={"content": "Be brief."})
    logger.emit(event_name="gen_ai.user.message", body={"content": SVG_EVENT})
    call = {"id": "call_tests", "type": "function", "function": {"name": "run_tests", "arguments": '{"suite": "unit"}'}}
    choice = {"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "tool_calls": [call]}}
    logger.emit(event_name="gen_ai.choice", body=choice)
    logger.emit(event_name="gen_ai.tool.message", body={"id": "call_tests", "content": "3 failed"})


def json_conversation() -> dict[str, str]:
    """A conversation recorded as the JSON message attributes of the newer GenAI conventions."""
    return {
        "gen_ai.system_instructions": json.dumps([{"type": "text", "content": "You review patches."}]),
        "gen_ai.input.messages": json.dumps(
            [
                {"role": "user", "parts": [{"type": "text", "content": IFRAME_JSON}]},
                {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_diff", "response": "+1 -1"}]},
            ]
        ),
        "gen_ai.output.messages": json.dumps(
            [
                {
                    "role": "assistant",
                    "parts": [{"type": "text", "content": "One line changed."}],
                    "finish_reason": "stop",
                }
            ]
        ),
    }


def copy_store(source: Path, target: Path) -> None:
    """SQLite's backup: the copy holds what the write-ahead log holds too."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


@pytest.fixture(scope="session")
def served_store(demo_run, tmp_path_factory) -> tuple[Path, str]:  # noqa: F811
    """(a copy of the demo's store with the untrusted trace added, that trace's id)."""
    source, result = demo_run
    assert result.returncode == 0, result.stderr
    db = tmp_path_factory.mktemp("serve") / "telemetry.db"
    copy_store(source, db)
    return db, write_untrusted_trace(db)


@pytest.fixture(scope="session")
def server(served_store) -> Iterator[Running]:
    """The read-only server over `served_store`, no token (loopback)."""
    with running_server(served_store[0]) as running:
        yield running


@pytest.fixture
def writable_copy(served_store, tmp_path) -> Path:
    """A copy of `served_store` for a test that writes (events, datasets)."""
    db = tmp_path / "store" / "telemetry.db"
    db.parent.mkdir()
    copy_store(served_store[0], db)
    return db


@pytest.fixture
def guarded(writable_copy) -> Iterator[Running]:
    """A copy of the store served with a token (writes allowed to whoever presents it)."""
    with running_server(writable_copy, token=TOKEN) as running:
        yield running
