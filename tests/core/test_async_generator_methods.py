"""An async generator method (``async def`` with ``yield``) is called without ``await``: patched as a
plain call, its result is still observed as the async stream it is (cohere's ``AsyncClientV2.chat_stream``)."""

from __future__ import annotations

import gc
from typing import Any

from genotel.core import Endpoint, GenAIInstrumentor
from genotel.core.testing import instrumented
from tests.core.stream_fakes import ADAPTER, MODEL, Chunk, assert_stream_span


class AsyncGeneratorClient:
    async def create(self, model: str, stream: bool = True) -> Any:
        for text, finish in (("Hello", None), (", ", None), ("world", None), ("!", "stop")):
            yield Chunk(text, finish)


class AsyncGeneratorInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.fake_async_generator"

    def endpoints(self) -> list[Endpoint]:
        return [Endpoint(__name__, "AsyncGeneratorClient.create", ADAPTER)]  # called, not awaited


async def test_async_generator_result_is_observed_to_its_end(otel):
    with instrumented(AsyncGeneratorInstrumentor(), otel, capture_content=True):
        stream = AsyncGeneratorClient().create(model=MODEL, stream=True)
        assert stream.__aiter__ is not None and not hasattr(stream, "__next__")
        assert [chunk.text async for chunk in stream] == ["Hello", ", ", "world", "!"]
    assert_stream_span(otel, "Hello, world!", "stop")


async def test_async_generator_left_early_ends_its_span(otel):
    with instrumented(AsyncGeneratorInstrumentor(), otel, capture_content=True):
        stream = AsyncGeneratorClient().create(model=MODEL, stream=True)
        async for _chunk in stream:
            break
        await stream.aclose()
        del stream
        gc.collect()
    assert_stream_span(otel, "Hello")
