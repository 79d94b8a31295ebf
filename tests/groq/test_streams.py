"""Groq streams: usage from the last chunk's ``x_groq.usage``, tool calls, reasoning deltas, and the
stream's life (the SDK's own type, ``with``, early break, close), sync and async, in every mode."""

from __future__ import annotations

import gc

import groq
import pytest

from genotel.core.testing import Expected
from genotel.instrumentation.groq.chat import GroqChatAccumulator
from tests.groq.scenarios import (
    BASE,
    HELLO,
    METRIC,
    MODEL,
    PARIS,
    REASONING_BASE,
    REASONING_CONTENT,
    REASONING_REQUEST,
    RMODEL,
    STREAM_EXPECTED,
    STREAM_ID,
    STREAM_REQUEST,
    STREAM_TOOL_CALLS_EXPECTED,
    TOKYO,
    TOOLS_REQUEST,
    check,
)
from tests.openai.scenarios import assert_metrics

REASONING_STREAM_EXPECTED = Expected(
    span_name=f"chat {RMODEL}",
    provider_latest="groq",
    stream=True,
    base={**REASONING_BASE, "gen_ai.response.id": "chatcmpl-4b6d8f0a-2c4e-4f6a-8b0d-4f6a8b0c2e4f"},
    **REASONING_CONTENT,
)

# cassette -> (request, expectation, chunks the SDK yields)
SCENARIOS = {
    "chat_stream": (STREAM_REQUEST, STREAM_EXPECTED, 8),
    "chat_stream_tool_calls": ({**TOOLS_REQUEST, "stream": True}, STREAM_TOOL_CALLS_EXPECTED, 3),
    "chat_stream_reasoning": ({**REASONING_REQUEST, "stream": True}, REASONING_STREAM_EXPECTED, 6),
}


def text(chunks) -> str:
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks)


@pytest.mark.parametrize("name", SCENARIOS)
def test_stream(otel, mode, instrument, call, replay, name):
    request, expected, count = SCENARIOS[name]
    with replay(name):
        chunks = call(lambda sdk: sdk.chat.completions.create(**request), into=[])
    assert len(chunks) == count
    assert chunks[-1].x_groq.usage is not None and chunks[-1].usage is None  # usage only in x_groq
    check(otel, mode, expected)


def test_stream_keeps_sdk_type_and_with(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.create(**STREAM_REQUEST) as stream:
        assert isinstance(stream, groq.Stream)
        chunks = list(stream)
    assert chunks[0].x_groq.id == "req_01k7gq4a9sfm2t7r6y5p0v3k8e"
    assert text(chunks) == HELLO
    check(otel, mode, STREAM_EXPECTED)


async def test_async_stream_keeps_sdk_type_and_async_with(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        async with await async_client.chat.completions.create(**STREAM_REQUEST) as stream:
            assert isinstance(stream, groq.AsyncStream)
            chunks = [chunk async for chunk in stream]
    assert text(chunks) == HELLO
    check(otel, mode, STREAM_EXPECTED)


def test_time_to_first_chunk_and_token_metrics(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        list(client.chat.completions.create(**STREAM_REQUEST))
    assert_metrics(otel, mode, METRIC, {"input": 49, "output": 11}, stream=True, system="groq", provider="groq")


# --- a stream left early: what arrived before, no usage (it comes last) -----------------------------------

LEFT_BASE = {**BASE, "gen_ai.response.id": STREAM_ID, "gen_ai.response.model": MODEL}


def _left_early(otel, mode):
    (span,) = otel.spans()
    attributes = dict(span.attributes)
    assert attributes.pop("gen_ai.response.time_to_first_chunk") >= 0
    want = {key: value for key, value in LEFT_BASE.items() if not (mode.latest and key == "gen_ai.system")}
    if mode.latest:
        want["gen_ai.provider.name"] = "groq"
    content_keys = {key for key in attributes if key.startswith(("gen_ai.prompt", "gen_ai.completion", "gen_ai.input"))}
    content_keys |= {key for key in attributes if key.startswith("gen_ai.output")}
    assert {key: attributes[key] for key in attributes.keys() - content_keys} == want
    if mode.use_legacy_attributes and mode.capture_content and not mode.latest:
        assert attributes["gen_ai.completion.0.content"] == "Hello,"
        assert "gen_ai.completion.0.finish_reason" not in attributes


def test_break_then_gc(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        stream = client.chat.completions.create(**STREAM_REQUEST)
        for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    _left_early(otel, mode)


async def test_async_break_then_gc(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**STREAM_REQUEST)
        async for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    _left_early(otel, mode)


def test_close_ends_the_span_once(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"):
        stream = client.chat.completions.create(**STREAM_REQUEST)
        for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        stream.close()
        stream.close()
    _left_early(otel, mode)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


def test_accumulator_buffers_only_when_captured():
    """With content off, no reasoning or text is kept; usage still comes from x_groq."""

    class Chunk:
        id, model, usage = "chatcmpl-1", MODEL, None

        def __init__(self, choices, x_groq=None):
            self.choices, self.x_groq = choices, x_groq

    class Namespace:
        def __init__(self, **kwargs):
            self.__dict__.update(kwargs)

    delta = Namespace(role="assistant", content="Hi", reasoning="thinking", tool_calls=None, refusal=None)
    chunks = [
        Chunk([Namespace(index=0, delta=delta, finish_reason=None)], Namespace(id="req_1", usage=None)),
        Chunk([], Namespace(id="req_1", usage=Namespace(prompt_tokens=3, completion_tokens=2))),
    ]
    for capture in (True, False):
        accumulator = GroqChatAccumulator(capture)
        for chunk in chunks:
            accumulator.add(chunk)
        response = accumulator.response()
        assert (response.usage.input_tokens, response.usage.output_tokens) == (3, 2)
        assert bool(accumulator.reasoning) is capture
        assert len(response.messages[0].parts) == (2 if capture else 0)


def test_tool_call_deltas_reach_the_caller_unchanged(otel, mode, instrument, client, replay):
    with replay("chat_stream_tool_calls"):
        chunks = list(client.chat.completions.create(**TOOLS_REQUEST, stream=True))
    assert [call.id for call in chunks[1].choices[0].delta.tool_calls] == [PARIS, TOKYO]


def test_streamed_with_raw_response(otel, mode, instrument, client, replay):
    """``with_raw_response`` on a stream: the stream the application's ``parse()`` returns is observed."""
    with replay("chat_stream"):
        raw = client.chat.completions.with_raw_response.create(**STREAM_REQUEST)
        stream = raw.parse()
        assert type(stream) is groq.Stream and raw.parse() is stream
        assert text(list(stream)) == HELLO
    check(otel, mode, STREAM_EXPECTED)


async def test_async_streamed_with_raw_response(otel, mode, instrument, async_client, replay):
    """``AsyncAPIResponse.parse()`` is awaited: the stream it returns is observed all the same."""
    with replay("chat_stream"):
        raw = await async_client.chat.completions.with_raw_response.create(**STREAM_REQUEST)
        stream = await raw.parse()
        assert type(stream) is groq.AsyncStream
        assert text([chunk async for chunk in stream]) == HELLO
    check(otel, mode, STREAM_EXPECTED)
