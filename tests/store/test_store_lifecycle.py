"""Retention really deletes, and files of older schema versions are upgraded in place."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanContext, TraceFlags

from genotel.store import StoreError, TraceStore, retention, schema

DAY_NS = 86400 * 10**9


def span_at(start_ns: int, trace_id: int, span_id: int, parent: int | None = None, **attributes) -> ReadableSpan:
    context = SpanContext(trace_id, span_id, is_remote=False, trace_flags=TraceFlags(1))
    parent_context = SpanContext(trace_id, parent, is_remote=False) if parent else None
    return ReadableSpan(
        f"span {span_id}",
        context,
        parent=parent_context,
        resource=Resource.create({}),
        attributes=attributes,
        start_time=start_ns,
        end_time=start_ns + 10**9,
    )


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_purge_deletes_old_traces_logs_points_and_expired_events(db_path: Path) -> None:
    now = time.time_ns()
    with TraceStore(db_path, retention_seconds=None) as store:  # no retention while seeding old data
        store.write_spans([span_at(now - 10 * DAY_NS, 1, 1, model="old"), span_at(now - 10 * DAY_NS, 1, 2, 1)])
        store.write_spans([span_at(now - DAY_NS, 2, 3, model="new", long="y" * 400)])
        with store._db.connection() as conn:
            conn.execute(
                "INSERT INTO logs (time_ns, event_name, attributes) VALUES (?, 'gen_ai.choice', '{}'), (?, 'x', '{}')",
                (now - 9 * DAY_NS, now),
            )
            conn.execute(
                "INSERT INTO metric_points (name, kind, time_ns, attributes)"
                " VALUES ('m', 'sum', ?, '{}'), ('m', 'sum', ?, '{}')",
                (now - 9 * DAY_NS, now),
            )
        store.log_event({"type": "short"}, ttl_seconds=1)
        store.log_event({"type": "long"})
    assert rows(db_path, "span_attrs") == 3
    with TraceStore(db_path) as store:  # default retention: 7 days, purged after open, in the background
        assert store._purger.wait(timeout=10)
        assert [t["trace_id"] for t in store.query_traces()] == [format(2, "032x")]
        assert rows(db_path, "spans") == 1
        assert rows(db_path, "span_attrs") == 2  # the old span's index rows went with it
        assert rows(db_path, "logs") == 1
        assert rows(db_path, "metric_points") == 1
        assert store.count_spans([{"key": "model", "op": "eq", "value": "old"}]) == 0
        assert rows(db_path, "events") == 2  # nothing expired yet
        counts = store.purge_expired(now=time.time() + 2)
        assert counts["events"] == 1
        assert [e["type"] for e in store.iter_records() if e["record"] == "event"] == ["long"]
        counts = store.purge_expired(now=time.time() + 8 * 86400)
        assert counts == {"events": 1, "traces": 1, "spans": 1, "logs": 1, "metric_points": 1}
        assert rows(db_path, "span_attrs") == 0
        assert store.stats()["spans"] == 0


def test_a_trace_is_kept_whole_while_its_last_span_is_recent(db_path: Path) -> None:
    now = time.time_ns()
    with TraceStore(db_path, retention_seconds=7 * 86400) as store:
        store.write_spans([span_at(now - 8 * DAY_NS, 5, 1), span_at(now - DAY_NS, 5, 2, 1)])
        assert store.purge_expired()["traces"] == 0
        assert len(store.get_trace(format(5, "032x"))) == 2


def test_periodic_purge_while_writing(db_path: Path) -> None:
    now = time.time_ns()
    with TraceStore(db_path, retention_seconds=60, purge_interval_seconds=0) as store:
        assert store._purger.wait(timeout=10)  # the purge started at open, with nothing to do
        store.write_spans([span_at(now - 3600 * 10**9, 7, 1)])
        store.write_spans([span_at(now, 8, 2)])  # this write starts the purge: the hour-old trace goes
        assert store._purger.wait(timeout=10)
        assert [t["trace_id"] for t in store.query_traces()] == [format(8, "032x")]


def build_old_store(path: Path, version: int) -> None:
    """A file as an older genotel-store left it: migrations up to `version`, and a span in it."""
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("BEGIN")
        for migration in schema.pending(0, upto=version):
            schema.apply(conn, migration)
        conn.execute(
            "INSERT INTO spans (id, trace_id, span_id, name, start_ns, end_ns, attributes)"
            " VALUES (1, ?, ?, 'old', 5, 9, ?)",
            ("a" * 32, "b" * 16, json.dumps({"k": "v"})),
        )
        conn.execute(
            "INSERT INTO traces (trace_id, root_span_id, root_name, root_final, start_ns, end_ns, span_count,"
            " first_id, last_id) VALUES (?, ?, 'old', 1, 5, 9, 1, 1, 1)",
            ("a" * 32, "b" * 16),
        )
        conn.execute("COMMIT")


@pytest.mark.parametrize("version", [1, 2, 3])
def test_old_schema_is_upgraded_at_open(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_old_store(path, version)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    with pytest.raises(StoreError, match="open it once for writing"):
        TraceStore(path, read_only=True)
    with TraceStore(path, retention_seconds=None) as store:
        assert store.stats()["schema_version"] == schema.SCHEMA_VERSION
        assert [s["name"] for s in store.get_trace("a" * 32)] == ["old"]
        store.log_event({"type": "after-upgrade"})  # the events table came with migration 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"spans", "traces", "span_attrs", "logs", "metric_points", "events"} <= tables
    assert "spans_name" in indexes  # migration 4


def test_migrations_are_ordered_and_complete() -> None:
    versions = [m.version for m in schema.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert versions[-1] == schema.SCHEMA_VERSION
    assert [m.version for m in schema.pending(1)] == versions[1:]


def test_a_trace_spread_over_many_index_buckets_is_found_whole(db_path: Path, monkeypatch) -> None:
    from genotel.store import plan

    now = time.time_ns()
    filler = 4096  # one index bucket of spans between each span of the long trace
    with TraceStore(db_path) as store:
        store.write_spans([span_at(now, 99, 2, 1, part="first")])
        for batch in range(2):
            store.write_spans([span_at(now, 1000 + batch * filler + n, 5) for n in range(filler)])
            store.write_spans([span_at(now, 99, 3 + batch, 1, part=f"middle{batch}")])
        store.write_spans([span_at(now, 99, 1, part="root")])
        trace_id = format(99, "032x")
        assert [s["attributes"]["part"] for s in store.get_trace(trace_id)] == ["first", "middle0", "middle1", "root"]
        assert len(store.get_span_tree(format(1, "016x"))) == 4
        monkeypatch.setattr(plan, "SELECTIVE_LIMIT", 1)  # the trace-driven scan, not the attribute index
        (found,) = store.query_traces([{"key": "part", "op": "eq", "value": "middle0"}])
        assert found["trace_id"] == trace_id and found["span_count"] == 4
        assert store.count_spans([{"key": "trace_id", "op": "eq", "value": trace_id}]) == 4
        assert store.purge_expired(now=time.time() + 30 * 86400)["spans"] == 2 * filler + 4
        assert rows(db_path, "span_attrs") == 0


def old_rows(store: TraceStore, count: int, now: int) -> None:
    """`count` logs and metric points ten days old, and as many events already expired."""

    def insert(conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT INTO logs (time_ns, attributes) VALUES (?, '{}')", [(now - 10 * DAY_NS,)] * count)
        conn.executemany(
            "INSERT INTO metric_points (name, kind, time_ns, attributes) VALUES ('m', 'sum', ?, '{}')",
            [(now - 10 * DAY_NS,)] * count,
        )
        conn.executemany(
            "INSERT INTO events (time_ns, expires_ns, payload) VALUES (?, ?, '{}')", [(now - DAY_NS, now - 1)] * count
        )

    store._db.write(insert)


def test_purge_deletes_in_bounded_transactions(db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(retention, "ROWS_PER_CHUNK", 100)
    monkeypatch.setattr(retention, "PAUSE_BETWEEN_CHUNKS", 0)
    now = time.time_ns()
    with TraceStore(db_path, retention_seconds=None) as store:
        old_rows(store, 250, now)
    with TraceStore(db_path, purge_interval_seconds=3600) as store:
        assert store._purger.wait(timeout=10)
    with TraceStore(db_path, retention_seconds=None) as store:
        assert rows(db_path, "logs") == 0  # the background purge after open deleted everything old
        old_rows(store, 250, now)
        changes: list[int] = []
        write = store._db.write

        def counted(work):
            def measured(conn: sqlite3.Connection):
                before = conn.total_changes
                result = work(conn)
                changes.append(conn.total_changes - before)
                return result

            return write(measured)

        monkeypatch.setattr(store._db, "write", counted)
        store.retention_seconds = 7 * 86400
        counts = store.purge_expired()
    assert (counts["logs"], counts["metric_points"], counts["events"]) == (250, 250, 250)
    assert max(changes) <= 100 and len(changes) >= 9  # three chunks per kind, none over the bound
    assert rows(db_path, "logs") == rows(db_path, "metric_points") == rows(db_path, "events") == 0


def test_retention_runs_off_the_callers_thread_at_most_once_per_interval(db_path: Path, monkeypatch) -> None:
    now = time.time_ns()
    with TraceStore(db_path, retention_seconds=None) as store:
        store.write_spans([span_at(now - 10 * DAY_NS, 9, 1)])
    threads: list[threading.Thread] = []
    real_purge = retention.purge

    def recorded(*arguments, **options):
        threads.append(threading.current_thread())
        return real_purge(*arguments, **options)

    monkeypatch.setattr(retention, "purge", recorded)
    with TraceStore(db_path, purge_interval_seconds=3600) as store:
        assert store._purger.wait(timeout=10)  # the purge after open took the first old trace
        for n in range(5):
            store.write_spans([span_at(now - 10 * DAY_NS, 10 + n, 1)])
            store.write_spans([span_at(now, 20 + n, 1)])
        assert store._purger.wait(timeout=10)
        assert len(threads) == 1 and threads[0] is not threading.current_thread()
        assert threads[0].name == "genotel-store-retention"
        assert rows(db_path, "traces") == 10  # the old traces written since wait for the next interval
