"""OpenTelemetry SDK exporters that write into a `TraceStore`.

Use one store for all three so spans, GenAI events and metrics land in the same file:

    store = TraceStore()
    tracer_provider.add_span_processor(BatchSpanProcessor(StoreSpanExporter(store)))
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(StoreLogExporter(store)))
    MeterProvider(metric_readers=[PeriodicExportingMetricReader(StoreMetricExporter(store))])

An exporter never raises into the SDK: a failed batch (locked file, full disk) is logged and reported
as FAILURE, and nothing of it is written.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

from opentelemetry.sdk.metrics import (
    Counter,
    Histogram,
    ObservableCounter,
    ObservableGauge,
    ObservableUpDownCounter,
    UpDownCounter,
)
from opentelemetry.sdk.metrics.export import AggregationTemporality, MetricExporter, MetricExportResult
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

from .connection import resolve_path
from .errors import StoreError
from .store import TraceStore

try:  # opentelemetry-sdk renamed LogExporter to LogRecordExporter; accept either
    from opentelemetry.sdk._logs.export import LogRecordExporter as _LogExporterBase
except ImportError:  # pragma: no cover - older SDKs
    from opentelemetry.sdk._logs.export import LogExporter as _LogExporterBase  # type: ignore[no-redef,attr-defined]
try:
    from opentelemetry.sdk._logs.export import LogRecordExportResult as _LogResult
except ImportError:  # pragma: no cover - older SDKs
    from opentelemetry.sdk._logs.export import LogExportResult as _LogResult  # type: ignore[no-redef,attr-defined,assignment]

_logger = logging.getLogger(__name__)
StoreArg = TraceStore | str | os.PathLike[str] | None

DELTA_TEMPORALITY: dict[type, AggregationTemporality] = {
    Counter: AggregationTemporality.DELTA,
    Histogram: AggregationTemporality.DELTA,
    ObservableCounter: AggregationTemporality.DELTA,
    UpDownCounter: AggregationTemporality.CUMULATIVE,
    ObservableUpDownCounter: AggregationTemporality.CUMULATIVE,
    ObservableGauge: AggregationTemporality.CUMULATIVE,
}


class _SharedStores:
    """One TraceStore per file and options for every exporter given a path, closed with the last of them.

    Why: `configure()` and `opentelemetry-instrument` create the three exporters separately; sharing one
    store means one pool of connections and one retention purge per file, not three.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: dict[tuple[Any, ...], tuple[TraceStore, int]] = {}

    def acquire(self, path: str | os.PathLike[str] | None, options: dict[str, Any]) -> tuple[TraceStore, Any]:
        try:
            key = (resolve_path(path), tuple(sorted(options.items())))
            hash(key)
        except TypeError:  # options that cannot be compared: a store of its own
            store = TraceStore(path, **options)
            return store, store.close
        with self._lock:
            store, users = self._stores.get(key) or (TraceStore(path, **options), 0)
            self._stores[key] = (store, users + 1)
        return store, lambda: self._release(key)

    def _release(self, key: tuple[Any, ...]) -> None:
        with self._lock:
            store, users = self._stores[key]
            if users > 1:
                self._stores[key] = (store, users - 1)
                return
            del self._stores[key]
        store.close()


_SHARED = _SharedStores()


class _StoreOwner:
    """Holds the store: a TraceStore passed in is the caller's (not closed), a path shares the one store
    of that file with the other exporters given it, closed when the last of them shuts down."""

    def __init__(self, store: StoreArg, options: dict[str, Any]) -> None:
        if isinstance(store, TraceStore):
            self.store, self._release = store, None
        else:
            self.store, self._release = _SHARED.acquire(store, options)
        self._stopped = False

    def _write(self, what: str, count: int, write: Any) -> bool:
        if self._stopped:
            return False
        try:
            write()
            return True
        except StoreError as exc:
            _logger.warning("genotel-store: %d %s not stored: %s", count, what, exc)
        except Exception:
            _logger.exception("genotel-store: %d %s not stored", count, what)
        return False

    def _stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            if self._release is not None:
                self._release()


class StoreSpanExporter(_StoreOwner, SpanExporter):
    """Writes each batch of finished spans into the store in one transaction."""

    def __init__(self, store: StoreArg = None, **store_options: Any) -> None:
        _StoreOwner.__init__(self, store, store_options)

    def export(self, spans: Sequence[Any]) -> SpanExportResult:
        ok = self._write("spans", len(spans), lambda: self.store.write_spans(spans))
        return SpanExportResult.SUCCESS if ok else SpanExportResult.FAILURE

    def shutdown(self) -> None:
        self._stop()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True  # every export is committed before it returns


class StoreLogExporter(_StoreOwner, _LogExporterBase):  # type: ignore[misc,valid-type]
    """Writes log records (GenAI events such as `gen_ai.choice`) with their trace and span ids."""

    def __init__(self, store: StoreArg = None, **store_options: Any) -> None:
        _StoreOwner.__init__(self, store, store_options)

    def export(self, batch: Sequence[Any]) -> Any:
        ok = self._write("log records", len(batch), lambda: self.store.write_logs(batch))
        return _LogResult.SUCCESS if ok else _LogResult.FAILURE

    def shutdown(self) -> None:
        self._stop()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


class StoreMetricExporter(_StoreOwner, MetricExporter):
    """Writes every data point; histograms and counters are asked for in DELTA temporality so that a
    sum over a time range is what happened in that range."""

    def __init__(self, store: StoreArg = None, preferred_aggregation: Any = None, **store_options: Any) -> None:
        MetricExporter.__init__(
            self, preferred_temporality=dict(DELTA_TEMPORALITY), preferred_aggregation=preferred_aggregation
        )
        _StoreOwner.__init__(self, store, store_options)

    def export(self, metrics_data: Any, timeout_millis: float = 10_000, **kwargs: Any) -> MetricExportResult:
        ok = self._write("metric batches", 1, lambda: self.store.write_metrics(metrics_data))
        return MetricExportResult.SUCCESS if ok else MetricExportResult.FAILURE

    def force_flush(self, timeout_millis: float = 10_000) -> bool:
        return True

    def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
        self._stop()
