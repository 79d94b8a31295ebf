"""One implementation in one mode, in its own process: answers the orchestrator's commands on stdin.

``python worker.py IMPLEMENTATION MODE`` installs the in-memory pipelines, instruments (or not),
warms up, then reads one JSON command per line and writes one JSON answer per line:
``{"time": {"calls": N, "stream_calls": M, "long_calls": L}}`` (µs per call per scenario), ``{"memory": {...}}``
(tracemalloc peak per call, retained growth over many calls), ``{"telemetry": {"detail": false}}`` (what
one call of each scenario exported, and how many messages reached the server: a peer that skips a
scenario, or empties a generator passed as messages=, must not look fast), ``{"quit": {}}``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from implementations import MODES_BY_KEY, instrument, versions
from opentelemetry import _logs, metrics, trace
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from switch import Snapshot, Switch, snapshot


class Pipelines:
    """The same span, log and metric pipelines for every implementation, bare included."""

    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        self.logs = InMemoryLogRecordExporter()
        self.metric_reader = InMemoryMetricReader()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.logger_provider = LoggerProvider()
        self.logger_provider.add_log_record_processor(SimpleLogRecordProcessor(self.logs))
        self.meter_provider = MeterProvider(metric_readers=[self.metric_reader])
        trace.set_tracer_provider(self.tracer_provider)
        _logs.set_logger_provider(self.logger_provider)
        metrics.set_meter_provider(self.meter_provider)

    def providers(self) -> dict[str, Any]:
        return {
            "tracer_provider": self.tracer_provider,
            "logger_provider": self.logger_provider,
            "meter_provider": self.meter_provider,
        }

    def clear(self) -> None:
        self.spans.clear()
        self.logs.clear()


def _heavy(name: str) -> bool:
    return "stream" in name or "long" in name


class Worker:
    def __init__(self, implementation: str, mode_key: str) -> None:
        self.pipelines = Pipelines()
        self.implementation = implementation
        self.loop = asyncio.new_event_loop()
        import scenarios
        from canned import RECEIVED

        self.received = RECEIVED
        before: Snapshot = {}
        self.own_exports: dict[str, int] = {}
        if implementation != "bare":
            # Each scenario once, bare: the SDKs are imported, as by an application that instruments in code
            # after its imports, and what they load lazily is loaded, so each patch has a value to go back to.
            self._call_each(*scenarios.build(self.loop))
            before = snapshot(set(sys.modules))  # every module: a suite may import its SDK before this worker starts
        instrument(implementation, MODES_BY_KEY[mode_key], self.pipelines.providers())
        self.sync, self.batch_async = scenarios.build(self.loop)
        self.switch = Switch(before, snapshot(set(sys.modules)))
        self.instrumented = implementation != "bare"

    def _call_each(self, sync: dict[str, Any], batches: dict[str, Any]) -> None:
        """Each scenario once; what the bare SDK exported by itself per call (mistralai 1.x traces its own calls)."""
        for name, call in sync.items():
            self.pipelines.clear()
            call()
            self.own_exports[name] = self._exported()
        for name, batch in batches.items():
            self.pipelines.clear()
            self.loop.run_until_complete(batch(1))
            self.own_exports[name] = self._exported()
        self.pipelines.clear()

    def _exported(self) -> int:
        return len(self.pipelines.spans.get_finished_spans()) + len(self.pipelines.logs.get_finished_logs())

    def run_batch(self, name: str, calls: int) -> float:
        """Seconds for ``calls`` calls of scenario ``name``."""
        if name in self.sync:
            call = self.sync[name]
            start = time.perf_counter()
            for _ in range(calls):
                call()
            return time.perf_counter() - start
        return self.loop.run_until_complete(self.batch_async[name](calls))

    def names(self) -> list[str]:
        return [*self.sync, *self.batch_async]

    def warm_up(self) -> dict[str, str]:
        """Each scenario three times; one whose call the instrumentation breaks (it raises) is dropped.

        Returns the dropped scenarios with the error the user's call got, for the report.
        """
        broken = {}
        for name in self.names():
            try:
                self.run_batch(name, 3)
            except Exception as error:
                broken[name] = f"{type(error).__name__}: {error}"[:160]
                self.sync.pop(name, None)
                self.batch_async.pop(name, None)
        self.pipelines.clear()
        return broken

    def time(
        self, calls: int, stream_calls: int, long_calls: int, paired: bool = False, bare_first: bool = True
    ) -> dict[str, Any]:
        """µs per call of each scenario, over ``calls`` calls (short ones), ``stream_calls`` or ``long_calls``.

        ``paired``: each scenario's batch twice in this process, with the instrumentation switched off and
        on (``switch.py``; off first when ``bare_first``), ``{"bare": µs, "instrumented": µs, "exported_off": n}``.
        Two processes running the same bare SDK differ by 1-4% for the life of the process (memory layout,
        hash seeds), as much as the overheads compared here; within one process that difference cancels.
        ``exported_off`` counts the spans and log records the calls exported while switched off, beyond what
        the bare SDK exports by itself: 0 unless the implementation patched something the switch could not
        put back.
        """
        results: dict[str, Any] = {}
        for name in self.names():
            count = stream_calls if "stream" in name else long_calls if "long" in name else calls
            if not paired or self.implementation == "bare":
                results[name] = self._timed(name, count)[0]
                continue
            pair: dict[str, float] = {}
            for state in ("bare", "instrumented") if bare_first else ("instrumented", "bare"):
                if self._switch(state == "instrumented"):
                    self.run_batch(name, 1)  # the first call after a switch fills caches: not timed
                    self.pipelines.clear()
                pair[state], exported = self._timed(name, count)
                if state == "bare":
                    pair["exported_off"] = max(0, exported - self.own_exports.get(name, 0) * count)
            results[name] = pair
        self._switch(True)
        return results

    def _timed(self, name: str, count: int) -> tuple[float, int]:
        """µs per call over a batch, and how many spans and log records the batch exported."""
        gc.collect()
        elapsed = self.run_batch(name, count) / count * 1e6
        exported = self._exported()
        self.pipelines.clear()
        return elapsed, exported

    def _switch(self, on: bool) -> bool:
        """Instrumentation on or off; whether that changed anything."""
        if on == self.instrumented or self.implementation == "bare":
            return False
        if on:
            self.switch.on()
        else:
            self.switch.off()
        self.instrumented = on
        return True

    def memory(self, peak_calls: int, retained_calls: int, retained_stream_calls: int) -> dict[str, Any]:
        gc.collect()
        tracemalloc.start()
        peaks = {}
        for name in self.names():
            samples = []
            for _ in range(peak_calls):
                before = tracemalloc.get_traced_memory()[0]
                tracemalloc.reset_peak()
                self.run_batch(name, 1)
                samples.append(tracemalloc.get_traced_memory()[1] - before)
            peaks[name] = statistics.median(samples)
            self.pipelines.clear()
        retained = self._retained(retained_calls, retained_stream_calls)
        tracemalloc.stop()
        return {"peak_bytes": peaks, **retained}

    def _retained(self, calls: int, stream_calls: int) -> dict[str, Any]:
        """Growth of traced memory over many calls, exporters cleared: what the instrumentation keeps.

        ``calls`` go round-robin to the short non-stream scenarios, ``stream_calls`` to the streams and
        long histories (one of those costs as much as dozens of short calls).
        """
        plain = [name for name in self.names() if not _heavy(name)]
        streams = [name for name in self.names() if _heavy(name)]
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        for i in range(calls // 10 if plain else 0):  # a worker may have no scenario of a kind left (broken ones)
            self.run_batch(plain[i % len(plain)], 10)
            if i % 100 == 0:
                self.pipelines.clear()
        for i in range(stream_calls if streams else 0):
            self.run_batch(streams[i % len(streams)], 1)
            if i % 10 == 0:
                self.pipelines.clear()
        self.pipelines.clear()
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
        return {"retained_bytes": end - start, "retained_calls": calls, "retained_stream_calls": stream_calls}

    def telemetry(self, detail: bool = False) -> dict[str, Any]:
        """Spans and log records one call of each scenario exported, and the messages its request carried.

        Always the counts, the span attribute keys and the log record names; with ``detail``, the
        attribute values, the log records whole and the metric points too (``check_floor.py``).
        """
        exported = {}
        for name in self.names():
            self.pipelines.clear()
            before = _point_counts(self.pipelines.metric_reader.get_metrics_data())  # drains earlier exemplars
            self.run_batch(name, 1)
            spans = self.pipelines.spans.get_finished_spans()
            logs = [entry.log_record for entry in self.pipelines.logs.get_finished_logs()]
            metrics_data = self.pipelines.metric_reader.get_metrics_data()
            recorded = _recorded_points(metrics_data, before, {span.context.span_id for span in spans})
            exported[name] = {
                "spans": len(spans),
                "span_attributes": sum(len(span.attributes or {}) for span in spans),
                "log_records": len(logs),
                "points_recorded": len(recorded),
                "points_in_span": sum(recorded.values()),
                "point_attributes": sum(len(attributes) for _, attributes in recorded),
                "messages_sent": self.received["messages"],
                "span_keys": sorted(key for span in spans for key in span.attributes or {}),
                "log_names": [record.event_name for record in logs],
            }
            if detail:
                exported[name].update(_detail(spans, logs, metrics_data))
        self.pipelines.clear()
        return exported


def _points(data: Any) -> Iterator[tuple[str, Any]]:
    """Every metric point a reader collected, with its metric's name."""
    for resource in data.resource_metrics if data else ():
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points:
                    yield metric.name, point


def _point_counts(data: Any) -> dict[tuple[str, frozenset[Any]], Any]:
    """Each metric point's running total (a histogram's count, a sum's value), by metric and attributes."""
    counts = {}
    for name, point in _points(data):
        total = getattr(point, "count", getattr(point, "value", None))
        counts[name, frozenset(point.attributes.items())] = (total, point)
    return counts


def _recorded_points(data: Any, before: dict[Any, Any], span_ids: set[int]) -> dict[Any, bool]:
    """The points one call recorded (their totals moved), each with whether it holds an exemplar of the call's span.

    An implementation that records its points outside the span's context has none (the SDK's default
    exemplar filter samples only measurements made inside a sampled span).
    """
    recorded = {}
    for key, (total, point) in _point_counts(data).items():
        if key not in before or before[key][0] != total:
            recorded[key] = any(exemplar.span_id in span_ids for exemplar in getattr(point, "exemplars", ()))
    return recorded


def _detail(spans: Any, logs: list[Any], data: Any) -> dict[str, Any]:
    """Span names and attributes, log records, and the metric points that have an exemplar of this call's span."""
    span_ids = {span.context.span_id for span in spans}
    records = [
        {
            "name": record.event_name,
            "body": record.body,
            "attributes": dict(record.attributes or {}),
            "in_span": record.span_id in span_ids,
        }
        for record in logs
    ]
    points = [
        [name, sorted(point.attributes.items())]
        for name, point in _points(data)
        if any(exemplar.span_id in span_ids for exemplar in point.exemplars)
    ]
    return {
        "span_names": [span.name for span in spans],
        "span_kinds": [span.kind.name for span in spans],
        "span_attribute_values": {key: value for span in spans for key, value in (span.attributes or {}).items()},
        "log_record_details": records,
        "metric_points": sorted(points),
    }


def main() -> None:
    implementation, mode_key = sys.argv[1], sys.argv[2]
    worker = Worker(implementation, mode_key)
    broken = worker.warm_up()
    print(json.dumps({"ready": True, "versions": versions(implementation), "broken": broken}), flush=True)
    commands: dict[str, Callable[..., Any]] = {
        "time": worker.time,
        "memory": worker.memory,
        "telemetry": worker.telemetry,
    }
    for line in sys.stdin:
        command, arguments = next(iter(json.loads(line).items()))
        if command == "quit":
            break
        print(json.dumps(commands[command](**arguments), default=list), flush=True)
    worker.loop.run_until_complete(worker.loop.shutdown_asyncgens())


if __name__ == "__main__":
    main()
