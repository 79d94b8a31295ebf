"""The floor: the least any instrumentation meeting the telemetry contract pays in a mode, as a reference column.

Every mode: one CLIENT span with the request attributes at start and the response attributes at
end (streams: the time to first chunk too), and the histogram points of a call (duration, input
and output tokens, and the time to first chunk for streams), recorded in the span's context.
Then what the mode adds (``floor_content.py``): the indexed ``gen_ai.prompt.*`` /
``gen_ai.completion.*`` attributes with content on in attributes mode, the 1.36 log-record events
(with or without content) in events mode. Straight-line code over what the benchmark's scenarios
pass and get back: no guard, no type-preserving proxy, no context propagation, no input it does
not meet. A measuring stick, not an instrumentor.
"""

from __future__ import annotations

import time
from typing import Any

import floor_content
import suites
import wrapt
from opentelemetry.trace import SpanKind, set_span_in_context

PROVIDERS = {"openai": ("openai", "api.openai.com"), "anthropic": ("anthropic", "api.anthropic.com")}
PATCHES = (
    ("openai.resources.chat.completions", "Completions.create", "openai", False),
    ("openai.resources.chat.completions", "AsyncCompletions.create", "openai", True),
    ("anthropic.resources.messages", "Messages.create", "anthropic", False),
    ("anthropic.resources.messages", "AsyncMessages.create", "anthropic", True),
)
DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
TOKEN_BUCKETS = [4**power for power in range(14)]
SPAN_ATTRIBUTE_LIMIT = 128  # the SDK's default, which the worker's TracerProvider keeps


class _Telemetry:
    """The mode and the instruments, made once."""

    def __init__(self, providers: dict[str, Any], legacy: bool, content: bool) -> None:
        self.legacy, self.content = legacy, content
        self.tracer = providers["tracer_provider"].get_tracer("floor")
        self.logger = providers["logger_provider"].get_logger("floor")
        meter = providers["meter_provider"].get_meter("floor")
        self.duration = meter.create_histogram(
            "gen_ai.client.operation.duration", unit="s", explicit_bucket_boundaries_advisory=DURATION_BUCKETS
        )
        self.token_usage = meter.create_histogram(
            "gen_ai.client.token.usage", unit="{token}", explicit_bucket_boundaries_advisory=TOKEN_BUCKETS
        )
        self.time_to_first_chunk = meter.create_histogram(
            "gen_ai.client.operation.time_to_first_chunk",
            unit="s",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
        )


class _Call:
    """One call: its span, and the response facts gathered for its end."""

    __slots__ = (
        "attributes",
        "first_chunk",
        "input_tokens",
        "kwargs",
        "metric_attributes",
        "output",
        "output_tokens",
        "provider",
        "span",
        "start_attributes",
        "started",
        "telemetry",
        "texts",
    )

    def __init__(self, telemetry: _Telemetry, provider: str, kwargs: dict[str, Any]) -> None:
        system, host = PROVIDERS[provider]
        model = kwargs["model"]
        self.metric_attributes = {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": system,
            "gen_ai.request.model": model,
            "server.address": host,
            "server.port": 443,
        }
        self.start_attributes = self.metric_attributes
        if "max_tokens" in kwargs:
            self.start_attributes = {**self.metric_attributes, "gen_ai.request.max_tokens": kwargs["max_tokens"]}
        self.telemetry, self.provider, self.kwargs = telemetry, provider, kwargs
        self.span = telemetry.tracer.start_span(f"chat {model}", kind=SpanKind.CLIENT, attributes=self.start_attributes)
        self.started = time.perf_counter()
        self.attributes: dict[str, Any] = {}
        self.input_tokens = self.output_tokens = 0
        self.first_chunk: float | None = None
        self.output: list[floor_content.Output] = []  # the completions, for the modes that record them
        self.texts: list[str] = []  # a stream's text deltas, when content is captured

    def end(self) -> None:
        telemetry, span = self.telemetry, self.span
        attributes = {
            **self.attributes,
            "gen_ai.usage.input_tokens": self.input_tokens,
            "gen_ai.usage.output_tokens": self.output_tokens,
        }
        if self.first_chunk is not None:
            attributes["gen_ai.response.time_to_first_chunk"] = self.first_chunk
        if self.texts:
            self.output[0] = ("assistant", "".join(self.texts), [], self.output[0][3])
        context = set_span_in_context(span)
        if not telemetry.legacy:
            floor_content.emit_events(telemetry, self.provider, self.kwargs, self.output, context)
        elif telemetry.content:
            room = SPAN_ATTRIBUTE_LIMIT - len(self.start_attributes) - len(attributes)
            attributes.update(floor_content.legacy_attributes(self.provider, self.kwargs, self.output, room))
        span.set_attributes(attributes)
        span.end()
        duration = time.perf_counter() - self.started
        labels = {**self.metric_attributes, "gen_ai.response.model": self.attributes["gen_ai.response.model"]}
        telemetry.duration.record(duration, labels, context)
        if self.first_chunk is not None:
            telemetry.time_to_first_chunk.record(self.first_chunk, labels, context)
        telemetry.token_usage.record(self.input_tokens, {**labels, "gen_ai.token.type": "input"}, context)
        telemetry.token_usage.record(self.output_tokens, {**labels, "gen_ai.token.type": "output"}, context)

    def response(self, result: Any) -> None:
        """A whole response: OpenAI ChatCompletion or Anthropic Message."""
        usage = result.usage
        if self.provider == "openai":
            reasons = [choice.finish_reason for choice in result.choices]
            self.input_tokens, self.output_tokens = usage.prompt_tokens, usage.completion_tokens
        else:
            reasons = [result.stop_reason]
            self.input_tokens, self.output_tokens = usage.input_tokens, usage.output_tokens
        self.attributes = {
            "gen_ai.response.id": result.id,
            "gen_ai.response.model": result.model,
            "gen_ai.response.finish_reasons": reasons,
        }
        telemetry = self.telemetry
        if telemetry.content or not telemetry.legacy:
            self.output = floor_content.outputs(self.provider, result, telemetry.content)

    def openai_chunk(self, chunk: Any) -> None:
        if chunk.choices:
            if self.first_chunk is None:
                self.first_chunk = time.perf_counter() - self.started
                self.attributes["gen_ai.response.id"], self.attributes["gen_ai.response.model"] = chunk.id, chunk.model
                self.output = [("assistant", None, [], None)]
            choice = chunk.choices[0]
            if choice.finish_reason:
                self.attributes["gen_ai.response.finish_reasons"] = [choice.finish_reason]
                self.output[0] = ("assistant", None, [], choice.finish_reason)
            elif self.telemetry.content and choice.delta.content:
                self.texts.append(choice.delta.content)
        if chunk.usage is not None:
            self.input_tokens, self.output_tokens = chunk.usage.prompt_tokens, chunk.usage.completion_tokens

    def anthropic_event(self, event: Any) -> None:
        if self.first_chunk is None:
            self.first_chunk = time.perf_counter() - self.started
        kind = event.type
        if kind == "content_block_delta":
            if self.telemetry.content:
                self.texts.append(event.delta.text)
        elif kind == "message_start":
            message = event.message
            self.attributes["gen_ai.response.id"], self.attributes["gen_ai.response.model"] = message.id, message.model
            self.input_tokens = message.usage.input_tokens
        elif kind == "message_delta":
            self.attributes["gen_ai.response.finish_reasons"] = [event.delta.stop_reason]
            self.output = [("assistant", None, [], event.delta.stop_reason)]
            self.output_tokens = event.usage.output_tokens


def _sync_stream(stream: Any, call: _Call) -> Any:
    on_chunk = call.openai_chunk if call.provider == "openai" else call.anthropic_event
    for chunk in stream:
        on_chunk(chunk)
        yield chunk
    call.end()


async def _async_stream(stream: Any, call: _Call) -> Any:
    on_chunk = call.openai_chunk if call.provider == "openai" else call.anthropic_event
    async for chunk in stream:
        on_chunk(chunk)
        yield chunk
    call.end()


def instrument(providers: dict[str, Any], legacy: bool, content: bool) -> None:
    """Patch the four create methods; ``legacy`` and ``content`` are the mode (``implementations.Mode``)."""
    telemetry = _Telemetry(providers, legacy, content)
    reads_messages = content or not legacy

    def sync_wrapper(provider: str) -> Any:
        def wrapper(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
            if reads_messages and not isinstance(kwargs["messages"], list):  # a generator: read it once, send it
                kwargs["messages"] = list(kwargs["messages"])
            call = _Call(telemetry, provider, kwargs)
            result = wrapped(*args, **kwargs)
            if kwargs.get("stream"):
                return _sync_stream(result, call)
            call.response(result)
            call.end()
            return result

        return wrapper

    def async_wrapper(provider: str) -> Any:
        async def wrapper(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
            if reads_messages and not isinstance(kwargs["messages"], list):
                kwargs["messages"] = list(kwargs["messages"])
            call = _Call(telemetry, provider, kwargs)
            result = await wrapped(*args, **kwargs)
            if kwargs.get("stream"):
                return _async_stream(result, call)
            call.response(result)
            call.end()
            return result

        return wrapper

    chosen = {suite.__name__.rsplit(".", 1)[1] for suite in suites.selected() if suite.FLOOR}
    for module, attribute, provider, is_async in PATCHES:
        if provider not in chosen:
            continue
        wrapt.wrap_function_wrapper(module, attribute, (async_wrapper if is_async else sync_wrapper)(provider))
