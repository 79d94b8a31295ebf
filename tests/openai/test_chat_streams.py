"""Streamed chat.completions through the real openai SDK: sync and async, every mode.

Covers usage from the final chunk, tool-call deltas merged by index, a stream without usage,
the time-to-first-chunk metric, an early ``break``, and the SDK's own stream type and ``with``.
"""

from __future__ import annotations

import gc

import openai
import pytest

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from genotel.instrumentation.openai.chat import ChatAdapter

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
SERVER = {"server.address": "api.openai.com", "server.port": 443}
CHAT = {"gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini"}
MODEL = {"gen_ai.response.model": "gpt-4o-mini-2024-07-18"}

# --- chat_stream: text deltas, usage from the final chunk (include_usage) -------------------------

STREAM_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a terse assistant."},
        {"role": "user", "content": "Say hello to CANARY-PROMPT-7f3a."},
    ],
    "stream": True,
    "stream_options": {"include_usage": True},
}
STREAM_ID = {"gen_ai.response.id": "chatcmpl-BoIitlEFDZsSSZ1OzhK7eS7YeVnYC"}
PROMPTS_LEGACY = {
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": "You are a terse assistant.",
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": "Say hello to CANARY-PROMPT-7f3a.",
}
PROMPT_EVENTS = [
    ("gen_ai.system.message", {"content": "You are a terse assistant."}),
    ("gen_ai.user.message", {"content": "Say hello to CANARY-PROMPT-7f3a."}),
]
INPUT_MESSAGES = [
    {"role": "system", "parts": [{"type": "text", "content": "You are a terse assistant."}]},
    {"role": "user", "parts": [{"type": "text", "content": "Say hello to CANARY-PROMPT-7f3a."}]},
]
HELLO = "Hello, CANARY-COMPLETION-91c2!"

STREAM_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    stream=True,
    base={
        **CHAT,
        **SERVER,
        **STREAM_ID,
        **MODEL,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 24,
        "gen_ai.usage.output_tokens": 6,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        **PROMPTS_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": HELLO,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        *PROMPT_EVENTS,
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": HELLO}}),
    ],
    latest={
        "gen_ai.input.messages": INPUT_MESSAGES,
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": HELLO}], "finish_reason": "stop"}
        ],
    },
)

# --- chat_stream_tool_calls: two tool calls whose argument fragments join per index ---------------

WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": WEATHER_PARAMETERS,
    },
}
QUESTION = "What's the weather in Paris and in Tokyo?"
TOOLS_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": QUESTION}],
    "tools": [WEATHER_TOOL],
    "stream": True,
    "stream_options": {"include_usage": True},
}
PARIS, TOKYO = "call_paris3Qw7Zt1Nc5Yb8Lm2Xa9", "call_tokyo7Vf2Jh6Ds0Ue4Gp9Wn3"

TOOLS_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    stream=True,
    base={
        **CHAT,
        **SERVER,
        **MODEL,
        "gen_ai.response.id": "chatcmpl-Boscg2cUcsEKBxj5FUNhi0kwTNbLZ",
        "gen_ai.response.finish_reasons": ["tool_calls"],
        "gen_ai.usage.input_tokens": 61,
        "gen_ai.usage.output_tokens": 46,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        "llm.request.functions.0.name": "get_weather",
        "llm.request.functions.0.description": "Get the current weather for a city",
        "llm.request.functions.0.parameters": (
            '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
        ),
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.finish_reason": "tool_calls",
        "gen_ai.completion.0.tool_calls.0.id": PARIS,
        "gen_ai.completion.0.tool_calls.0.name": "get_weather",
        "gen_ai.completion.0.tool_calls.0.arguments": '{"city": "Paris"}',
        "gen_ai.completion.0.tool_calls.1.id": TOKYO,
        "gen_ai.completion.0.tool_calls.1.name": "get_weather",
        "gen_ai.completion.0.tool_calls.1.arguments": '{"city": "Tokyo"}',
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "id": PARIS,
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                        },
                        {
                            "id": TOKYO,
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"city": "Tokyo"}'},
                        },
                    ],
                },
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": QUESTION}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [
                    {"type": "tool_call", "id": PARIS, "name": "get_weather", "arguments": {"city": "Paris"}},
                    {"type": "tool_call", "id": TOKYO, "name": "get_weather", "arguments": {"city": "Tokyo"}},
                ],
                "finish_reason": "tool_call",
            }
        ],
        "gen_ai.tool.definitions": [
            {
                "type": "function",
                "name": "get_weather",
                "description": "Get the current weather for a city",
                "parameters": WEATHER_PARAMETERS,
            }
        ],
    },
)

# --- chat_stream_no_usage: no stream_options, so no usage anywhere --------------------------------

NO_USAGE_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hi."}], "stream": True}

NO_USAGE_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    stream=True,
    base={
        **CHAT,
        **SERVER,
        **MODEL,
        "gen_ai.response.id": "chatcmpl-BoktaxeeHX6nCUxK1xdoOgkXoBq3m",
        "gen_ai.response.finish_reasons": ["stop"],
    },
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
    "chat_stream": (STREAM_REQUEST, STREAM_EXPECTED, 9),
    "chat_stream_tool_calls": (TOOLS_REQUEST, TOOLS_EXPECTED, 10),
    "chat_stream_no_usage": (NO_USAGE_REQUEST, NO_USAGE_EXPECTED, 5),
}


def _check(otel, mode, expected):
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


@pytest.mark.parametrize("name", SCENARIOS)
def test_sync(otel, mode, instrument, client, replay, name):
    request, expected, chunk_count = SCENARIOS[name]
    with replay(name):
        chunks = list(client.chat.completions.create(**request))
    assert len(chunks) == chunk_count
    _check(otel, mode, expected)


@pytest.mark.parametrize("name", SCENARIOS)
async def test_async(otel, mode, instrument, async_client, replay, name):
    request, expected, chunk_count = SCENARIOS[name]
    with replay(name):
        chunks = [chunk async for chunk in await async_client.chat.completions.create(**request)]
    assert len(chunks) == chunk_count
    _check(otel, mode, expected)


def test_tool_call_deltas_reach_the_caller_unchanged(otel, mode, instrument, client, replay):
    with replay("chat_stream_tool_calls"):
        chunks = list(client.chat.completions.create(**TOOLS_REQUEST))
    fragments = [call.function.arguments for chunk in chunks[:8] for call in chunk.choices[0].delta.tool_calls]
    assert "".join(fragments) == '{"city": "Paris"}{"city": "Tokyo"}'


def test_time_to_first_chunk_metric_recorded_once(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        for _chunk in client.chat.completions.create(**STREAM_REQUEST):
            pass
    points = otel.metric_points()
    provider_key = "gen_ai.provider.name" if mode.latest else "gen_ai.system"
    attributes = {
        "gen_ai.operation.name": "chat",
        provider_key: "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "server.address": "api.openai.com",
        "server.port": 443,
    }
    (first_chunk,) = points["gen_ai.client.operation.time_to_first_chunk"]
    assert first_chunk.count == 1
    assert dict(first_chunk.attributes) == attributes
    assert first_chunk.sum == otel.spans()[0].attributes["gen_ai.response.time_to_first_chunk"]
    assert list(first_chunk.explicit_bounds) == [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]  # fmt: skip
    (duration,) = points["gen_ai.client.operation.duration"]
    assert duration.count == 1
    tokens = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
    assert (tokens["input"].sum, tokens["output"].sum) == (24, 6)


# --- early break: only what arrived before it --------------------------------------------------------

BROKEN_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    stream=True,
    base={**CHAT, **SERVER, **STREAM_ID, **MODEL},
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
        stream = client.chat.completions.create(**STREAM_REQUEST)
        for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    _check(otel, mode, BROKEN_EXPECTED)


async def test_async_break_then_gc(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**STREAM_REQUEST)
        async for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    _check(otel, mode, BROKEN_EXPECTED)


# --- the SDK's own stream type and context manager ----------------------------------------------------


def test_stream_keeps_sdk_type_and_with(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.create(**STREAM_REQUEST) as stream:
        assert isinstance(stream, openai.Stream)
        assert stream.response.headers["x-request-id"] == "req_e8250d6319e7cda0388a796a9ee203a4"
        texts = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
    assert "".join(texts) == HELLO
    _check(otel, mode, STREAM_EXPECTED)


async def test_async_stream_keeps_sdk_type_and_async_with(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        async with await async_client.chat.completions.create(**STREAM_REQUEST) as stream:
            assert isinstance(stream, openai.AsyncStream)
            assert stream.response.headers["x-request-id"] == "req_e8250d6319e7cda0388a796a9ee203a4"
            texts = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
    assert "".join(texts) == HELLO
    _check(otel, mode, STREAM_EXPECTED)


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
        list(client.chat.completions.create(**STREAM_REQUEST))
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
