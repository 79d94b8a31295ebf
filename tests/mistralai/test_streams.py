"""chat.stream / stream_async: the SDK's own EventStream types kept, every event delivered, one span per stream.

Mistral streams SSE ``data:`` chunks (``CompletionEvent``s wrapping the chunk in ``data``), usage
in the last one, then ``data: [DONE]``. The span finishes on exhaustion, ``close()``, leaving the
``with`` block, or an early ``break`` once the stream is dropped.
"""

from __future__ import annotations

import asyncio

from tests.anthropic.claude_scenarios import check
from tests.mistralai.scenarios import (
    HELLO,
    HELLO_TOKENS,
    MODEL,
    STREAM_ID,
    TEXT_REQUEST,
    TOOLS_REQUEST,
    EventStream,
    EventStreamAsync,
    hello_expected,
    tools_expected,
)


def test_stream_text(otel, mode, instrument, call, replay):
    events: list = []
    with replay("chat_stream"):
        call(lambda sdk: sdk.chat.stream(**TEXT_REQUEST), into=events)
    assert isinstance(call.returned, EventStreamAsync if call.is_async else EventStream)
    assert len(events) == 7
    assert "".join(event.data.choices[0].delta.content for event in events) == HELLO
    assert events[-1].data.usage.completion_tokens == 12
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


def test_stream_tool_calls(otel, mode, instrument, call, replay):
    events: list = []
    with replay("chat_stream_tools"):
        call(lambda sdk: sdk.chat.stream(**TOOLS_REQUEST), into=events)
    assert [c.id for c in events[-1].data.choices[0].delta.tool_calls] == ["D681PevKs", "A7kq2ZxQm"]
    check(otel, mode, tools_expected("e0a9d3c7b2f14e6a8c5d1b0f9e7a3c26", stream=True), {"input": 96, "output": 40})


def own_span(otel):
    (span,) = otel.spans()
    assert span.name == f"chat {MODEL}"
    return span


def test_context_manager_exit_ends_the_span(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"), client.chat.stream(**TEXT_REQUEST) as stream:
        assert isinstance(stream, EventStream)
        first = next(iter(stream))
        assert first.data.id == STREAM_ID
        assert otel.spans() == []
    span = own_span(otel)
    assert span.attributes["gen_ai.response.id"] == STREAM_ID
    assert "error.type" not in span.attributes


def test_close_ends_the_span(otel, mode, instrument, client, replay, no_gc):
    """``close()`` (mistralai >= 2), or leaving the stream as a context manager (1.x has no ``close()``)."""
    with replay("chat_stream"):
        stream = client.chat.stream(**TEXT_REQUEST)
        next(stream)
        if hasattr(EventStream, "close"):
            stream.close()
        else:
            stream.__exit__(None, None, None)
    assert "gen_ai.usage.input_tokens" not in own_span(otel).attributes  # usage comes in the last chunk


def test_closing_the_http_response_ends_the_span(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"):
        stream = client.chat.stream(**TEXT_REQUEST)
        assert next(stream).data.id == STREAM_ID
        stream.response.close()
    assert own_span(otel).attributes["gen_ai.response.id"] == STREAM_ID


def test_break_then_drop_ends_the_span(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        for _event in client.chat.stream(**TEXT_REQUEST):
            break
    own_span(otel)


def test_async_context_manager_exit_ends_the_span(otel, mode, instrument, client, replay, no_gc):
    async def run():
        async with await client.chat.stream_async(**TEXT_REQUEST) as stream:
            assert isinstance(stream, EventStreamAsync)
            async for _event in stream:
                break

    with replay("chat_stream"):
        asyncio.run(run())
    own_span(otel)
