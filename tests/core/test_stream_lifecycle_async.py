"""Core stream proxies, async, without any SDK: however a stream stops, one span with what arrived.

Adds what only async has: ``aclose`` and task cancellation while awaiting the next chunk.
"""

from __future__ import annotations

import asyncio
import gc

import pytest

from genotel.core.testing import instrumented
from tests.core.stream_fakes import (
    ADAPTER,
    MODEL,
    AsyncFakeClient,
    AsyncFakeStream,
    FakeInstrumentor,
    FakeSDKError,
    assert_stream_span,
    one_span,
)

# -- async ------------------------------------------------------------------------------------


async def test_async_exhaustion(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    assert [chunk.text async for chunk in stream] == ["Hello", ", ", "world", "!"]
    assert_stream_span(otel, "Hello, world!", "stop")


@pytest.mark.parametrize("closer", ["aclose", "close"])
async def test_async_close_mid_stream(otel, fake, closer):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    assert (await stream.__anext__()).text == "Hello"
    await getattr(stream, closer)()
    assert stream.closed is True
    assert_stream_span(otel, "Hello")


async def test_async_with_exit_mid_stream(otel, fake):
    async with await AsyncFakeClient().create(model=MODEL, stream=True) as stream:
        async for chunk in stream:
            if chunk.text == ", ":
                break
        assert otel.spans() == []
    assert stream.closed is True
    assert_stream_span(otel, "Hello, ")


async def test_async_sdk_error_mid_stream(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True, fail_at=2)
    with pytest.raises(FakeSDKError) as caught:
        async for _chunk in stream:
            pass
    assert caught.value is stream.error
    assert_stream_span(otel, "Hello, ", error="FakeSDKError")


async def test_async_consumer_error_in_loop_body_then_gc(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    with pytest.raises(KeyError):
        async for chunk in stream:
            if chunk.text == ", ":
                raise KeyError("the application's own bug")
    del stream
    gc.collect()
    assert_stream_span(otel, "Hello, ")


async def test_async_consumer_error_inside_async_with(otel, fake):
    with pytest.raises(KeyError):
        async with await AsyncFakeClient().create(model=MODEL, stream=True) as stream:
            await stream.__anext__()
            raise KeyError("the application's own bug")
    assert_stream_span(otel, "Hello")


async def test_async_break_then_gc(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    async for chunk in stream:
        if chunk.text == "world":
            break
    assert otel.spans() == []
    del stream, chunk
    gc.collect()
    assert_stream_span(otel, "Hello, world")


async def test_async_task_cancelled_while_awaiting_a_chunk(otel, fake):
    """Cancellation is the call not completing: the span ends at once, ERROR, error.type CancelledError."""
    stream = await AsyncFakeClient().create(model=MODEL, stream=True, gate_at=2)
    received = []

    async def consume() -> None:
        async for chunk in stream:
            received.append(chunk.text)

    task = asyncio.create_task(consume())
    await stream.waiting.wait()
    assert otel.spans() == []
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert received == ["Hello", ", "]
    assert_stream_span(otel, "Hello, ", error="CancelledError")


async def test_async_never_iterated_then_gc(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    del stream
    gc.collect()
    assert_stream_span(otel, None)


async def test_async_finishing_twice_is_one_span(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    assert len([chunk async for chunk in stream]) == 4
    await stream.aclose()
    await stream.close()
    assert_stream_span(otel, "Hello, world!", "stop")
    otel.clear()
    async with await AsyncFakeClient().create(model=MODEL, stream=True) as stream:
        await stream.__anext__()
        await stream.aclose()
    assert_stream_span(otel, "Hello", streams=2)


async def test_async_proxy_keeps_type_and_attributes(otel, fake):
    stream = await AsyncFakeClient().create(model=MODEL, stream=True)
    assert isinstance(stream, AsyncFakeStream)
    assert stream.request_id == "req_fake_123"
    assert stream.gate_at is None
    await stream.aclose()
    assert_stream_span(otel, None)


async def test_async_content_off_buffers_no_text(otel):
    ADAPTER.accumulators.clear()
    with instrumented(FakeInstrumentor(), otel, capture_content=False):
        stream = await AsyncFakeClient().create(model=MODEL, stream=True)
        assert len([chunk async for chunk in stream]) == 4
    (accumulator,) = ADAPTER.accumulators
    assert (accumulator.capture, accumulator.texts, accumulator.chunks) == (False, [], 4)
    span = one_span(otel)
    assert isinstance(span.attributes["gen_ai.response.time_to_first_chunk"], float)
    assert "gen_ai.completion.0.content" not in span.attributes
