"""The adapter hooks SDKs ahead need: routing one shared method, streams that are only iterables,
and generators that send their request on the first ``next()``."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from opentelemetry import trace

from genotel.core import Endpoint, GenAIInstrumentor, Request, in_genai_call
from genotel.core.testing import instrumented
from tests.core.stream_fakes import CHUNKS, PROVIDER, FakeAdapter, assert_stream_span


class SharedMethodClient:
    """Like botocore: every API call goes through one method, named by an operation."""

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return {"operation": operation, "id": "r-1", "model": params.get("model")}


class RoutingAdapter(FakeAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def owns(self, instance: Any, args: Any, kwargs: Any) -> bool:
        return args[0] == "Converse"

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        self.requests += 1
        return Request(operation="chat", provider=PROVIDER, model=args[1].get("model"))


class IterableStream:
    """Like botocore's EventStream: ``__iter__`` (a generator), no ``__next__``."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self):
        yield from CHUNKS

    def close(self) -> None:
        self.closed = True


class AsyncIterableStream:
    def __aiter__(self):
        return self._chunks()

    async def _chunks(self):
        for chunk in CHUNKS:
            yield chunk


SEEN: list[dict[str, Any]] = []


def inner_call(model: str) -> dict[str, Any]:
    """An instrumented method the generator calls while sending its request (must get no span)."""
    return {"model": model}


def lazy_generator(model: str, stream: bool = True):
    """Like google-genai's sync generate_content_stream: the request is sent on the first next()."""
    SEEN.append({"inside": in_genai_call(), "span": trace.get_current_span().get_span_context().span_id})
    inner_call(model)
    yield from CHUNKS


class ReadAheadResponse:
    """Like google-generativeai's streamed response: the first chunk is read inside the call, the rest later."""

    def __init__(self, chunks: Any) -> None:
        self._iterator = iter(chunks)
        self.first = next(self._iterator)

    def __iter__(self):
        yield self.first
        yield from self._iterator


class ReadAheadAdapter(FakeAdapter):
    def wrap(self, result: Any, invocation: Any) -> Any:
        result._iterator = invocation.observe(result._iterator, read=[result.first])
        return result


class Client:
    def stream_read_ahead(self, model: str, stream: bool = True) -> ReadAheadResponse:
        return ReadAheadResponse(CHUNKS)

    def stream_iterable(self, model: str, stream: bool = True) -> IterableStream:
        return IterableStream()

    async def stream_async_iterable(self, model: str, stream: bool = True) -> AsyncIterableStream:
        return AsyncIterableStream()

    def stream_lazily(self, model: str, stream: bool = True):
        return lazy_generator(model)


ROUTING = RoutingAdapter()
STREAMS = FakeAdapter()


class HookInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.hooks"

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint(__name__, "SharedMethodClient.call", ROUTING),
            Endpoint(__name__, "Client.stream_iterable", STREAMS),
            Endpoint(__name__, "Client.stream_async_iterable", STREAMS, is_async=True),
            Endpoint(__name__, "Client.stream_lazily", STREAMS),
            Endpoint(__name__, "inner_call", STREAMS),
            Endpoint(__name__, "Client.stream_read_ahead", ReadAheadAdapter()),
        ]


@pytest.fixture
def hooks(otel):
    SEEN.clear()
    ROUTING.requests = 0
    with instrumented(HookInstrumentor(), otel, capture_content=True):
        yield


def test_calls_that_are_not_the_adapters_cost_one_check_and_log_nothing(hooks, otel, caplog):
    client = SharedMethodClient()
    with caplog.at_level(logging.DEBUG, logger="genotel"):
        assert client.call("PutObject", {"Bucket": "b"})["operation"] == "PutObject"
    assert caplog.records == []
    assert otel.spans() == [] and ROUTING.requests == 0
    assert client.call("Converse", {"model": "fake-model"})["id"] == "r-1"
    (span,) = otel.spans()
    assert span.name == "chat fake-model"


def test_an_owns_that_fails_means_not_ours(hooks, otel, monkeypatch):
    monkeypatch.setattr(RoutingAdapter, "owns", lambda self, instance, args, kwargs: 1 / 0)
    assert SharedMethodClient().call("Converse", {"model": "fake-model"})["id"] == "r-1"
    assert otel.spans() == []


def test_a_stream_that_is_only_iterable_is_observed(hooks, otel):
    stream = Client().stream_iterable(model="fake-model", stream=True)
    assert isinstance(stream, IterableStream)
    assert "".join(chunk.text for chunk in stream) == "Hello, world!"
    assert_stream_span(otel, "Hello, world!", finish="stop")
    stream.close()
    assert stream.closed


async def test_an_async_stream_that_is_only_iterable_is_observed(hooks, otel):
    stream = await Client().stream_async_iterable(model="fake-model", stream=True)
    assert "".join([chunk.text async for chunk in stream]) == "Hello, world!"
    assert_stream_span(otel, "Hello, world!", finish="stop")


def test_a_generator_sends_its_request_inside_the_genai_span(hooks, otel):
    chunks = list(Client().stream_lazily(model="fake-model", stream=True))
    assert len(chunks) == len(CHUNKS)
    (span,) = otel.spans()  # inner_call, made while sending the request, has no span of its own
    assert [{"inside": True, "span": span.context.span_id}] == SEEN
    assert_stream_span(otel, "Hello, world!", finish="stop")


def test_chunks_the_sdk_read_ahead_count_first(hooks, otel):
    response = Client().stream_read_ahead(model="fake-model", stream=True)
    assert isinstance(response, ReadAheadResponse)
    assert otel.spans() == []  # the rest of the stream is still to come
    assert "".join(chunk.text for chunk in response) == "Hello, world!"
    assert_stream_span(otel, "Hello, world!", finish="stop")


class CodedError(Exception):
    """Like botocore's ClientError: one class for every service error, the useful type in a code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"An error occurred ({code})")
        self.code = code


class CodedAdapter(RoutingAdapter):
    def error_type(self, error: BaseException) -> str:
        return getattr(error, "code", None) or super().error_type(error)


class FailingClient:
    def call(self, operation: str, params: dict[str, Any]) -> Any:
        raise CodedError("ThrottlingException")


class CodedInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.coded"

    def endpoints(self) -> list[Endpoint]:
        return [Endpoint(__name__, "FailingClient.call", CodedAdapter())]


def test_the_adapter_names_the_error_type(otel):
    with instrumented(CodedInstrumentor(), otel), pytest.raises(CodedError):
        FailingClient().call("Converse", {"model": "fake-model"})
    (span,) = otel.spans()
    assert span.attributes["error.type"] == "ThrottlingException"
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.attributes["error.type"] == "ThrottlingException"
