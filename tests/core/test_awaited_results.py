"""Results read with an await (aiobotocore's response body), accumulators chosen per call, and
async streams shaped like aiobotocore's ``AioEventStream`` (``__anext__`` an async generator
function that ``__aiter__`` calls; a plain ``close()``)."""

from __future__ import annotations

from typing import Any

import pytest

from genotel.core import Endpoint, GenAIInstrumentor, OutputMessage, Response, TextPart
from genotel.core.testing import instrumented
from tests.core.stream_fakes import CHUNKS, FakeAccumulator, FakeAdapter, assert_stream_span, one_span


class AioEventStreamLike:
    """``__aiter__`` returns ``self.__anext__()``, an async generator; ``close`` is synchronous."""

    def __init__(self) -> None:
        self.closed = False

    def __aiter__(self):
        return self.__anext__()

    async def __anext__(self):
        for chunk in CHUNKS:
            if self.closed:
                return
            yield chunk

    def close(self) -> None:
        self.closed = True


class AwaitedBody:
    """A body the application reads with ``await body.read()``, once."""

    def __init__(self) -> None:
        self.data: bytes | None = b"Hello, world!"

    async def read(self) -> bytes:
        data, self.data = self.data or b"", b""
        return data


class ReadingAdapter(FakeAdapter):
    """Reads the body inside the call and hands it back readable again."""

    async def wrap_async(self, result: Any, invocation: Any) -> Any:
        data = await result.read()
        result.data = data
        message = OutputMessage("assistant", [TextPart(data.decode())], "stop")
        invocation.finish(Response("fake-1", "fake-model-v1", [message]))
        return result


class PerCallAdapter(FakeAdapter):
    """Passes its own accumulator to ``observe`` (the default ``accumulator`` would not do)."""

    def __init__(self) -> None:
        super().__init__()
        self.given: list[FakeAccumulator] = []

    def accumulator(self, capture: bool) -> Any:
        raise AssertionError("observe must use the accumulator it is given")

    def wrap(self, result: Any, invocation: Any) -> Any:
        self.given.append(FakeAccumulator(invocation.capture))
        return invocation.observe(result, accumulator=self.given[-1])


class AioClient:
    async def stream(self, model: str, stream: bool = True) -> AioEventStreamLike:
        return AioEventStreamLike()

    async def body(self, model: str) -> AwaitedBody:
        return AwaitedBody()

    async def per_call(self, model: str, stream: bool = True) -> AioEventStreamLike:
        return AioEventStreamLike()


PER_CALL = PerCallAdapter()


class AioInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.awaited"

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint(__name__, "AioClient.stream", FakeAdapter(), is_async=True),
            Endpoint(__name__, "AioClient.body", ReadingAdapter(), is_async=True),
            Endpoint(__name__, "AioClient.per_call", PER_CALL, is_async=True),
        ]


@pytest.fixture
def aio(otel):
    with instrumented(AioInstrumentor(), otel, capture_content=True):
        yield


async def test_an_async_generator_anext_is_an_iterable_not_an_iterator(aio, otel):
    stream = await AioClient().stream(model="fake-model", stream=True)
    assert isinstance(stream, AioEventStreamLike)
    assert "".join([chunk.text async for chunk in stream]) == "Hello, world!"
    assert_stream_span(otel, "Hello, world!", finish="stop")


async def test_a_synchronous_close_stays_synchronous_and_finishes(aio, otel):
    stream = await AioClient().stream(model="fake-model", stream=True)
    async for chunk in stream:
        assert chunk.text == "Hello"
        break
    assert stream.close() is None  # not a coroutine left unawaited
    assert stream.closed
    assert_stream_span(otel, "Hello")


async def test_wrap_async_is_awaited_for_adapters_that_define_it(aio, otel):
    body = await AioClient().body(model="fake-model")
    assert body.data == b"Hello, world!"
    span = one_span(otel)
    assert span.attributes["gen_ai.completion.0.content"] == "Hello, world!"
    assert span.attributes["gen_ai.response.id"] == "fake-1"


async def test_observe_uses_the_accumulator_it_is_given(aio, otel):
    PER_CALL.given.clear()
    stream = await AioClient().per_call(model="fake-model", stream=True)
    assert "".join([chunk.text async for chunk in stream]) == "Hello, world!"
    assert len(PER_CALL.given) == 1
    assert_stream_span(otel, "Hello, world!", finish="stop")
