"""Scenario data shared by the Anthropic tests (cassettes/anthropic/INDEX.md), and the checks they all make.

Imported as ``from tests.anthropic.claude_scenarios import ...`` (tests/ is a package). Append
only: several test files (and helpers) share it.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from genotel.core import testing
from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
MODEL = "claude-sonnet-4-5-20250929"
SERVER = {"server.address": "api.anthropic.com", "server.port": 443}
CHAT_BASE = {"gen_ai.operation.name": "chat", "gen_ai.system": "anthropic", "gen_ai.request.model": MODEL, **SERVER}
NO_CACHE = {"gen_ai.usage.cache_read.input_tokens": 0, "gen_ai.usage.cache_creation.input_tokens": 0}
# (raw stop_reason, 1.36 gen_ai.choice enum, latest enum)
END_TURN = ("end_turn", "stop", "stop")
TOOL_USE = ("tool_use", "tool_calls", "tool_call")

DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
TOKEN_BUCKETS = [
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
]  # fmt: skip
_METRIC_KEYS = (
    "gen_ai.operation.name",
    "gen_ai.system",
    "gen_ai.provider.name",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "server.address",
    "server.port",
    "error.type",
)


class Call(testing.Call):
    """The kit's call with a client built by hand: async for Anthropic's ``Async*`` client classes."""

    def __init__(self, sdk: Any) -> None:
        super().__init__(sdk, type(sdk).__name__.startswith("Async"))


def resolved(value):
    """``value``, or what it resolves to when it is awaitable (an async client's result)."""
    return asyncio.run(_awaited(value)) if inspect.isawaitable(value) else value


async def _awaited(awaitable):
    return await awaitable


def sdk_tracing(otel, client_class) -> dict[str, Any]:
    """Client option sending the SDK's own spans (anthropic >= 2) to the test's exporter; {} for older SDKs."""
    if "open_telemetry" in inspect.signature(client_class).parameters:
        return {"open_telemetry": {"tracer_provider": otel.tracer_provider}}
    return {}


def assert_metrics(otel, mode, expected: Expected, tokens: dict[str, int]) -> None:
    """The call's metric points (DESIGN.md, "Metrics"): the span's bounded attributes, counts, sums, buckets.

    ``tokens`` maps each token type to its sum; empty when the call reported no usage.
    """
    attributes = {key: value for key, value in expected.base_for(mode).items() if key in _METRIC_KEYS}
    points = otel.metric_points()
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == attributes
    assert duration.count == 1
    assert list(duration.explicit_bounds) == DURATION_BUCKETS
    usage = {point.attributes["gen_ai.token.type"]: point for point in points.get("gen_ai.client.token.usage", [])}
    assert {kind: (point.sum, point.count) for kind, point in usage.items()} == {
        kind: (total, 1) for kind, total in tokens.items()
    }
    for kind, point in usage.items():
        assert dict(point.attributes) == {**attributes, "gen_ai.token.type": kind}
        assert list(point.explicit_bounds) == TOKEN_BUCKETS
    assert ("gen_ai.client.operation.time_to_first_chunk" in points) == expected.stream


def check(otel, mode, expected: Expected, tokens: dict[str, int], canaries: tuple[str, ...] = CANARIES) -> None:
    """Everything one call exported: the span (and events), its metrics, and no canary when content is off."""
    assert_telemetry(otel, mode, expected)
    assert_metrics(otel, mode, expected, tokens)
    if not mode.capture_content:
        assert_no_canary(otel, canaries)


def text_exchange(prompt: str, answer: str, finish=END_TURN, system: str | None = None) -> dict[str, Any]:
    """Expected(legacy=..., events=..., latest=...) of one user prompt (after an optional system prompt)
    answered by one text block; ``finish`` is (raw, 1.36 enum, latest enum)."""
    raw, choice, latest_finish = finish
    legacy: dict[str, Any] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    latest: dict[str, Any] = {}
    if system is not None:
        legacy.update({"gen_ai.prompt.0.role": "system", "gen_ai.prompt.0.content": system})
        events.append(("gen_ai.system.message", {"content": system}))
        latest["gen_ai.system_instructions"] = [{"type": "text", "content": system}]
    user = 0 if system is None else 1
    legacy.update(
        {
            f"gen_ai.prompt.{user}.role": "user",
            f"gen_ai.prompt.{user}.content": prompt,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": answer,
            "gen_ai.completion.0.finish_reason": raw,
        }
    )
    events += [
        ("gen_ai.user.message", {"content": prompt}),
        ("gen_ai.choice", {"index": 0, "finish_reason": choice, "message": {"role": "assistant", "content": answer}}),
    ]
    latest["gen_ai.input.messages"] = [{"role": "user", "parts": [{"type": "text", "content": prompt}]}]
    latest["gen_ai.output.messages"] = [
        {"role": "assistant", "parts": [{"type": "text", "content": answer}], "finish_reason": latest_finish}
    ]
    return {"legacy": legacy, "events": events, "latest": latest}


# --- messages_text, beta_messages_text, messages_stream: the same request and answer ---------------

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
HELLO_MESSAGES = [{"role": "user", "content": PROMPT}]
# anthropic 2.x takes no temperature/top_k keywords: extra_body serves both SDK versions.
TEXT_REQUEST: dict[str, Any] = {
    "model": MODEL,
    "max_tokens": 256,
    "system": SYSTEM,
    "messages": HELLO_MESSAGES,
    "extra_body": {"temperature": 0.2, "top_k": 40},
    "stop_sequences": ["\n\nHuman:"],
}
TEXT_REQUEST_ATTRIBUTES = {
    **CHAT_BASE,
    "gen_ai.request.max_tokens": 256,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_k": 40.0,  # semconv types top_k as a double
    "gen_ai.request.stop_sequences": ["\n\nHuman:"],
}
TEXT_ID = "msg_01nsRHuWoAurLNupt4GWL5jM"
BETA_TEXT_ID = "msg_01oE5sQHZaVmuZKKFrqf9y4V"
STREAM_ID = "msg_016ymUfV1SPiugwQcxX6Jt5d"
HELLO_TOKENS = {"input": 21, "output": 12}


def hello_expected(response_id: str, stream: bool = False) -> Expected:
    """messages_text's telemetry (or its beta and stream twins, which differ only by id)."""
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="anthropic",
        stream=stream,
        base={
            **TEXT_REQUEST_ATTRIBUTES,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["end_turn"],
            "gen_ai.usage.input_tokens": 21,
            "gen_ai.usage.output_tokens": 12,
            **NO_CACHE,
        },
        **text_exchange(PROMPT, HELLO, END_TURN, system=SYSTEM),
    )


# --- the get_weather tool of messages_tools and messages_tool_results -------------------------------

WEATHER_QUESTION = "What's the weather in Paris and in Tokyo?"
WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Get the current weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}
WEATHER_FUNCTION_LEGACY = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the current weather for a city",
    "llm.request.functions.0.parameters": (
        '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
    ),
}
WEATHER_DEFINITIONS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }
]
CHECKING = "I'll check both cities."
PARIS_CALL = "toolu_016upfDf51MwpafUvRxPMfzQ"
TOKYO_CALL = "toolu_01dKcEZVDhJkZTb8pvDkdSPZ"


# --- streams: messages_stream read only up to its first text, and messages_stream_error -------------

BETA_STREAM_ID = "msg_01y8uwW9QG7FgyPsHUvMUXgt"
CUT_SHORT_TOKENS = {"input": 21, "output": 1}  # message_start's usage: message_delta never arrived
# The stream stopped after its first text delta ("Hello"): no finish reason, nothing after it, no error.
CUT_SHORT_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    stream=True,
    base={
        **TEXT_REQUEST_ATTRIBUTES,
        "gen_ai.response.id": STREAM_ID,
        "gen_ai.response.model": MODEL,
        "gen_ai.usage.input_tokens": 21,
        "gen_ai.usage.output_tokens": 1,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": SYSTEM,
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": PROMPT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Hello",
    },
    events=[
        ("gen_ai.system.message", {"content": SYSTEM}),
        ("gen_ai.user.message", {"content": PROMPT}),
        # a choice without a finish reason: the 1.36 event enum's "error" (the stream did not finish)
        ("gen_ai.choice", {"index": 0, "finish_reason": "error", "message": {"role": "assistant", "content": "Hello"}}),
    ],
    latest={
        "gen_ai.system_instructions": [{"type": "text", "content": SYSTEM}],
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}],
        "gen_ai.output.messages": [{"role": "assistant", "parts": [{"type": "text", "content": "Hello"}]}],
    },
)

HAIKU_PROMPT = "Write a haiku about autumn."
STREAM_ERROR_REQUEST: dict[str, Any] = {
    "model": MODEL,
    "max_tokens": 256,
    "messages": [{"role": "user", "content": HAIKU_PROMPT}],
}
STREAM_ERROR_BODY = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
STREAM_ERROR_TOKENS = {"input": 14, "output": 1}
# `event: error` after two text deltas: the span fails, and keeps the text that came before the error.
STREAM_ERROR_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    stream=True,
    error=True,
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 256,
        "error.type": "APIStatusError",
        "gen_ai.response.id": "msg_01wfBhWcVegeSgruccMUYchR",
        "gen_ai.response.model": MODEL,
        "gen_ai.usage.input_tokens": 14,
        "gen_ai.usage.output_tokens": 1,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": HAIKU_PROMPT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Crimson leaves drift",
    },
    events=[
        ("gen_ai.user.message", {"content": HAIKU_PROMPT}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "error", "message": {"role": "assistant", "content": "Crimson leaves drift"}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": HAIKU_PROMPT}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "Crimson leaves drift"}]}
        ],
    },
)
# What messages.stream()'s iteration yields for messages_stream, in both SDK versions (no ping).
HELPER_EVENT_TYPES = [
    "message_start",
    "content_block_start",
    *["content_block_delta", "text"] * 5,
    "content_block_stop",
    "message_delta",
    "message_stop",
]
