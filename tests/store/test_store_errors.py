"""Bad files and bad conditions give one-line StoreErrors, and nothing stored is ever lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult

from genotel.store import (
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreMissing,
    StoreReadOnly,
    StoreSpanExporter,
    TraceStore,
    schema,
)
from tests.read_only import python_honouring_file_modes, read_only_file
from tests.store.store_scenarios import agent_trace


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_missing_store_opened_read_only(tmp_path: Path) -> None:
    target = tmp_path / "nothing" / "telemetry.db"
    with pytest.raises(StoreMissing) as raised:
        TraceStore(target, read_only=True)
    assert str(target) in one_line(raised.value)
    assert not target.parent.exists()  # read-only never creates anything


def test_corrupt_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "telemetry.db"
    garbage = b"this is not a database, just some bytes\n" * 200
    target.write_bytes(garbage)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as raised:
            TraceStore(target, read_only=read_only)
        assert "not a database" in one_line(raised.value)
        assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert target.read_bytes() == garbage


def test_another_applications_database_is_not_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "app.db"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
        conn.execute("INSERT INTO customers VALUES ('ada')")
    with pytest.raises(StoreCorrupt, match="another application"):
        TraceStore(target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM customers").fetchall() == [("ada",)]
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'spans'").fetchone()[0] == 0


def test_newer_schema_is_refused(db_path: Path) -> None:
    TraceStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer genotel-store"):
        TraceStore(db_path)


def test_read_only_store_refuses_writes_but_reads(store: TraceStore, tracer, db_path: Path) -> None:
    ids = agent_trace(tracer)
    with TraceStore(db_path, read_only=True) as reader:
        assert len(reader.get_trace(ids["trace_id"])) == 4
        with pytest.raises(StoreReadOnly, match="opened read-only"):
            reader.log_event({"type": "x"})
        exporter = StoreSpanExporter(reader)
        assert exporter.export(store_spans(tracer)) is SpanExportResult.FAILURE


def store_spans(tracer) -> list:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    with provider.get_tracer("t").start_as_current_span("s"):
        pass
    return list(memory.get_finished_spans())


READ_ONLY_CHILD = """
import sys
from genotel.store import StoreReadOnly, TraceStore
try:
    TraceStore(sys.argv[1])
except StoreReadOnly as error:
    print("READONLY", error)
with TraceStore(sys.argv[1], read_only=True) as store:
    print("TRACES", len(store.query_traces()))
"""


def test_read_only_file(tmp_path) -> None:
    target = tmp_path / "telemetry.db"
    with TraceStore(target) as store:
        store.log_event({"type": "x"})
    with sqlite3.connect(target) as conn:  # leave a rollback-journal file: no -wal/-shm needed to read it
        conn.execute("PRAGMA journal_mode = DELETE")
    before = target.read_bytes()
    with read_only_file(target):
        command = python_honouring_file_modes(READ_ONLY_CHILD, str(target))
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "READONLY" in result.stdout and "read-only" in result.stdout
    assert "TRACES 0" in result.stdout
    assert target.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["telemetry.db"]  # no journal or -wal beside it


def test_locked_database_gives_store_locked_after_the_busy_timeout(db_path: Path, tracer) -> None:
    TraceStore(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO events (time_ns, expires_ns, payload) VALUES (1, 2, '{}')")
    try:
        with TraceStore(db_path, busy_timeout_ms=200, retention_seconds=None) as store:
            began = time.monotonic()
            with pytest.raises(StoreLocked) as raised:
                store.log_event({"type": "x"})
            waited = time.monotonic() - began
            assert 0.15 <= waited < 5
            assert "locked" in one_line(raised.value)
            assert StoreSpanExporter(store).export(store_spans(tracer)) is SpanExportResult.FAILURE
            assert store.query_traces() == []  # reads still work beside the writer (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with TraceStore(db_path) as store:
        store.log_event({"type": "after"})  # the lock is gone: writing works again
        assert store.stats()["events"] == 1


def test_locked_rollback_journal_database_at_open(tmp_path: Path) -> None:
    target = tmp_path / "legacy.db"
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE pending (x)")
    try:
        with pytest.raises(StoreLocked):
            TraceStore(target, busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        TraceStore(tmp_path)


def test_closed_store_raises(db_path: Path) -> None:
    store = TraceStore(db_path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query_traces()


def test_exporter_opens_its_own_store_from_a_path_and_env(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GENOTEL_STORE", raising=False)
    exporter = StoreSpanExporter()
    assert exporter.store.path == tmp_path / ".genotel" / "telemetry.db"
    assert exporter.export(store_spans(None)) is SpanExportResult.SUCCESS
    exporter.shutdown()
    assert exporter.export(store_spans(None)) is SpanExportResult.FAILURE  # after shutdown
    monkeypatch.setenv("GENOTEL_STORE", str(tmp_path / "elsewhere" / "t.db"))
    with TraceStore() as store:
        assert store.path == tmp_path / "elsewhere" / "t.db"
        assert store.path.exists()
    with TraceStore(tmp_path / "explicit.db") as store:  # an explicit path beats the environment
        assert store.path.name == "explicit.db"
    assert os.environ["GENOTEL_STORE"].endswith("t.db")
    with TraceStore(tmp_path / ".genotel" / "telemetry.db", read_only=True) as reader:
        assert reader.count_spans() == 1
