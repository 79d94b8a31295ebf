"""ClientV2 / AsyncClientV2 ``chat_stream``: the SDK's own (async) generator kept, every event delivered, one span.

Cohere's v2 stream is SSE (``event:`` and ``data:`` lines, the event type in the JSON too):
``message-start`` (the id), ``content-*``, ``tool-plan-delta``, ``tool-call-*``, and
``message-end`` with the finish reason and usage. The request goes out on the first read.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect

import pytest

from tests.anthropic.claude_scenarios import check
from tests.cohere.scenarios import (
    HELLO,
    HELLO_TOKENS,
    MODEL,
    PARIS,
    PLAN,
    STREAM_ID,
    TEXT_REQUEST,
    TOKYO,
    TOOLS_REQUEST,
    hello_expected,
    tools_expected,
)


def test_stream_text(otel, mode, instrument, call, replay):
    events: list = []
    with replay("v2_chat_stream"):
        call(lambda sdk: sdk.chat_stream(**TEXT_REQUEST), into=events)
    assert (inspect.isasyncgen if call.is_async else inspect.isgenerator)(call.returned)
    assert [event.type for event in events][:2] == ["message-start", "content-start"]
    assert "".join(e.delta.message.content.text for e in events if e.type == "content-delta") == HELLO
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


def test_stream_tool_calls(otel, mode, instrument, call, replay):
    events: list = []
    with replay("v2_chat_stream_tools"):
        call(lambda sdk: sdk.chat_stream(**TOOLS_REQUEST), into=events)
    assert "".join(e.delta.message.tool_plan for e in events if e.type == "tool-plan-delta") == PLAN
    starts = [e.delta.message.tool_calls.id for e in events if e.type == "tool-call-start"]
    assert starts == [PARIS, TOKYO]
    check(
        otel, mode, tools_expected("4d7c1b9e-2f6a-4e83-b5c0-7a9d3e1f6b28", stream=True), {"input": 1395, "output": 77}
    )


# cohere 5.x's chat_stream generators catch GeneratorExit and read on when closed early ("generator
# ignored GeneratorExit"), with or without genotel: that error is the SDK's own, raised on close or
# reported when the generator is collected. The tests below collect it before they end.
SDK_EARLY_EXIT_ERROR = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def collected() -> None:
    """The SDK's abandoned generators collected now, so nothing they report lands in a later test."""
    gc.collect()


def own_span(otel):
    (span,) = otel.spans()
    assert span.name == f"chat {MODEL}"
    return span


@SDK_EARLY_EXIT_ERROR
def test_break_then_close_ends_the_span(otel, mode, instrument, client, replay, no_gc):
    with replay("v2_chat_stream"):
        stream = client.chat_stream(**TEXT_REQUEST)
        for event in stream:
            assert event.type == "message-start"
            break
        assert otel.spans() == []
        with contextlib.suppress(RuntimeError):  # cohere 5.x: "generator ignored GeneratorExit", as without genotel
            stream.close()
    span = own_span(otel)
    assert span.attributes["gen_ai.response.id"] == STREAM_ID
    assert "gen_ai.usage.input_tokens" not in span.attributes  # usage comes with message-end
    del stream
    collected()


@SDK_EARLY_EXIT_ERROR
def test_break_then_drop_ends_the_span(otel, mode, instrument, client, replay):
    with replay("v2_chat_stream"):
        for _event in client.chat_stream(**TEXT_REQUEST):
            break
    collected()
    own_span(otel)


@SDK_EARLY_EXIT_ERROR
def test_async_break_then_aclose_ends_the_span(otel, mode, instrument, async_client, replay, no_gc):
    async def run():
        stream = async_client.chat_stream(**TEXT_REQUEST)
        async for _event in stream:
            break
        with contextlib.suppress(RuntimeError):  # cohere 5.x, as with close() above
            await stream.aclose()

    with replay("v2_chat_stream"):
        asyncio.run(run())
    collected()
    own_span(otel)


def test_never_read_makes_no_request_and_ends_when_dropped(otel, instrument, client, replay):
    with replay("v2_chat_stream") as recording:
        stream = client.chat_stream(**TEXT_REQUEST)
        del stream
    assert recording.play_count == 0
    (span,) = otel.spans()
    assert "gen_ai.response.id" not in span.attributes
