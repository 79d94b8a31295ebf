"""The SDK's ``chat.completions.stream()`` helper keeps working and still makes one complete span."""

from __future__ import annotations

from tests.openai.scenarios import (
    CHAT_METRIC,
    CHAT_STREAM_EXPECTED,
    CHAT_STREAM_ID,
    CHAT_STREAM_REQUEST,
    HELLO,
    assert_metrics,
    check_telemetry,
)

# .stream() takes create()'s arguments but sets stream=True itself
HELPER_REQUEST = {key: value for key, value in CHAT_STREAM_REQUEST.items() if key != "stream"}


def _check_stream(otel, mode, events, final):
    """The helper's own events and final completion are whole, whatever genotel buffers."""
    assert "".join(event.delta for event in events if event.type == "content.delta") == HELLO
    assert [event.content for event in events if event.type == "content.done"] == [HELLO]
    assert final.id == CHAT_STREAM_ID
    assert final.choices[0].message.content == HELLO
    assert final.choices[0].finish_reason == "stop"
    assert final.usage.completion_tokens == 6
    check_telemetry(otel, mode, CHAT_STREAM_EXPECTED)
    assert_metrics(otel, mode, CHAT_METRIC, {"input": 24, "output": 6}, stream=True)


def test_stream_helper_sync(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.stream(**HELPER_REQUEST) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    _check_stream(otel, mode, events, final)


async def test_stream_helper_async(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        async with async_client.chat.completions.stream(**HELPER_REQUEST) as stream:
            events = [event async for event in stream]
            final = await stream.get_final_completion()
    _check_stream(otel, mode, events, final)
