"""Streams of the other two generation APIs: legacy completions and Responses API events.

Same checks as the chat streams: sync and async, every mode, the whole exported telemetry,
and the caller sees the SDK's own objects unchanged.
"""

from __future__ import annotations

import openai
import pytest

from genotel.core.testing import Expected
from tests.openai.scenarios import (
    COMPLETION,
    COMPLETIONS_BASE,
    COMPLETIONS_CONTENT,
    COMPLETIONS_METRIC,
    COMPLETIONS_REQUEST,
    HELLO,
    RESPONSES_BASE,
    RESPONSES_CONTENT,
    RESPONSES_METRIC,
    RESPONSES_REQUEST,
    assert_metrics,
    check_telemetry,
)

# --- completions_stream: text_completion; the "." chunk and a trailing empty chunk both say length ---

COMPLETIONS_STREAM_REQUEST = {**COMPLETIONS_REQUEST, "stream": True}
COMPLETIONS_EXPECTED = Expected(
    span_name="text_completion gpt-3.5-turbo-instruct",
    provider_latest="openai",
    stream=True,
    base={**COMPLETIONS_BASE, "gen_ai.response.id": "cmpl-BoxAaFrRXv71PpzdrtvOS5ojJIfO3"},  # no usage in the stream
    **COMPLETIONS_CONTENT,
)

# --- responses_stream: 12 events; the final response.completed carries id, usage and status ------------

RESPONSES_STREAM_REQUEST = {**RESPONSES_REQUEST, "stream": True}
RESPONSES_EXPECTED = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    stream=True,
    base={**RESPONSES_BASE, "gen_ai.response.id": "resp_686672a0b9128190ff3341b4dff0e3e07fe9d882df6912b0"},
    **RESPONSES_CONTENT,
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


def test_completions_stream(otel, mode, instrument, call, replay):
    with replay("completions_stream"):
        chunks = call(lambda sdk: sdk.completions.create(**COMPLETIONS_STREAM_REQUEST), into=[])
    assert isinstance(call.returned, openai.AsyncStream if call.is_async else openai.Stream)
    assert len(chunks) == 7
    assert "".join(chunk.choices[0].text for chunk in chunks) == COMPLETION
    check_telemetry(otel, mode, COMPLETIONS_EXPECTED)


def test_responses_stream(otel, mode, instrument, call, replay):
    with replay("responses_stream"):
        events = call(lambda sdk: sdk.responses.create(**RESPONSES_STREAM_REQUEST), into=[])
    assert isinstance(call.returned, openai.AsyncStream if call.is_async else openai.Stream)
    assert [event.type for event in events] == RESPONSE_EVENT_TYPES
    assert events[-1].response.output_text == HELLO
    check_telemetry(otel, mode, RESPONSES_EXPECTED)


@pytest.mark.parametrize(
    ("cassette", "request_kwargs", "metric", "tokens"),
    [
        ("completions_stream", COMPLETIONS_STREAM_REQUEST, COMPLETIONS_METRIC, {}),
        ("responses_stream", RESPONSES_STREAM_REQUEST, RESPONSES_METRIC, {"input": 20, "output": 9}),
    ],
    ids=["completions_stream", "responses_stream"],
)
def test_stream_metrics(otel, mode, instrument, client, replay, cassette, request_kwargs, metric, tokens):
    create = client.completions.create if cassette == "completions_stream" else client.responses.create
    with replay(cassette):
        for _chunk in create(**request_kwargs):
            pass
    assert_metrics(otel, mode, metric, tokens, stream=True)


def test_responses_stream_helper(otel, mode, instrument, client, replay):
    """``responses.stream()`` goes through ``responses.create``: one span, every event, the final response."""
    with replay("responses_stream"), client.responses.stream(**RESPONSES_REQUEST) as stream:
        events = [event.type for event in stream]
        final = stream.get_final_response()
    assert events[-1] == "response.completed"
    assert final.output_text == HELLO
    check_telemetry(otel, mode, RESPONSES_EXPECTED)


async def test_async_responses_stream_helper(otel, mode, instrument, async_client, replay):
    with replay("responses_stream"):
        async with async_client.responses.stream(**RESPONSES_REQUEST) as stream:
            events = [event.type async for event in stream]
            final = await stream.get_final_response()
    assert events[-1] == "response.completed"
    assert final.output_text == HELLO
    check_telemetry(otel, mode, RESPONSES_EXPECTED)
