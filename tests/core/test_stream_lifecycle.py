"""Core stream proxies, sync, without any SDK: however a stream stops, one span with what arrived.

The fake SDK and the assertion helper are in ``stream_fakes``, the ``fake`` fixture in ``conftest``;
the async flavour is in ``test_stream_lifecycle_async``.
"""

from __future__ import annotations

import gc

import pytest

from genotel.core.testing import instrumented
from tests.core.stream_fakes import (
    ADAPTER,
    MODEL,
    FakeClient,
    FakeInstrumentor,
    FakeSDKError,
    FakeStream,
    assert_stream_span,
    one_span,
)

# -- sync -------------------------------------------------------------------------------------


def test_exhaustion(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    assert [chunk.text for chunk in stream] == ["Hello", ", ", "world", "!"]
    assert_stream_span(otel, "Hello, world!", "stop")


def test_close_mid_stream(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    assert next(stream).text == "Hello"
    assert next(stream).text == ", "
    stream.close()
    assert stream.closed is True
    assert_stream_span(otel, "Hello, ")


def test_with_exit_mid_stream(otel, fake):
    with FakeClient().create(model=MODEL, stream=True) as stream:
        for chunk in stream:
            if chunk.text == ", ":
                break
        assert otel.spans() == []
    assert stream.closed is True
    assert_stream_span(otel, "Hello, ")


def test_sdk_error_mid_stream(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True, fail_at=3)
    received = []
    with pytest.raises(FakeSDKError) as caught:
        for chunk in stream:
            received.append(chunk.text)
    assert caught.value is stream.error
    assert received == ["Hello", ", ", "world"]
    span = assert_stream_span(otel, "Hello, world", error="FakeSDKError")
    assert span.status.description == "connection dropped"
    assert [event.name for event in span.events] == ["exception"]
    assert span.events[0].attributes["exception.message"] == "connection dropped"


def test_consumer_error_in_loop_body_then_gc(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    with pytest.raises(KeyError):
        for chunk in stream:
            if chunk.text == "world":
                raise KeyError("the application's own bug")
    del stream
    gc.collect()
    assert_stream_span(otel, "Hello, world")


def test_consumer_error_inside_with_block(otel, fake):
    with pytest.raises(KeyError), FakeClient().create(model=MODEL, stream=True) as stream:
        next(stream)
        raise KeyError("the application's own bug")
    assert_stream_span(otel, "Hello")


def test_break_then_gc(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    for chunk in stream:
        if chunk.text == "world":
            break
    assert otel.spans() == []
    del stream, chunk
    gc.collect()
    assert_stream_span(otel, "Hello, world")


def test_never_iterated_then_gc(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    del stream
    gc.collect()
    assert_stream_span(otel, None)


def test_close_after_exhaustion_and_exit_after_close(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    list(stream)
    stream.close()
    with pytest.raises(StopIteration):
        next(stream)
    assert_stream_span(otel, "Hello, world!", "stop")
    otel.clear()
    with FakeClient().create(model=MODEL, stream=True) as stream:
        next(stream)
        stream.close()
    del stream
    gc.collect()
    assert_stream_span(otel, "Hello", streams=2)


def test_proxy_keeps_type_and_attributes(otel, fake):
    stream = FakeClient().create(model=MODEL, stream=True)
    assert isinstance(stream, FakeStream)
    assert stream.request_id == "req_fake_123"
    assert stream.position == 0
    next(stream)
    assert stream.position == 1
    stream.close()
    assert_stream_span(otel, "Hello")


def test_content_off_buffers_no_text_and_times_first_chunk(otel):
    ADAPTER.accumulators.clear()
    with instrumented(FakeInstrumentor(), otel, capture_content=False):
        assert len(list(FakeClient().create(model=MODEL, stream=True))) == 4
    (accumulator,) = ADAPTER.accumulators
    assert accumulator.capture is False
    assert accumulator.texts == []
    assert accumulator.chunks == 4
    span = one_span(otel)
    attributes = dict(span.attributes)
    ttfc = attributes.pop("gen_ai.response.time_to_first_chunk")
    assert isinstance(ttfc, float) and ttfc >= 0
    assert attributes == {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "fakeai",
        "gen_ai.request.model": "fake-model",
        "gen_ai.response.id": "fake-1",
        "gen_ai.response.model": "fake-model-v1",
        "gen_ai.response.finish_reasons": ("stop",),
    }
    (point,) = otel.metric_points()["gen_ai.client.operation.time_to_first_chunk"]
    assert point.count == 1
    assert point.sum == ttfc
