"""The floor: the least any instrumentation meeting the telemetry contract pays, as a reference column.

One CLIENT span with the request attributes at start and the response attributes at end, and
the three histogram points of a call (duration, input tokens, output tokens) — nothing else: no
content, no events, no guard, no type-preserving proxy, no context propagation. It records only
what the benchmark's canned responses carry, so it is a measuring stick, not an instrumentor.
"""

from __future__ import annotations

import time
from typing import Any

import wrapt
from opentelemetry.trace import SpanKind

PROVIDERS = {"openai": ("openai", "api.openai.com"), "anthropic": ("anthropic", "api.anthropic.com")}
PATCHES = (
    ("openai.resources.chat.completions", "Completions.create", "openai", False),
    ("openai.resources.chat.completions", "AsyncCompletions.create", "openai", True),
    ("anthropic.resources.messages", "Messages.create", "anthropic", False),
    ("anthropic.resources.messages", "AsyncMessages.create", "anthropic", True),
)


class _Call:
    """One call's span and the response facts gathered for its end."""

    __slots__ = ("attributes", "input_tokens", "metric_attributes", "output_tokens", "span", "started", "telemetry")

    def __init__(self, telemetry: Any, provider: str, kwargs: dict[str, Any]) -> None:
        system, host = PROVIDERS[provider]
        model = kwargs.get("model")
        self.metric_attributes = {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": system,
            "gen_ai.request.model": model,
            "server.address": host,
            "server.port": 443,
        }
        self.telemetry = telemetry
        self.span = telemetry.tracer.start_span(
            f"chat {model}", kind=SpanKind.CLIENT, attributes=self.metric_attributes
        )
        self.started = time.perf_counter()
        self.attributes: dict[str, Any] = {}
        self.input_tokens = self.output_tokens = 0

    def end(self) -> None:
        usage = {"gen_ai.usage.input_tokens": self.input_tokens, "gen_ai.usage.output_tokens": self.output_tokens}
        self.span.set_attributes({**self.attributes, **usage})
        self.span.end()
        duration, token_usage = self.telemetry.histograms
        labels = {**self.metric_attributes, "gen_ai.response.model": self.attributes.get("gen_ai.response.model")}
        duration.record(time.perf_counter() - self.started, labels)
        token_usage.record(self.input_tokens, {**labels, "gen_ai.token.type": "input"})
        token_usage.record(self.output_tokens, {**labels, "gen_ai.token.type": "output"})

    def response(self, result: Any) -> None:
        """A whole response: OpenAI ChatCompletion or Anthropic Message."""
        usage = result.usage
        if hasattr(result, "choices"):
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

    def chunk(self, chunk: Any) -> None:
        """One stream item: an OpenAI chunk or an Anthropic event."""
        kind = getattr(chunk, "type", None)
        if kind is None:  # OpenAI chat chunk
            if chunk.choices and chunk.choices[0].finish_reason:
                self.attributes["gen_ai.response.finish_reasons"] = [chunk.choices[0].finish_reason]
            if chunk.usage is not None:
                self.input_tokens, self.output_tokens = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
            if "gen_ai.response.id" not in self.attributes:
                self.attributes["gen_ai.response.id"], self.attributes["gen_ai.response.model"] = chunk.id, chunk.model
        elif kind == "message_start":
            message = chunk.message
            self.attributes["gen_ai.response.id"], self.attributes["gen_ai.response.model"] = message.id, message.model
            self.input_tokens = message.usage.input_tokens
        elif kind == "message_delta":
            self.attributes["gen_ai.response.finish_reasons"] = [chunk.delta.stop_reason]
            self.output_tokens = chunk.usage.output_tokens


class _Telemetry:
    def __init__(self, providers: dict[str, Any]) -> None:
        self.tracer = providers["tracer_provider"].get_tracer("floor")
        meter = providers["meter_provider"].get_meter("floor")
        self.histograms = (
            meter.create_histogram("gen_ai.client.operation.duration", unit="s"),
            meter.create_histogram("gen_ai.client.token.usage", unit="{token}"),
        )


def _sync_stream(stream: Any, call: _Call) -> Any:
    for chunk in stream:
        call.chunk(chunk)
        yield chunk
    call.end()


async def _async_stream(stream: Any, call: _Call) -> Any:
    async for chunk in stream:
        call.chunk(chunk)
        yield chunk
    call.end()


def instrument(providers: dict[str, Any]) -> None:
    telemetry = _Telemetry(providers)

    def sync_wrapper(provider: str) -> Any:
        def wrapper(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
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
            call = _Call(telemetry, provider, kwargs)
            result = await wrapped(*args, **kwargs)
            if kwargs.get("stream"):
                return _async_stream(result, call)
            call.response(result)
            call.end()
            return result

        return wrapper

    for module, attribute, provider, is_async in PATCHES:
        wrapt.wrap_function_wrapper(module, attribute, (async_wrapper if is_async else sync_wrapper)(provider))
