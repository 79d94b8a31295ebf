"""`TraceStore`: the one object exporters, applications and the CLI use to write and query the store."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import export, ingest, metrics_query, query, retention
from .connection import DEFAULT_BUSY_TIMEOUT_MS, Database, resolve_path
from .encode import metric_points
from .errors import InvalidQuery
from .metrics_query import to_ns
from .schema import SCHEMA_VERSION

PURGE_INTERVAL_SECONDS = 600.0


class TraceStore:
    """An embedded SQLite file of spans, log records (GenAI events), metric points and logged events.

    `path`: explicit file, else `$GENOTEL_STORE`, else `.genotel/telemetry.db` in the working directory.
    `read_only=True` never creates or changes anything (a CLI browsing the store); a missing file is then
    `StoreMissing`. Safe to share between threads; several processes may write the same file at once.
    Data older than `retention_seconds` (default 7 days; None keeps everything) is deleted by a background
    thread after open and at most once per `purge_interval_seconds` while writing, in small transactions.
    Every failure is a `StoreError` with a one-line message.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        read_only: bool = False,
        *,
        retention_seconds: float | None = retention.DEFAULT_RETENTION_SECONDS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        purge_interval_seconds: float = PURGE_INTERVAL_SECONDS,
    ) -> None:
        self.path: Path = resolve_path(path)
        self.read_only = read_only
        self.retention_seconds = retention_seconds
        self.purge_interval_seconds = purge_interval_seconds
        self._db = Database(self.path, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
        self._keys_lock = threading.Lock()
        self._purger = retention.BackgroundPurge(self._db, retention_seconds, purge_interval_seconds)
        self._maybe_purge()

    def __repr__(self) -> str:
        return f"TraceStore({str(self.path)!r}, read_only={self.read_only})"

    def __enter__(self) -> TraceStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the background purge and close every connection; further use raises StoreError."""
        self._purger.stop()
        self._db.close()

    # -- writing (the exporters call these) -----------------------------------------------------------

    def write_spans(self, spans: Sequence[Any]) -> int:
        """Store SDK ReadableSpans in one transaction (all or nothing); returns how many."""
        if not spans:
            return 0
        batch = ingest.prepare_spans(spans)
        new_keys = self._db.write(lambda conn: ingest.insert_spans(conn, batch, self._db.key_ids))
        if new_keys:
            with self._keys_lock:  # copy-on-write: readers keep the dict they took
                self._db.key_ids = {**self._db.key_ids, **new_keys}
        self._maybe_purge()
        return len(spans)

    def write_logs(self, records: Sequence[Any]) -> int:
        """Store SDK log records (ReadableLogRecord or LogData) in one transaction; returns how many."""
        rows = ingest.prepare_logs(records)
        if rows:
            self._db.write(lambda conn: ingest.insert_logs(conn, rows))
            self._maybe_purge()
        return len(rows)

    def write_metrics(self, metrics_data: Any) -> int:
        """Store every data point of an SDK MetricsData in one transaction; returns how many."""
        rows = list(metric_points(metrics_data))
        if rows:
            self._db.write(lambda conn: ingest.insert_metric_points(conn, rows))
            self._maybe_purge()
        return len(rows)

    def log_event(self, event: Any, ttl_seconds: float = 604800) -> None:
        """Store an event (dict, dataclass or pydantic model) that expires after `ttl_seconds`.

        `trace_id`/`span_id` in the event link it to a span (see `get_events`); `timestamp` (datetime or
        epoch seconds) defaults to now.
        """
        if isinstance(ttl_seconds, bool) or not isinstance(ttl_seconds, (int, float)) or ttl_seconds <= 0:
            raise InvalidQuery(f"ttl_seconds must be a positive number, got {ttl_seconds!r}")
        payload = _event_mapping(event)
        stamp = payload.get("timestamp")
        time_ns = time.time_ns() if stamp is None else to_ns(stamp, "event timestamp")
        row = ingest.event_row(payload, time_ns, ttl_seconds)
        self._db.write(lambda conn: conn.execute(ingest.EVENT_INSERT, row))

    def purge_expired(self, now: Any = None) -> dict[str, int]:
        """Delete expired events and everything older than the retention; returns rows deleted per kind.

        `now` (datetime or epoch seconds) defaults to the current time.
        """
        now_ns = time.time_ns() if now is None else to_ns(now, "now")
        self._purger.postpone()
        return retention.purge(self._db, self.retention_seconds, now_ns)

    def _maybe_purge(self) -> None:
        """The periodic purge: started on a background thread when due, never run on the caller's."""
        if not self.read_only:
            self._purger.poke()

    # -- querying ---------------------------------------------------------------------------------------

    def query_traces(
        self,
        attribute_filters: Iterable[Any] | None = None,
        limit: int | None = 100,
        offset: int = 0,
        order_by: Sequence[str] | str | None = None,
    ) -> list[dict[str, Any]]:
        """Trace summaries (root span, times, span and error counts), newest first by default.

        A trace matches when one of its spans satisfies every filter. `order_by`: e.g. `["-start_time"]`
        over start_time, end_time, span_count, error_count, trace_id, root_name.
        """
        return query.query_traces(self._db, attribute_filters, limit, offset, order_by)

    def get_trace(self, trace_id: str) -> list[dict[str, Any]]:
        """Every span of a trace in start order; `NotFound` when the store has none."""
        return query.get_trace(self._db, trace_id)

    def get_span(self, trace_id: str, span_id: str) -> dict[str, Any]:
        """One span; `NotFound` when absent."""
        return query.get_span(self._db, trace_id, span_id)

    def get_span_tree(
        self,
        span_id: str,
        attributes_to_return: Iterable[str] | None = None,
        max_depth: int | None = None,
        trace_id: str | None = None,
    ) -> dict[str, dict[str, Any]]:
        """span_id -> span for the span and its descendants (each with `parent_span_id` and `depth`).

        `max_depth` counts levels below `span_id` (0 = the span alone); `attributes_to_return` trims each
        span's attributes; `trace_id` disambiguates a span id seen in several traces.
        """
        return query.get_span_tree(self._db, span_id, attributes_to_return, max_depth, trace_id)

    def query_spans(
        self,
        attribute_filters: Iterable[Any] | None = None,
        attributes_to_return: Iterable[str] | None = None,
        max_depth: int | None = None,
        limit: int | None = 1000,
        offset: int = 0,
        order_by: Sequence[str] | str | None = None,
    ) -> list[dict[str, Any]]:
        """Spans satisfying every filter, newest first; `max_depth` keeps spans at most that deep in their
        trace (root = 0); order_by over start_time, end_time, name, trace_id, duration_ms."""
        return query.query_spans(self._db, attribute_filters, attributes_to_return, max_depth, limit, offset, order_by)

    def count_spans(self, attribute_filters: Iterable[Any] | None = None, up_to: int | None = None) -> int:
        """How many spans satisfy every filter (all spans without filters): a progress total, a summary.

        `up_to` stops counting there (a "10,000+ more" needs no scan of a million spans)."""
        return query.count_spans(self._db, attribute_filters, up_to)

    def save_spans_to_dataset(
        self,
        attribute_filters: Iterable[Any] | None,
        attributes_to_save: Iterable[str] | None,
        dataset_path: str | os.PathLike[str],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Write matching spans that carry every attribute in `attributes_to_save` as JSONL rows (span ids,
        name, times, status, then those attributes; None = all of each span's attributes), atomically.

        `progress(rows_written)` is called as rows are written; returns the number of rows.
        """
        return export.save_spans_to_dataset(self._db, attribute_filters, attributes_to_save, dataset_path, progress)

    def get_events(self, trace_id: str, span_id: str | None = None) -> list[dict[str, Any]]:
        """Log records (e.g. `gen_ai.choice`) and logged events of a span, or of the whole trace, by time."""
        return query.get_events(self._db, trace_id, span_id)

    def query_metrics(
        self,
        metric_name: str,
        start_time: Any,
        end_time: Any = None,
        granularity: str | None = None,
        query_type: str = "range",
        label_matchers: Iterable[Any] | None = None,
        group_by: Iterable[str] | None = None,
        stat: str = "sum",
    ) -> list[dict[str, Any]]:
        """Series `{metric, unit, labels, values: [(epoch_seconds, value)]}` of one metric.

        Times: datetime or epoch seconds; `end_time` defaults to now. `granularity` ('1m', '1h', '1d')
        buckets a range query; `query_type="instant"` gives one value per series over the whole window.
        Value: summed histogram `sum` (tokens, seconds), or `stat` = count, avg, min, max.
        `label_matchers`: `[{"name", "value", "operator": "=" | "!=" | "=~" | "!~"}]`.
        """
        return metrics_query.query_metrics(
            self._db, metric_name, start_time, end_time, granularity, query_type, label_matchers, group_by, stat
        )

    # -- whole-store operations (for a CLI) ------------------------------------------------------------

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every record as a dict whose `record` is span, log, metric_point or event; streamed."""
        return export.iter_records(self._db)

    def export_all(self, path: str | os.PathLike[str], progress_callback: Any = None) -> int:
        """Write every record as JSONL (atomically); `progress_callback(done, total)`; returns the count."""
        return export.export_all(self._db, path, progress_callback)

    def stats(self) -> dict[str, Any]:
        """Path, schema version, file size and row counts: what `genotel store info` would show."""
        counts = export.count_records(self._db)
        traces = self._db.read(lambda conn: conn.execute("SELECT count(*) FROM traces").fetchone()[0])
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return {"path": str(self.path), "schema_version": SCHEMA_VERSION, "size_bytes": size, "traces": traces} | counts


def _event_mapping(event: Any) -> Mapping[str, Any]:
    if isinstance(event, Mapping):
        return event
    if hasattr(event, "model_dump"):
        return dict(event.model_dump(mode="json"))
    if dataclasses.is_dataclass(event) and not isinstance(event, type):
        return dataclasses.asdict(event)
    if hasattr(event, "__dict__"):
        return dict(vars(event))
    raise InvalidQuery(f"an event is a mapping, a dataclass or a pydantic model, not {type(event).__name__}")
