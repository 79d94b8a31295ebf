"""messages.create(stream=True) through the real anthropic SDK: sync and async, every mode.

Each stream is read to its end by the caller; the one span then holds the whole response, as the
non-stream path would (ids, finish reason, usage from message_start + message_delta), plus the
time to first chunk. The user still gets the SDK's own stream type and every event it yields.
"""

from __future__ import annotations

import asyncio

import anthropic
import pytest

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import (
    BETA_STREAM_ID,
    CHAT_BASE,
    CHECKING,
    HELLO,
    HELLO_TOKENS,
    MODEL,
    NO_CACHE,
    PROMPT,
    STREAM_ERROR_BODY,
    STREAM_ERROR_EXPECTED,
    STREAM_ERROR_REQUEST,
    STREAM_ERROR_TOKENS,
    STREAM_ID,
    SYSTEM,
    TEXT_REQUEST,
    WEATHER_DEFINITIONS,
    WEATHER_FUNCTION_LEGACY,
    WEATHER_QUESTION,
    WEATHER_TOOL,
    check,
    hello_expected,
    sdk_tracing,
    text_exchange,
)

ASYNC_CLIENTS = (anthropic.AsyncAnthropic, anthropic.AsyncAnthropicBedrock)


def read(sdk, method, into: list | None = None):
    """``method(sdk)`` opens a stream; returns it and every event it yielded (async clients on a loop of their own).

    Events land in ``into`` as they arrive, so after an error that list holds what came before it.
    """
    events = [] if into is None else into
    if not isinstance(sdk, ASYNC_CLIENTS):
        stream = method(sdk)
        events.extend(stream)
        return stream, events

    async def run():
        stream = await method(sdk)
        async for event in stream:
            events.append(event)
        return stream

    return asyncio.run(run()), events


def stream_class(sdk):
    return anthropic.AsyncStream if isinstance(sdk, ASYNC_CLIENTS) else anthropic.Stream


def joined(events, attribute: str, index: int) -> str:
    """What the content_block_delta events of one block carried in ``delta.<attribute>``, joined.

    A thinking block also gets a signature_delta, which has no ``thinking``: it is left out.
    """
    return "".join(
        getattr(event.delta, attribute)
        for event in events
        if event.type == "content_block_delta" and event.index == index and hasattr(event.delta, attribute)
    )


# --- messages_stream_tools: text, then two tool_use blocks whose input arrives as JSON fragments ----

TOOLS_REQUEST = {
    "model": MODEL,
    "max_tokens": 1024,
    "tools": [WEATHER_TOOL],
    "messages": [{"role": "user", "content": WEATHER_QUESTION}],
}
PARIS, TOKYO = "toolu_01ewcVPcSZe7jixvibVcr6tt", "toolu_01bxU28gmbb3ngGriNwoFCTh"


def _event_call(call_id: str, arguments: str) -> dict:
    return {"id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": arguments}}


def _latest_call(call_id: str, city: str) -> dict:
    return {"type": "tool_call", "id": call_id, "name": "get_weather", "arguments": {"city": city}}


TOOLS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    stream=True,
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 1024,
        "gen_ai.response.id": "msg_01LPto1wu6LXxYXEDetbA7iD",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["tool_use"],
        "gen_ai.usage.input_tokens": 412,
        "gen_ai.usage.output_tokens": 96,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": WEATHER_QUESTION,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": CHECKING,
        "gen_ai.completion.0.finish_reason": "tool_use",
        # the joined fragments, parsed: the same compact JSON as the non-stream path's tool input
        "gen_ai.completion.0.tool_calls.0.id": PARIS,
        "gen_ai.completion.0.tool_calls.0.name": "get_weather",
        "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.completion.0.tool_calls.1.id": TOKYO,
        "gen_ai.completion.0.tool_calls.1.name": "get_weather",
        "gen_ai.completion.0.tool_calls.1.arguments": '{"city":"Tokyo"}',
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": CHECKING,
                    "tool_calls": [_event_call(PARIS, '{"city":"Paris"}'), _event_call(TOKYO, '{"city":"Tokyo"}')],
                },
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": WEATHER_QUESTION}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [
                    {"type": "text", "content": CHECKING},
                    _latest_call(PARIS, "Paris"),
                    _latest_call(TOKYO, "Tokyo"),
                ],
                "finish_reason": "tool_call",
            }
        ],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)

# --- messages_stream_thinking: thinking deltas, a signature, a redacted block, then text ------------

THINKING_REQUEST = {
    "model": MODEL,
    "max_tokens": 4096,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Is 1001 prime?"}],
}
THINKING = (
    "1001 = 7 × 11 × 13, since 7 × 143 = 1001 and 143 = 11 × 13. So 1001 has divisors other than 1 and "  # noqa: RUF001
    "itself, which means it is not prime."
)
ANSWER = "No: 1001 = 7 × 11 × 13."  # noqa: RUF001 (non-ASCII text as the API streams it)
SIGNATURE_START, REDACTED_START = "EpECCkAWiKV2jW/n", "EtgCCgIYAVFTPcyL"  # opaque: never in telemetry

THINKING_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    stream=True,
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 4096,
        "gen_ai.response.id": "msg_01d3PmyxsNoc8kqSPYPR6XzY",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 44,
        "gen_ai.usage.output_tokens": 187,  # thinking included, as reported
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Is 1001 prime?",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "end_turn",
        "gen_ai.completion.0.reasoning": THINKING,
    },
    events=[
        ("gen_ai.user.message", {"content": "Is 1001 prime?"}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Is 1001 prime?"}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [
                    {"type": "reasoning", "content": THINKING},
                    {"type": "reasoning", "content": ""},  # the redacted block: reasoning whose text is withheld
                    {"type": "text", "content": ANSWER},
                ],
                "finish_reason": "stop",
            }
        ],
    },
)

STREAM_REQUEST = {**TEXT_REQUEST, "stream": True}
BETAS = ["context-1m-2025-08-07"]

# cassette -> (the call, its telemetry, token sums, events the SDK yields: every event but ping)
SCENARIOS = {
    "messages_stream": (
        lambda sdk: sdk.messages.create(**STREAM_REQUEST),
        hello_expected(STREAM_ID, stream=True),
        HELLO_TOKENS,
        10,
    ),
    "messages_stream_tools": (
        lambda sdk: sdk.messages.create(**TOOLS_REQUEST, stream=True),
        TOOLS_EXPECTED,
        {"input": 412, "output": 96},
        18,
    ),
    "messages_stream_thinking": (
        lambda sdk: sdk.messages.create(**THINKING_REQUEST, stream=True),
        THINKING_EXPECTED,
        {"input": 44, "output": 187},
        15,
    ),
    "beta_messages_stream": (
        lambda sdk: sdk.beta.messages.create(**STREAM_REQUEST, betas=BETAS),
        hello_expected(BETA_STREAM_ID, stream=True),
        HELLO_TOKENS,
        10,
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_stream(otel, mode, instrument, call, replay, name):
    method, expected, tokens, event_count = SCENARIOS[name]
    with replay(name):
        stream, events = read(call.sdk, method)
    assert isinstance(stream, stream_class(call.sdk))
    assert len(events) == event_count
    assert events[0].type == "message_start"
    assert events[-1].type == "message_stop"
    check(otel, mode, expected, tokens)


def test_text_deltas_reach_the_caller_unchanged(otel, mode, instrument, call, replay):
    with replay("messages_stream"):
        _stream, events = read(call.sdk, lambda sdk: sdk.messages.create(**STREAM_REQUEST))
    assert joined(events, "text", 0) == HELLO
    assert events[-2].delta.stop_reason == "end_turn"
    assert events[-2].usage.output_tokens == 12


def test_tool_input_fragments_reach_the_caller_unchanged(otel, mode, instrument, call, replay):
    with replay("messages_stream_tools"):
        _stream, events = read(call.sdk, lambda sdk: sdk.messages.create(**TOOLS_REQUEST, stream=True))
    assert joined(events, "text", 0) == CHECKING
    # as sent: with a space after the colon (the span has them parsed, like the non-stream input)
    assert joined(events, "partial_json", 1) == '{"city": "Paris"}'
    assert joined(events, "partial_json", 2) == '{"city": "Tokyo"}'


def test_thinking_signature_and_redacted_data_stay_out(otel, mode, instrument, call, replay):
    """Signatures and redacted thinking are opaque blobs: no mode records them, content on or off."""
    with replay("messages_stream_thinking"):
        _stream, events = read(call.sdk, lambda sdk: sdk.messages.create(**THINKING_REQUEST, stream=True))
    assert joined(events, "thinking", 0) == THINKING
    assert [event.content_block.type for event in events if event.type == "content_block_start"] == [
        "thinking",
        "redacted_thinking",
        "text",
    ]
    assert_no_canary(otel, (SIGNATURE_START, REDACTED_START))


# --- AnthropicBedrock: the binary AWS event stream, provider aws.bedrock ----------------------------

BEDROCK_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
BEDROCK_REQUEST = {
    "model": BEDROCK_MODEL,
    "max_tokens": 256,
    "system": SYSTEM,
    "messages": [{"role": "user", "content": PROMPT}],
    "stream": True,
}
BEDROCK_EXPECTED = Expected(
    span_name=f"chat {BEDROCK_MODEL}",
    provider_latest="aws.bedrock",
    stream=True,
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "aws.bedrock",
        "gen_ai.request.model": BEDROCK_MODEL,  # as passed, prefix kept
        "gen_ai.request.max_tokens": 256,
        "server.address": "bedrock-runtime.us-east-1.amazonaws.com",
        "server.port": 443,
        "gen_ai.response.id": "msg_bdrk_01FiQrE8JgNrMkH1N5xV5P31",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 21,
        "gen_ai.usage.output_tokens": 12,
        **NO_CACHE,
    },
    **text_exchange(PROMPT, HELLO, system=SYSTEM),
)
AWS_KEYS = {
    "aws_access_key": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aws_region": "us-east-1",
    "max_retries": 0,
}


@pytest.fixture(params=["sync", "async"])
def bedrock(request, otel):
    client_class = anthropic.AsyncAnthropicBedrock if request.param == "async" else anthropic.AnthropicBedrock
    return client_class(**AWS_KEYS, **sdk_tracing(otel, client_class))


def test_bedrock_stream(otel, mode, instrument, bedrock, replay):
    with replay("bedrock_messages_stream"):
        stream, events = read(bedrock, lambda sdk: sdk.messages.create(**BEDROCK_REQUEST))
    assert isinstance(stream, stream_class(bedrock))
    assert len(events) == 10
    assert joined(events, "text", 0) == HELLO
    check(otel, mode, BEDROCK_EXPECTED, HELLO_TOKENS)


# --- messages_stream_error: `event: error` after two text deltas ------------------------------------


def test_error_event_mid_stream(otel, mode, instrument, call, replay):
    """The user gets the SDK's own exception after the events before it; the span fails with that text."""
    events: list = []
    with replay("messages_stream_error"), pytest.raises(anthropic.APIStatusError) as raised:
        read(call.sdk, lambda sdk: sdk.messages.create(**STREAM_ERROR_REQUEST, stream=True), into=events)
    # the plain class in both SDK versions (not a subclass, not a genotel wrapper)
    assert type(raised.value) is anthropic.APIStatusError
    assert raised.value.status_code == 200
    assert raised.value.body == STREAM_ERROR_BODY
    assert [event.type for event in events] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
    ]
    check(otel, mode, STREAM_ERROR_EXPECTED, STREAM_ERROR_TOKENS)
    (span,) = otel.spans()
    assert span.status.description == str(raised.value)
    assert [event.name for event in span.events] == ["exception"]
    assert span.events[0].attributes["exception.type"].endswith("APIStatusError")
