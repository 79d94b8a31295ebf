"""One GenAI call's telemetry: span, content emitters and metrics, finished exactly once."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from itertools import islice
from threading import Lock
from time import perf_counter
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry._logs import get_logger
from opentelemetry.metrics import get_meter
from opentelemetry.trace import SpanKind, Status, StatusCode, get_tracer, set_span_in_context

from . import semconv as sc
from .adapter import Accumulator, Adapter
from .attributes import metric_attributes, request_attributes, response_attributes, span_name
from .budget import fit_strings, span_room
from .config import SEMCONV_LATEST, Config
from .emitters import build_content_emitters
from .guard import call_safely
from .metrics import Metrics
from .model import Request, Response
from .security import names as security_names
from .security.runner import DetectorRunner
from .security.signals import safety_attributes
from .semconv import VOCABULARY_1_36, VOCABULARY_LATEST
from .streams import observable, observed

# Set while a genotel-instrumented call runs, so a call nested inside it gets no second span.
IN_GENAI_CALL_KEY = otel_context.create_key("genotel-genai-call")

_NO_HOOKS = Adapter()  # the defaults, for invocations started without an endpoint (tests, manual use)


class Telemetry:
    """Everything an instrumentor emits with, built once at ``instrument()`` from the frozen config."""

    __slots__ = (
        "active", "buffers_text", "capture", "config", "detectors", "emitters", "messages_need_recording",
        "metrics", "reads_text", "tracer", "vocabulary",
    )  # fmt: skip

    def __init__(self, config: Config, scope: str, version: str) -> None:
        # False from uninstrument() on: a wrapper an SDK kept elsewhere (a method it bound to a client
        # object, a reference the application took) then passes calls straight through.
        self.active = True
        self.config = config
        self.vocabulary = VOCABULARY_LATEST if config.semconv == SEMCONV_LATEST else VOCABULARY_1_36
        self.tracer = get_tracer(scope, version, tracer_provider=config.tracer_provider)
        self.metrics = Metrics(get_meter(scope, version, meter_provider=config.meter_provider))
        logger = get_logger(scope, version, logger_provider=config.logger_provider)
        self.emitters = build_content_emitters(config, self.vocabulary, logger)
        # Attribute emitters write only to the span: a span that records nothing needs no messages.
        self.messages_need_recording = all(emitter.on_span for emitter in self.emitters)
        self.capture = config.capture_content
        self.detectors = (
            DetectorRunner(config.detectors, config.detector_budget_ms, logger, self.vocabulary.provider_key)
            if config.detectors
            else None
        )
        # Detectors read the text even with content capture off: messages are converted for them.
        self.reads_text = bool(self.emitters) or self.detectors is not None
        self.buffers_text = self.capture or self.detectors is not None

    def start(self, request: Request, adapter: Adapter = _NO_HOOKS, is_async: bool = False) -> Invocation:
        return Invocation(self, request, adapter, is_async)


class Invocation:
    """The handle an adapter's ``wrap`` gets: ``observe`` a stream, or ``finish`` with the response."""

    __slots__ = (
        "adapter", "context", "first_chunk", "is_async", "once", "request", "span", "started", "telemetry",
        "with_messages",
    )  # fmt: skip

    def __init__(self, telemetry: Telemetry, request: Request, adapter: Adapter, is_async: bool) -> None:
        self.telemetry = telemetry
        self.request = request
        self.adapter = adapter
        self.is_async = is_async
        self.span = span = telemetry.tracer.start_span(
            span_name(request), kind=SpanKind.CLIENT, attributes=request_attributes(request, telemetry.vocabulary)
        )
        # Whether messages are converted at all: some emitter records them, where it can.
        self.with_messages = telemetry.reads_text and (span.is_recording() or not telemetry.messages_need_recording)
        self.context = otel_context.set_value(IN_GENAI_CALL_KEY, True, set_span_in_context(span))
        self.started = perf_counter()
        self.first_chunk: float | None = None
        self.once = Lock()  # taken by the first finish, never released: finishing is atomic across threads

    @property
    def capture(self) -> bool:
        """Whether streamed text is buffered: only when content is captured and recorded, or detectors read it."""
        return self.telemetry.buffers_text and self.with_messages

    def observe(
        self,
        stream: Any,
        closes_with: Any = None,
        read: Iterable[Any] = (),
        accumulator: Accumulator | None = None,
        in_place: bool = False,
    ) -> Any:
        """The SDK's ``stream``, observed in place; finished at once when it cannot be observed.

        Closing ``closes_with`` (the stream's HTTP response, say) ends the stream too. ``read``
        holds chunks the SDK already took from the stream before returning it (google-generativeai
        reads the first one inside the call): they count first, and stamp the time to first chunk.
        An adapter whose chunks depend on the request (Bedrock's invoke bodies) passes its own
        ``accumulator``. ``in_place`` observes the stream object itself (see :func:`observed`).
        """
        if accumulator is None:
            accumulator = self.adapter.accumulator(self.capture)
        # An async generator method (``async def`` with ``yield``, cohere's ``AsyncClientV2.chat_stream``)
        # is called without ``await``, through the sync wrapper: its stream is async all the same.
        is_async = self.is_async or (observable(stream, True) and not observable(stream, False))
        if accumulator is None or not observable(stream, is_async):
            # e.g. a raw-response wrapper around a stream: reading it would consume the user's stream.
            self.finish(None)
            return stream
        for chunk in read:
            self.chunk_arrived()
            accumulator.add(chunk)
        return observed(stream, self, accumulator, is_async, closes_with, in_place)

    def chunk_arrived(self) -> None:
        if self.first_chunk is None:
            self.first_chunk = perf_counter() - self.started

    def finish(self, response: Response | None, error: BaseException | None = None) -> None:
        """End the span and record metrics; later calls, from any thread, do nothing.

        Each step is guarded on its own, so a failing log processor cannot cost the span its
        error status, nor the call its metrics.
        """
        if not self.once.acquire(blocking=False):
            return
        duration = perf_counter() - self.started
        error_type = None
        if error is not None:
            error_type = call_safely(self.adapter.error_type, error) or type(error).__qualname__
            call_safely(self._record_error, error, error_type)
            if response is None:
                response = call_safely(self.adapter.response_from_error, error, self.with_messages)
        call_safely(self._set_attributes, response, duration)
        call_safely(self.span.end)
        call_safely(self._record_metrics, response, duration, error_type)

    def _set_attributes(self, response: Response | None, duration: float) -> None:
        """Response and content attributes in one call, within the span's limits.

        The contract's attributes come first; content gets the slots that remain, and JSON
        values are shortened inside, so the SDK neither evicts nor cuts anything.
        """
        span = self.span
        attributes = response_attributes(response, self.telemetry.capture) if response is not None else {}
        if self.first_chunk is not None:
            attributes[sc.RESPONSE_TIME_TO_FIRST_CHUNK] = self.first_chunk
        if self.telemetry.detectors is not None and self.with_messages:
            safety = self._detect(response, duration, attributes)
            if safety is not None:
                attributes.update(safety_attributes(safety, self.telemetry.capture))
        free, max_length = span_room(span)
        if free is not None and len(attributes) > free:
            attributes = dict(islice(attributes.items(), free))
        room = None if free is None else free - len(attributes)
        content: dict[str, Any] = {}
        for emitter in self.telemetry.emitters:
            call_safely(emitter.emit, span, self.request, response, content, room)
        attributes.update(content)
        if max_length is not None:
            fit_strings(attributes, max_length)
        if attributes:
            span.set_attributes(attributes)

    def _detect(self, response: Response | None, duration: float, attributes: dict[str, Any]) -> Any:
        """Local detectors' findings (and the timings security tools read), merged with the provider's."""
        telemetry = self.telemetry
        attributes[security_names.PERFORMANCE_RESPONSE_TIME] = duration * 1000
        if self.first_chunk is not None:
            attributes[security_names.PERFORMANCE_START_RESPONSE_TIME] = self.first_chunk * 1000
        provider = telemetry.vocabulary.provider(self.request.provider)
        runner = telemetry.detectors
        assert runner is not None
        safety = response.safety if response is not None else None
        merged = call_safely(runner.run, self.span, self.request, response, provider, attributes)
        return merged if merged is not None else safety

    def _record_error(self, error: BaseException, error_type: str) -> None:
        """Error status and exception event; with content off, no message that could carry content."""
        span = self.span
        span.set_attribute(sc.ERROR_TYPE, error_type)
        message = str(error) if self.telemetry.capture else self.adapter.safe_error_message(error)
        if message is not None:
            span.record_exception(error)
        else:
            span.add_event("exception", content_free_exception(error))
        span.set_status(Status(StatusCode.ERROR, message))

    def _record_metrics(self, response: Response | None, duration: float, error_type: str | None) -> None:
        telemetry = self.telemetry
        telemetry.metrics.record(
            metric_attributes(self.request, response, telemetry.vocabulary, error_type),
            duration,
            response.usage if response is not None else None,
            self.first_chunk,
            self.context,
        )


def content_free_exception(error: BaseException) -> dict[str, str]:
    """The exception event's type and stack, without the message (nor chained exceptions' messages)."""
    cls = type(error)
    name = cls.__qualname__ if cls.__module__ in (None, "builtins") else f"{cls.__module__}.{cls.__qualname__}"
    frames = "".join(traceback.format_tb(error.__traceback__))
    return {"exception.type": name, "exception.stacktrace": f"Traceback (most recent call last):\n{frames}{name}\n"}
