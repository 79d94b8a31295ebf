"""A fake SDK for the core stream-proxy tests (no provider SDK involved).

``FakeClient.create`` / ``AsyncFakeClient.create`` return fake streams shaped like an SDK's
(iterator, ``close``, context manager, own attributes); ``FakeInstrumentor`` patches them through
the real patch table, wrapper and proxies, with an adapter that keeps every accumulator it built.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from opentelemetry.trace import StatusCode

from genotel.core import Adapter, Endpoint, GenAIInstrumentor, OutputMessage, Provider, Request, Response, TextPart

PROVIDER = Provider("fakeai", "fakeai")

MODEL = "fake-model"


@dataclass
class Chunk:
    text: str
    finish_reason: str | None = None


CHUNKS = (Chunk("Hello"), Chunk(", "), Chunk("world"), Chunk("!", "stop"))


class FakeSDKError(Exception):
    """What the fake SDK raises mid-stream (a dropped connection)."""


class FakeStream:
    """Shaped like an SDK stream: an iterator, closeable, a context manager, with its own attributes."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.position = 0
        self.fail_at = fail_at
        self.error = FakeSDKError("connection dropped")
        self.closed = False
        self.request_id = "req_fake_123"

    def _next_chunk(self) -> Chunk | None:
        if self.position == self.fail_at:
            raise self.error
        if self.closed or self.position == len(CHUNKS):
            return None
        self.position += 1
        return CHUNKS[self.position - 1]

    def __iter__(self) -> FakeStream:
        return self

    def __next__(self) -> Chunk:
        chunk = self._next_chunk()
        if chunk is None:
            raise StopIteration
        return chunk

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> FakeStream:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


class AsyncFakeStream(FakeStream):
    """The async flavour; with ``gate_at`` it waits on ``gate`` before that chunk (``waiting`` is set)."""

    def __init__(self, fail_at: int | None = None, gate_at: int | None = None) -> None:
        super().__init__(fail_at)
        self.gate_at = gate_at
        self.gate = asyncio.Event()
        self.waiting = asyncio.Event()

    def __aiter__(self) -> AsyncFakeStream:
        return self

    async def __anext__(self) -> Chunk:
        if self.position == self.gate_at:
            self.waiting.set()
            await self.gate.wait()
        chunk = self._next_chunk()
        if chunk is None:
            raise StopAsyncIteration
        return chunk

    async def aclose(self) -> None:
        self.closed = True

    async def close(self) -> None:  # type: ignore[override]
        self.closed = True

    async def __aenter__(self) -> AsyncFakeStream:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.close()


class FakeClient:
    def create(self, model: str, stream: bool = False, fail_at: int | None = None) -> FakeStream:
        return FakeStream(fail_at)


class AsyncFakeClient:
    async def create(
        self, model: str, stream: bool = False, fail_at: int | None = None, gate_at: int | None = None
    ) -> AsyncFakeStream:
        return AsyncFakeStream(fail_at, gate_at)


class FakeAccumulator:
    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.chunks = 0
        self.texts: list[str] = []
        self.finish_reason: str | None = None

    def add(self, chunk: Chunk) -> None:
        self.chunks += 1
        if self.capture:
            self.texts.append(chunk.text)
        if chunk.finish_reason:
            self.finish_reason = chunk.finish_reason

    def response(self) -> Response:
        if not self.chunks:
            return Response()
        parts = [TextPart("".join(self.texts))] if self.texts else []
        return Response("fake-1", "fake-model-v1", [OutputMessage("assistant", parts, self.finish_reason)])


class FakeAdapter(Adapter):
    """Pure converters; keeps every accumulator it built so tests can look inside."""

    def __init__(self) -> None:
        self.accumulators: list[FakeAccumulator] = []

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return Request(operation="chat", provider=PROVIDER, model=kwargs.get("model"), stream=kwargs.get("stream"))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        return None

    def accumulator(self, capture: bool) -> FakeAccumulator:
        self.accumulators.append(FakeAccumulator(capture))
        return self.accumulators[-1]


ADAPTER = FakeAdapter()


class FakeInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.fake"

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint(__name__, "FakeClient.create", ADAPTER),
            Endpoint(__name__, "AsyncFakeClient.create", ADAPTER, is_async=True),
        ]


def one_span(otel: Any) -> Any:
    spans = otel.spans()
    assert len(spans) == 1, [span.name for span in spans]
    return spans[0]


def assert_stream_span(
    otel: Any, text: str | None, finish: str | None = None, error: str | None = None, streams: int = 1
) -> Any:
    """Exactly one span holding exactly ``text`` (None: no chunk arrived), the finish reason and error.

    Finishing is recorded once: ``streams`` durations in all (metrics are cumulative across
    ``otel.clear()``, spans are not).
    """
    span = one_span(otel)
    durations = otel.metric_points()["gen_ai.client.operation.duration"]
    assert sum(point.count for point in durations) == streams
    assert span.name == "chat fake-model"
    attributes = dict(span.attributes)
    ttfc = attributes.pop("gen_ai.response.time_to_first_chunk", None)
    want: dict[str, Any] = {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "fakeai",
        "gen_ai.request.model": "fake-model",
    }
    if text is not None:
        assert isinstance(ttfc, float) and ttfc >= 0
        want.update(
            {
                "gen_ai.response.id": "fake-1",
                "gen_ai.response.model": "fake-model-v1",
                "gen_ai.completion.0.role": "assistant",
                "gen_ai.completion.0.content": text,
            }
        )
    else:
        assert ttfc is None
    if finish is not None:
        want["gen_ai.response.finish_reasons"] = (finish,)
        want["gen_ai.completion.0.finish_reason"] = finish
    if error is not None:
        want["error.type"] = error
    assert attributes == want
    assert (span.status.status_code == StatusCode.ERROR) == (error is not None)
    return span
