"""Streams of the other two generation APIs: legacy completions and Responses API events.

Same checks as the chat streams: sync and async, every mode, the whole exported telemetry,
and the caller sees the SDK's own objects unchanged.
"""

from __future__ import annotations

import openai
import pytest

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
SERVER = {"server.address": "api.openai.com", "server.port": 443}

# --- completions_stream: text_completion; the "." chunk and a trailing empty chunk both say length ---

COMPLETIONS_REQUEST = {
    "model": "gpt-3.5-turbo-instruct",
    "prompt": "Say this is a test",
    "max_tokens": 7,
    "temperature": 0,
    "stream": True,
}
COMPLETION = "\n\nThis is a test."

COMPLETIONS_EXPECTED = Expected(
    span_name="text_completion gpt-3.5-turbo-instruct",
    provider_latest="openai",
    stream=True,
    base={
        "gen_ai.operation.name": "text_completion",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-3.5-turbo-instruct",
        "gen_ai.request.max_tokens": 7,
        "gen_ai.request.temperature": 0,
        **SERVER,
        "gen_ai.response.id": "cmpl-BoxAaFrRXv71PpzdrtvOS5ojJIfO3",
        "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
        "gen_ai.response.finish_reasons": ["length"],
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Say this is a test",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": COMPLETION,
        "gen_ai.completion.0.finish_reason": "length",
    },
    events=[
        ("gen_ai.user.message", {"content": "Say this is a test"}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": COMPLETION}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Say this is a test"}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": COMPLETION}], "finish_reason": "length"}
        ],
    },
)

# --- responses_stream: 12 events; the final response.completed carries id, usage and status ------------

RESPONSES_REQUEST = {
    "model": "gpt-4.1-mini",
    "instructions": "You are a terse assistant.",
    "input": "Say hello to CANARY-PROMPT-7f3a.",
    "max_output_tokens": 50,
    "temperature": 0.2,
    "stream": True,
}
HELLO = "Hello, CANARY-COMPLETION-91c2!"

RESPONSES_EXPECTED = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    stream=True,
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.temperature": 0.2,
        **SERVER,
        "gen_ai.response.id": "resp_686672a0b9128190ff3341b4dff0e3e07fe9d882df6912b0",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 20,
        "gen_ai.usage.output_tokens": 9,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "You are a terse assistant.",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "Say hello to CANARY-PROMPT-7f3a.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": HELLO,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.system.message", {"content": "You are a terse assistant."}),
        ("gen_ai.user.message", {"content": "Say hello to CANARY-PROMPT-7f3a."}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": HELLO}}),
    ],
    latest={
        "gen_ai.system_instructions": [{"type": "text", "content": "You are a terse assistant."}],
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": "Say hello to CANARY-PROMPT-7f3a."}]}
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": HELLO}], "finish_reason": "stop"}
        ],
    },
)

RESPONSE_EVENT_TYPES = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.delta",
    "response.output_text.delta",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.completed",
]


def _check(otel, mode, expected):
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def _completion_text(chunks):
    return "".join(chunk.choices[0].text for chunk in chunks)


def test_completions_stream(otel, mode, instrument, client, replay):
    with replay("completions_stream"):
        stream = client.completions.create(**COMPLETIONS_REQUEST)
        assert isinstance(stream, openai.Stream)
        chunks = list(stream)
    assert len(chunks) == 7
    assert _completion_text(chunks) == COMPLETION
    _check(otel, mode, COMPLETIONS_EXPECTED)


async def test_async_completions_stream(otel, mode, instrument, async_client, replay):
    with replay("completions_stream"):
        stream = await async_client.completions.create(**COMPLETIONS_REQUEST)
        assert isinstance(stream, openai.AsyncStream)
        chunks = [chunk async for chunk in stream]
    assert len(chunks) == 7
    assert _completion_text(chunks) == COMPLETION
    _check(otel, mode, COMPLETIONS_EXPECTED)


def test_responses_stream(otel, mode, instrument, client, replay):
    with replay("responses_stream"):
        stream = client.responses.create(**RESPONSES_REQUEST)
        assert isinstance(stream, openai.Stream)
        events = list(stream)
    assert [event.type for event in events] == RESPONSE_EVENT_TYPES
    assert events[-1].response.output_text == HELLO
    _check(otel, mode, RESPONSES_EXPECTED)


async def test_async_responses_stream(otel, mode, instrument, async_client, replay):
    with replay("responses_stream"):
        stream = await async_client.responses.create(**RESPONSES_REQUEST)
        assert isinstance(stream, openai.AsyncStream)
        events = [event async for event in stream]
    assert [event.type for event in events] == RESPONSE_EVENT_TYPES
    assert events[-1].response.output_text == HELLO
    _check(otel, mode, RESPONSES_EXPECTED)


@pytest.mark.parametrize("cassette", ["completions_stream", "responses_stream"])
def test_time_to_first_chunk_metric_once(otel, mode, instrument, client, replay, cassette):
    create = client.completions.create if cassette == "completions_stream" else client.responses.create
    request = COMPLETIONS_REQUEST if cassette == "completions_stream" else RESPONSES_REQUEST
    with replay(cassette):
        for _chunk in create(**request):
            pass
    (point,) = otel.metric_points()["gen_ai.client.operation.time_to_first_chunk"]
    assert point.count == 1
    assert point.sum == otel.spans()[0].attributes["gen_ai.response.time_to_first_chunk"]
