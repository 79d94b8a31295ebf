"""``chat.completions.stream()`` and ``responses.stream()`` left early: the span ends with the ``with`` block.

The helpers close the HTTP response, not the stream genotel observes, and hold it in a
reference cycle (the helper's generator refers back to the helper): without the core's
response-close hook the span would wait for the cycle collector. The garbage collector is off
in these tests, so only a real finish ends the span.
"""

from __future__ import annotations

from tests.openai.scenarios import CHAT_STREAM_REQUEST, RESPONSES_REQUEST

CHAT_HELPER = {key: value for key, value in CHAT_STREAM_REQUEST.items() if key != "stream"}


def ended_early(otel, model: str) -> None:
    (span,) = otel.spans()
    assert span.name == f"chat {model}"
    assert span.end_time is not None
    assert "error.type" not in span.attributes
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


def test_chat_stream_helper_left_by_break(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"), client.chat.completions.stream(**CHAT_HELPER) as stream:
        for _event in stream:
            break
    ended_early(otel, "gpt-4o-mini")


def test_chat_stream_helper_closed_by_hand(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"):
        stream = client.chat.completions.stream(**CHAT_HELPER).__enter__()
        next(iter(stream))
        assert otel.spans() == []
        stream.close()
    ended_early(otel, "gpt-4o-mini")


async def test_chat_stream_helper_left_by_break_async(otel, mode, instrument, async_client, replay, no_gc):
    with replay("chat_stream"):
        async with async_client.chat.completions.stream(**CHAT_HELPER) as stream:
            async for _event in stream:
                break
    ended_early(otel, "gpt-4o-mini")


def test_responses_stream_helper_left_by_break(otel, mode, instrument, client, replay, no_gc):
    with replay("responses_stream"), client.responses.stream(**RESPONSES_REQUEST) as stream:
        for _event in stream:
            break
    ended_early(otel, "gpt-4.1-mini")


async def test_responses_stream_helper_left_by_break_async(otel, mode, instrument, async_client, replay, no_gc):
    with replay("responses_stream"):
        async with async_client.responses.stream(**RESPONSES_REQUEST) as stream:
            async for _event in stream:
                break
    ended_early(otel, "gpt-4.1-mini")


def test_a_stream_read_to_the_end_still_finishes_once(otel, mode, instrument, client, replay, no_gc):
    """The SDK closes the response itself after the last chunk: one finish, with everything read."""
    with replay("chat_stream"), client.chat.completions.stream(**CHAT_HELPER) as stream:
        final = stream.get_final_completion()
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.id"] == final.id
    assert span.attributes["gen_ai.usage.output_tokens"] == final.usage.completion_tokens
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1
