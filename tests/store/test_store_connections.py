"""Connections are pooled: threads that come and go leave no connection or open file behind."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from genotel.store import StoreError, TraceStore, connection
from tests.store.bulk import chat_spans, fill


def open_files(path: Path) -> int:
    """This process's file descriptors on the store file, its WAL and its shared-memory index."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") in names
        except OSError:
            continue
    return count


def run_threads(count: int, work) -> None:
    for _ in range(count):
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()


@pytest.mark.parametrize("read_only", [True, False])
def test_short_lived_threads_leave_no_connections(db_path: Path, read_only: bool) -> None:
    fill(db_path, 20)
    with TraceStore(db_path, read_only=read_only) as store:
        before = open_files(db_path)
        run_threads(200, lambda: store.query_traces(limit=1))
        assert store._db.open_connections() <= connection.IDLE_CONNECTIONS
        assert open_files(db_path) <= before + 3 * connection.IDLE_CONNECTIONS
        assert open_files(db_path) < 50  # not two files per thread that ever ran a query (over 400)
    assert open_files(db_path) == 0


def test_concurrent_threads_get_their_own_connection_and_give_it_back(db_path: Path) -> None:
    fill(db_path, 50)
    with TraceStore(db_path) as store:
        barrier = threading.Barrier(24)
        errors: list[BaseException] = []

        def reader_then_writer(n: int) -> None:
            try:
                barrier.wait()
                spans = store.query_spans([{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}], limit=7)
                assert len(spans) == 7
                store.write_spans(chat_spans(2, trace_base=10_000 + 10 * n))
            except BaseException as exc:  # reported below: an assert in a thread would be lost
                errors.append(exc)

        threads = [threading.Thread(target=reader_then_writer, args=(n,)) for n in range(24)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.count_spans() == 50 + 48
        assert store._db.open_connections() <= connection.IDLE_CONNECTIONS


def test_a_stream_left_half_read_gives_its_connection_back(db_path: Path) -> None:
    fill(db_path, 1200)
    with TraceStore(db_path) as store:
        records = store.iter_records()
        assert next(records)["record"] == "span"
        in_use = store._db.open_connections()
        records.close()
        store.write_spans(chat_spans(1, trace_base=99_999))  # no read left open on the pooled connection
        assert store._db.open_connections() <= in_use


def test_a_closed_store_refuses_queries(db_path: Path) -> None:
    fill(db_path, 1)
    store = TraceStore(db_path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query_traces()
    assert open_files(db_path) == 0
