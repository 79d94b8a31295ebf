"""Writing: batches are atomic, concurrent writers (threads, processes) lose nothing, logs are stored."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from genotel.store import StoreSpanExporter, TraceStore, ingest
from tests.store.store_scenarios import agent_trace


def finished_spans(count: int, name: str = "span") -> list:
    """Real SDK ReadableSpans, one trace per span."""
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("t")
    for index in range(count):
        with tracer.start_as_current_span(f"{name} {index}", attributes={"index": index, "writer": name}):
            pass
    return list(memory.get_finished_spans())


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("spans", "traces", "span_attrs")}


def test_a_failure_mid_batch_writes_nothing_of_it(store: TraceStore, db_path: Path, monkeypatch) -> None:
    exporter = StoreSpanExporter(store)
    assert exporter.export(finished_spans(3, "first")) is SpanExportResult.SUCCESS
    before = table_counts(db_path)

    def explode(conn, summaries):  # spans and index rows are already inserted when this runs
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 8
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ingest, "upsert_traces", explode)
    assert exporter.export(finished_spans(5, "second")) is SpanExportResult.FAILURE
    assert table_counts(db_path) == before
    monkeypatch.undo()
    assert exporter.export(finished_spans(5, "third")) is SpanExportResult.SUCCESS
    assert {t["root_name"].split()[0] for t in store.query_traces()} == {"first", "third"}


CRASH_CHILD = textwrap.dedent(
    """
    import os, sys
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from genotel.store import TraceStore, ingest

    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    with provider.get_tracer("t").start_as_current_span("doomed"):
        pass
    store = TraceStore(sys.argv[1])
    ingest.upsert_traces = lambda conn, summaries: os._exit(3)  # the process dies inside the transaction
    store.write_spans(memory.get_finished_spans())
    """
)


def test_a_crash_mid_batch_leaves_no_half_written_trace(store: TraceStore, tracer, db_path: Path) -> None:
    ids = agent_trace(tracer)
    result = subprocess.run([sys.executable, "-c", CRASH_CHILD, str(db_path)], capture_output=True, timeout=60)
    assert result.returncode == 3, result.stderr
    with TraceStore(db_path, read_only=True) as reader:
        assert [t["trace_id"] for t in reader.query_traces()] == [ids["trace_id"]]
        assert reader.count_spans() == 4
        assert reader.count_spans([{"key": "name", "op": "eq", "value": "doomed"}]) == 0


def test_threads_writing_at_once_lose_nothing(store: TraceStore) -> None:
    exporter = StoreSpanExporter(store)
    batches = [finished_spans(50, f"thread{n}") for n in range(6)]
    results: list[SpanExportResult] = []

    def write(spans: list) -> None:
        for start in range(0, len(spans), 10):
            results.append(exporter.export(spans[start : start + 10]))

    threads = [threading.Thread(target=write, args=(spans,)) for spans in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [SpanExportResult.SUCCESS] * 30
    assert store.count_spans() == 300
    for n in range(6):
        assert store.count_spans([{"key": "writer", "op": "eq", "value": f"thread{n}"}]) == 50
    rowids = store._db.read(lambda conn: conn.execute("SELECT count(DISTINCT id) FROM spans").fetchone()[0])
    assert rowids == 300


def _process_writer(path: str, name: str, count: int) -> None:
    exporter = StoreSpanExporter(path, busy_timeout_ms=30_000)
    spans = finished_spans(count, name)
    for start in range(0, count, 20):
        if exporter.export(spans[start : start + 20]) is not SpanExportResult.SUCCESS:
            raise SystemExit(1)
    exporter.shutdown()


def test_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    TraceStore(db_path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_process_writer, args=(str(db_path), f"proc{n}", 200)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    with TraceStore(db_path, read_only=True) as store:
        assert store.count_spans() == 800
        assert len(store.query_traces(limit=None)) == 800
        for n in range(4):
            assert store.count_spans([{"key": "writer", "op": "eq", "value": f"proc{n}"}]) == 200
            assert (
                store.count_spans(
                    [{"key": "index", "op": "gt", "value": 149}, {"key": "writer", "op": "eq", "value": f"proc{n}"}]
                )
                == 50
            )


def test_batch_span_processor_pipeline(store: TraceStore) -> None:
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(StoreSpanExporter(store), max_export_batch_size=64))
    tracer = provider.get_tracer("batch")
    for _ in range(40):
        agent_trace(tracer)
    provider.force_flush()
    assert store.count_spans() == 160
    assert all(t["span_count"] == 4 and t["root_complete"] for t in store.query_traces(limit=None))
    provider.shutdown()


def test_log_records_are_stored_with_their_span(store: TraceStore, tracer, logger_provider) -> None:
    logger = logger_provider.get_logger("genotel.instrumentation.openai")
    with tracer.start_as_current_span("chat gpt-4o") as span:
        logger.emit(event_name="gen_ai.user.message", body={"content": "hi"}, attributes={"gen_ai.system": "openai"})
        logger.emit(
            event_name="gen_ai.choice",
            body={"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hello"}},
            attributes={"gen_ai.system": "openai"},
        )
        trace_id = format(span.get_span_context().trace_id, "032x")
        span_id = format(span.get_span_context().span_id, "016x")
    with tracer.start_as_current_span("other"):
        logger.emit(event_name="gen_ai.choice", body={"index": 0})
    events = store.get_events(trace_id, span_id)
    assert [event["event_name"] for event in events] == ["gen_ai.user.message", "gen_ai.choice"]
    choice = events[1]
    assert choice["source"] == "log"
    assert choice["body"]["message"]["content"] == "hello"
    assert choice["attributes"] == {"gen_ai.system": "openai"}
    assert choice["trace_id"] == trace_id and choice["span_id"] == span_id
    assert choice["service_name"] == "trip-planner"
    assert choice["scope"] == "genotel.instrumentation.openai"
    assert store.get_events(trace_id) == events


def test_log_event_is_linked_to_its_span(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    store.log_event({"type": "metric", "metric": "x", "trace_id": ids["trace_id"], "span_id": ids["root"]})
    (event,) = store.get_events(ids["trace_id"], ids["root"])
    assert event["source"] == "event"
    assert event["type"] == "metric"
    assert event["event"]["metric"] == "x"
    assert event["expires"] - event["time"] == 604800 * 10**9
    with pytest.raises(ValueError):
        store.log_event({"type": "x"}, ttl_seconds=0)
