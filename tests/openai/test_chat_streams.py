"""Streamed chat.completions through the real openai SDK: sync and async, every mode.

Covers usage from the final chunk, tool-call deltas merged by index, a stream without usage,
the time-to-first-chunk metric, an early ``break``, and the SDK's own stream type and ``with``.
"""

from __future__ import annotations

import gc

import openai
import pytest

from genotel.core.testing import Expected
from genotel.instrumentation.openai.chat import ChatAdapter
from tests.openai.scenarios import (
    CHAT_BASE,
    CHAT_METRIC,
    CHAT_STREAM_EXPECTED,
    CHAT_STREAM_ID,
    CHAT_STREAM_REQUEST,
    HELLO,
    INPUT_MESSAGES,
    MINI_MODEL,
    NO_CACHE_NO_REASONING,
    PROMPT_EVENTS,
    PROMPTS_LEGACY,
    WEATHER_QUESTION,
    WEATHER_TOOL,
    assert_metrics,
    check_telemetry,
    streamed_text,
    weather_calls_content,
)

# chat_stream (text deltas, usage from the final chunk) is CHAT_STREAM_* in scenarios.


def _streamed(response, **content):
    """A gpt-4o-mini chat stream's expectations, given its response attributes and its content."""
    return Expected(
        span_name="chat gpt-4o-mini",
        provider_latest="openai",
        stream=True,
        base={**CHAT_BASE, **MINI_MODEL, **response},
        **content,
    )


# --- chat_stream_tool_calls: two tool calls whose argument fragments join per index ---------------

TOOLS_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": WEATHER_QUESTION}],
    "tools": [WEATHER_TOOL],
    "stream": True,
    "stream_options": {"include_usage": True},
}
PARIS, TOKYO = "call_paris3Qw7Zt1Nc5Yb8Lm2Xa9", "call_tokyo7Vf2Jh6Ds0Ue4Gp9Wn3"

TOOLS_EXPECTED = _streamed(
    {
        "gen_ai.response.id": "chatcmpl-Boscg2cUcsEKBxj5FUNhi0kwTNbLZ",
        "gen_ai.response.finish_reasons": ["tool_calls"],
        "gen_ai.usage.input_tokens": 61,
        "gen_ai.usage.output_tokens": 46,
        **NO_CACHE_NO_REASONING,
    },
    # streamed arguments arrive with a space after the colon
    **weather_calls_content(
        WEATHER_QUESTION, [(PARIS, "Paris", '{"city": "Paris"}'), (TOKYO, "Tokyo", '{"city": "Tokyo"}')]
    ),
)

# --- chat_stream_no_usage: no stream_options, so no usage anywhere --------------------------------

NO_USAGE_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hi."}], "stream": True}

NO_USAGE_EXPECTED = _streamed(
    {"gen_ai.response.id": "chatcmpl-BoktaxeeHX6nCUxK1xdoOgkXoBq3m", "gen_ai.response.finish_reasons": ["stop"]},
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Say hi.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Hi there.",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": "Say hi."}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi there."}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Say hi."}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "Hi there."}], "finish_reason": "stop"}
        ],
    },
)

# cassette -> (request, expectation, chunks the SDK yields to the caller)
SCENARIOS = {
    "chat_stream": (CHAT_STREAM_REQUEST, CHAT_STREAM_EXPECTED, 9),
    "chat_stream_tool_calls": (TOOLS_REQUEST, TOOLS_EXPECTED, 10),
    "chat_stream_no_usage": (NO_USAGE_REQUEST, NO_USAGE_EXPECTED, 5),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_stream(otel, mode, instrument, call, replay, name):
    request, expected, chunk_count = SCENARIOS[name]
    with replay(name):
        chunks = call(lambda sdk: sdk.chat.completions.create(**request), into=[])
    assert len(chunks) == chunk_count
    check_telemetry(otel, mode, expected)


def test_tool_call_deltas_reach_the_caller_unchanged(otel, mode, instrument, client, replay):
    with replay("chat_stream_tool_calls"):
        chunks = list(client.chat.completions.create(**TOOLS_REQUEST))
    fragments = [call.function.arguments for chunk in chunks[:8] for call in chunk.choices[0].delta.tool_calls]
    assert "".join(fragments) == '{"city": "Paris"}{"city": "Tokyo"}'


def test_time_to_first_chunk_metric_recorded_once(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        for _chunk in client.chat.completions.create(**CHAT_STREAM_REQUEST):
            pass
    assert_metrics(otel, mode, CHAT_METRIC, {"input": 24, "output": 6}, stream=True)


# --- early break: only what arrived before it --------------------------------------------------------

BROKEN_EXPECTED = _streamed(
    {"gen_ai.response.id": CHAT_STREAM_ID},
    legacy={**PROMPTS_LEGACY, "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": "Hello,"},
    # a choice without a finish reason: the 1.36 event enum's "error" (the stream did not finish)
    events=[
        *PROMPT_EVENTS,
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "error", "message": {"role": "assistant", "content": "Hello,"}},
        ),
    ],
    latest={
        "gen_ai.input.messages": INPUT_MESSAGES,
        "gen_ai.output.messages": [{"role": "assistant", "parts": [{"type": "text", "content": "Hello,"}]}],
    },
)


def test_break_then_gc(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        stream = client.chat.completions.create(**CHAT_STREAM_REQUEST)
        for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    check_telemetry(otel, mode, BROKEN_EXPECTED)


async def test_async_break_then_gc(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**CHAT_STREAM_REQUEST)
        async for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    check_telemetry(otel, mode, BROKEN_EXPECTED)


# --- the SDK's own stream type and context manager ----------------------------------------------------


def test_stream_keeps_sdk_type_and_with(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.create(**CHAT_STREAM_REQUEST) as stream:
        assert isinstance(stream, openai.Stream)
        assert stream.response.headers["x-request-id"] == "req_e8250d6319e7cda0388a796a9ee203a4"
        chunks = list(stream)
    assert streamed_text(chunks) == HELLO
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)


async def test_async_stream_keeps_sdk_type_and_async_with(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        async with await async_client.chat.completions.create(**CHAT_STREAM_REQUEST) as stream:
            assert isinstance(stream, openai.AsyncStream)
            assert stream.response.headers["x-request-id"] == "req_e8250d6319e7cda0388a796a9ee203a4"
            chunks = [chunk async for chunk in stream]
    assert streamed_text(chunks) == HELLO
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)


def test_next_then_for_reads_one_stream(otel, mode, instrument, client, replay):
    """``next(stream)`` (the SDK's ``__next__``) then ``for`` (its ``__iter__``): each chunk once, in order."""
    with replay("chat_stream"):
        stream = client.chat.completions.create(**CHAT_STREAM_REQUEST)
        first, second = next(stream), next(stream)
        chunks = [first, second, *stream]
    assert streamed_text(chunks) == HELLO and len(chunks) == 9
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)


async def test_async_anext_then_async_for_reads_one_stream(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**CHAT_STREAM_REQUEST)
        first = await stream.__anext__()
        chunks = [first, *[chunk async for chunk in stream]]
    assert streamed_text(chunks) == HELLO and len(chunks) == 9
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)


def test_accumulator_buffers_text_only_when_captured(otel, mode, instrument, client, replay, monkeypatch):
    """Memory per stream is bounded: with content off the chat accumulator keeps no text or arguments."""
    built = []
    original = ChatAdapter.accumulator

    def recording(self, capture):
        built.append(original(self, capture))
        return built[-1]

    monkeypatch.setattr(ChatAdapter, "accumulator", recording)
    with replay("chat_stream_tool_calls"):
        list(client.chat.completions.create(**TOOLS_REQUEST))
    with replay("chat_stream"):
        list(client.chat.completions.create(**CHAT_STREAM_REQUEST))
    tools, text = (accumulator.choices[0] for accumulator in built)
    fragments = ["".join(fragments) for _id, _name, fragments in tools.calls.values()]
    if mode.capture_content:
        assert "".join(text.text) == HELLO
        assert fragments == ['{"city": "Paris"}', '{"city": "Tokyo"}']
    else:
        assert text.text == []
        assert fragments == ["", ""]
    assert [(call_id, name) for call_id, name, _ in tools.calls.values()] == [
        (PARIS, "get_weather"),
        (TOKYO, "get_weather"),
    ]


def test_streamed_with_raw_response_is_observed_through_parse(otel, mode, instrument, client, replay):
    """``parse()`` builds the stream without reading it and caches it: the application's ``parse()``
    gets that same stream, observed in place, so the span has the whole response."""
    with replay("chat_stream"):
        raw = client.chat.completions.with_raw_response.create(**CHAT_STREAM_REQUEST)
        stream = raw.parse()
        assert type(stream) is openai.Stream and raw.parse() is stream
        chunks = list(stream)
    assert streamed_text(chunks) == HELLO and chunks[-1].usage is not None
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)


async def test_async_streamed_with_raw_response_is_observed_through_parse(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        raw = await async_client.chat.completions.with_raw_response.create(**CHAT_STREAM_REQUEST)
        chunks = [chunk async for chunk in raw.parse()]
    assert streamed_text(chunks) == HELLO
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)
