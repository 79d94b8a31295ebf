"""In-memory OpenTelemetry pipelines, the eight modes, and cassette replay."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vcr
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, SpanLimits, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import Sampler


@dataclass(frozen=True)
class Mode:
    semconv: str
    use_legacy_attributes: bool
    capture_content: bool

    @property
    def latest(self) -> bool:
        return self.semconv == "latest"

    @property
    def kwargs(self) -> dict[str, Any]:
        return {
            "semconv": self.semconv,
            "use_legacy_attributes": self.use_legacy_attributes,
            "capture_content": self.capture_content,
        }

    def __str__(self) -> str:
        where = "attributes" if self.use_legacy_attributes else "events"
        return f"{self.semconv}-{where}-content_{'on' if self.capture_content else 'off'}"


MODES = tuple(
    Mode(semconv, legacy, capture)
    for semconv in ("1.36", "latest")
    for legacy in (True, False)
    for capture in (True, False)
)


@dataclass(frozen=True)
class LogEvent:
    name: str | None
    body: Any
    attributes: dict[str, Any]
    span_id: int
    trace_id: int


class OtelHarness:
    """SDK providers wired to in-memory exporters; pass ``providers`` to ``instrument()``.

    ``span_limits`` and ``sampler`` go to the tracer provider, as an application would set them.
    """

    def __init__(self, span_limits: SpanLimits | None = None, sampler: Sampler | None = None) -> None:
        self.span_exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider(span_limits=span_limits, sampler=sampler)
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.span_exporter))
        self.log_exporter = InMemoryLogRecordExporter()
        self.logger_provider = LoggerProvider()
        self.logger_provider.add_log_record_processor(SimpleLogRecordProcessor(self.log_exporter))
        self.metric_reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.metric_reader])

    @property
    def providers(self) -> dict[str, Any]:
        return {
            "tracer_provider": self.tracer_provider,
            "logger_provider": self.logger_provider,
            "meter_provider": self.meter_provider,
        }

    def spans(self) -> list[ReadableSpan]:
        return list(self.span_exporter.get_finished_spans())

    def events(self) -> list[LogEvent]:
        events = []
        for readable in self.log_exporter.get_finished_logs():
            record: Any = getattr(readable, "log_record", readable)
            events.append(
                LogEvent(
                    record.event_name,
                    plain(record.body),
                    plain(dict(record.attributes or {})),
                    record.span_id,
                    record.trace_id,
                )
            )
        return events

    def metric_points(self) -> dict[str, list[Any]]:
        """Metric name -> its data points (histogram points carry count, sum, bounds, attributes)."""
        data = self.metric_reader.get_metrics_data()
        points: dict[str, list[Any]] = {}
        for resource_metrics in data.resource_metrics if data else ():
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    points.setdefault(metric.name, []).extend(metric.data.data_points)
        return points

    def clear(self) -> None:
        self.span_exporter.clear()
        self.log_exporter.clear()

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
        self.logger_provider.shutdown()
        self.meter_provider.shutdown()


def plain(value: Any) -> Any:
    """Exported structured values use tuples and mapping proxies; compare them as lists and dicts."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if hasattr(value, "items"):
        return {key: plain(item) for key, item in value.items()}
    return value


@contextlib.contextmanager
def instrumented(instrumentor: Any, otel: OtelHarness, mode: Mode | None = None, **kwargs: Any) -> Iterator[Any]:
    """Instrument with the harness providers (and a mode) for the duration of a block."""
    options = {**otel.providers, **(mode.kwargs if mode else {}), **kwargs}
    instrumentor.instrument(**options)
    try:
        yield instrumentor
    finally:
        instrumentor.uninstrument()


def sent_json(sent: list[Any]) -> Any:
    """The one JSON body the SDK sent during a replay with ``sent`` (vcrpy shows each request more than once)."""
    (body,) = {request.body for request in sent}
    return json.loads(body)


def same_method(sent: Any, recorded: Any) -> None:
    """HTTP methods match whatever their case: aiohttp keeps the caller's spelling (google-genai says "post")."""
    assert sent.method.upper() == recorded.method.upper()


@contextlib.contextmanager
def cassette(directory: Path, name: str, sent: list[Any] | None = None) -> Iterator[Any]:
    """Replay ``directory/name.yaml`` only: a test never reaches the network.

    With ``sent``, the requests the SDK makes are appended to it (vcrpy requests: ``.body`` is
    what went over the wire; vcrpy shows each one more than once), so a test can check that
    instrumentation changed nothing the SDK sends.
    """

    def seen(request: Any) -> Any:
        if sent is not None:
            sent.append(request)
        return request

    recorder = vcr.VCR(
        cassette_library_dir=str(directory),
        record_mode="none",
        match_on=["method", "scheme", "host", "port", "path", "query"],
        decode_compressed_response=True,
        before_record_request=seen,
    )
    recorder.register_matcher("method", same_method)
    with recorder.use_cassette(f"{name}.yaml") as recording:
        if sent is not None:
            sent.clear()  # the recorded requests went through the hook on loading
        yield recording
