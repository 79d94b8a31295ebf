"""One GenAI call's telemetry: span, content emitters and metrics, finished exactly once."""

from __future__ import annotations

from time import perf_counter
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry._logs import get_logger
from opentelemetry.metrics import get_meter
from opentelemetry.trace import SpanKind, Status, StatusCode, get_tracer, set_span_in_context

from . import semconv as sc
from .attributes import metric_attributes, request_attributes, response_attributes, span_name
from .config import SEMCONV_LATEST, Config
from .emitters import build_content_emitters
from .guard import call_safely
from .metrics import Metrics
from .model import Request, Response
from .semconv import VOCABULARY_1_36, VOCABULARY_LATEST

# Set while a genotel-instrumented call runs, so a call nested inside it gets no second span.
IN_GENAI_CALL_KEY = otel_context.create_key("genotel-genai-call")


class Telemetry:
    """Everything an instrumentor emits with, built once at ``instrument()`` from the frozen config."""

    __slots__ = ("capture", "config", "emitters", "metrics", "tracer", "vocabulary", "with_messages")

    def __init__(self, config: Config, scope: str, version: str) -> None:
        self.config = config
        self.vocabulary = VOCABULARY_LATEST if config.semconv == SEMCONV_LATEST else VOCABULARY_1_36
        self.tracer = get_tracer(scope, version, tracer_provider=config.tracer_provider)
        self.metrics = Metrics(get_meter(scope, version, meter_provider=config.meter_provider))
        logger = get_logger(scope, version, logger_provider=config.logger_provider)
        self.emitters = build_content_emitters(config, self.vocabulary, logger)
        # Adapters convert messages only when some emitter records them, and buffer
        # streamed text only when content is captured.
        self.with_messages = bool(self.emitters)
        self.capture = config.capture_content

    def start(self, request: Request) -> Invocation:
        return Invocation(self, request)


class Invocation:
    __slots__ = ("context", "finished", "first_chunk", "request", "span", "started", "telemetry")

    def __init__(self, telemetry: Telemetry, request: Request) -> None:
        self.telemetry = telemetry
        self.request = request
        self.span = telemetry.tracer.start_span(
            span_name(request), kind=SpanKind.CLIENT, attributes=request_attributes(request, telemetry.vocabulary)
        )
        self.context = otel_context.set_value(IN_GENAI_CALL_KEY, True, set_span_in_context(self.span))
        self.started = perf_counter()
        self.first_chunk: float | None = None
        self.finished = False

    def chunk_arrived(self) -> None:
        if self.first_chunk is None:
            self.first_chunk = perf_counter() - self.started

    def finish(self, response: Response | None, error: BaseException | None = None) -> None:
        """End the span and record metrics; later calls do nothing.

        Each step is guarded on its own, so a failing log processor cannot cost the span its
        error status, nor the call its metrics.
        """
        if self.finished:
            return
        self.finished = True
        duration = perf_counter() - self.started
        error_type = type(error).__qualname__ if error is not None else None
        span = self.span
        if error is not None:
            call_safely(self._record_error, error, error_type)
        # Response and content attributes are gathered first and set in one call (one lock, one pass).
        attributes: dict[str, Any] = {}
        if response is not None:
            attributes = call_safely(response_attributes, response) or attributes
        if self.first_chunk is not None:
            attributes[sc.RESPONSE_TIME_TO_FIRST_CHUNK] = self.first_chunk
        for emitter in self.telemetry.emitters:
            call_safely(emitter.emit, span, self.request, response, attributes)
        if attributes:
            call_safely(span.set_attributes, attributes)
        call_safely(span.end)
        call_safely(self._record_metrics, response, duration, error_type)

    def _record_error(self, error: BaseException, error_type: str | None) -> None:
        span = self.span
        span.set_attribute(sc.ERROR_TYPE, error_type)
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, str(error)))

    def _record_metrics(self, response: Response | None, duration: float, error_type: str | None) -> None:
        telemetry = self.telemetry
        telemetry.metrics.record(
            metric_attributes(self.request, response, telemetry.vocabulary, error_type),
            duration,
            response.usage if response is not None else None,
            self.first_chunk,
        )
