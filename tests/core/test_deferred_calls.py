"""Stream managers (the request is made on ``__enter__``) and attribute overrides, through the core."""

from __future__ import annotations

import functools
import inspect
from typing import Any

import pytest

from genotel.core import Endpoint, GenAIInstrumentor, Patch, Request, in_genai_call, override
from genotel.core.testing import instrumented
from tests.core.stream_fakes import AsyncFakeStream, FakeAdapter, FakeStream, assert_stream_span

CALLS: list[dict[str, Any]] = []  # what each deferred API call saw when it ran


def _seen(model: str) -> dict[str, Any]:
    return {"model": model, "inside": in_genai_call(), "tracer": SDKWithOwnTracing().own_tracer}


class StreamManager:
    """Like an SDK's ``messages.stream()`` result: the request happens when the block is entered."""

    def __init__(self, api_request: Any) -> None:
        self._api_request = api_request

    def __enter__(self) -> Any:
        return self._api_request()

    def __exit__(self, *exc_info: Any) -> None:
        pass


class AsyncStreamManager:
    def __init__(self, api_request: Any) -> None:
        self._api_request = api_request  # an awaitable, not awaited yet

    async def __aenter__(self) -> Any:
        return await self._api_request

    async def __aexit__(self, *exc_info: Any) -> None:
        pass


class ManagerClient:
    def stream(self, model: str) -> StreamManager:
        def request() -> FakeStream:
            CALLS.append(_seen(model))
            return FakeStream()

        return StreamManager(request)


class AsyncManagerClient:
    def stream(self, model: str) -> AsyncStreamManager:
        async def request() -> AsyncFakeStream:
            CALLS.append(_seen(model))
            return AsyncFakeStream()

        return AsyncStreamManager(request())


class SDKWithOwnTracing:
    """Stands for an SDK that traces by itself unless told it is inside genotel's call."""

    @property
    def own_tracer(self) -> str:
        return "sdk-tracer"


class ManagerAdapter(FakeAdapter):
    """The adapter hook for managers: the prepared request (callable or awaitable) goes through ``trace``."""

    defers_request = True

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        request = super().to_request(instance, args, kwargs)
        request.stream = True  # the manager always streams
        return request

    def defer(self, manager: Any, trace: Any) -> Any:
        request = manager._api_request
        manager._api_request = trace(request) if inspect.isawaitable(request) else functools.partial(trace, request)
        return manager


MANAGERS = ManagerAdapter()


class ManagerInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.managers"

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint(__name__, "ManagerClient.stream", MANAGERS),
            Endpoint(__name__, "AsyncManagerClient.stream", MANAGERS, is_async=True),
        ]

    def sdk_patches(self) -> list[Patch]:
        original = vars(SDKWithOwnTracing)["own_tracer"]
        quiet = property(lambda sdk: None if in_genai_call() else original.fget(sdk))
        return [override(SDKWithOwnTracing, "own_tracer", quiet)]


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


def test_the_deferred_call_is_traced_when_the_manager_is_entered(otel):
    with instrumented(ManagerInstrumentor(), otel, capture_content=True):
        manager = ManagerClient().stream(model="fake-model")
        assert otel.spans() == [] and CALLS == []
        with manager as stream:
            assert isinstance(stream, FakeStream)
            text = "".join(chunk.text for chunk in stream)
    assert text == "Hello, world!"
    assert CALLS == [{"model": "fake-model", "inside": True, "tracer": None}]
    assert_stream_span(otel, "Hello, world!", finish="stop")


async def test_the_deferred_awaitable_is_traced_when_the_manager_is_entered(otel):
    with instrumented(ManagerInstrumentor(), otel, capture_content=True):
        manager = AsyncManagerClient().stream(model="fake-model")
        assert otel.spans() == []
        async with manager as stream:
            text = "".join([chunk.text async for chunk in stream])
    assert text == "Hello, world!"
    assert CALLS == [{"model": "fake-model", "inside": True, "tracer": None}]
    assert_stream_span(otel, "Hello, world!", finish="stop")


def test_uninstrumented_managers_are_untouched(otel):
    with instrumented(ManagerInstrumentor(), otel):
        pass
    with ManagerClient().stream(model="fake-model") as stream:
        assert type(stream) is FakeStream
    assert CALLS == [{"model": "fake-model", "inside": False, "tracer": "sdk-tracer"}]
    assert otel.spans() == []


def test_sdk_patches_apply_while_instrumented_and_are_restored_exactly(otel):
    original = vars(SDKWithOwnTracing)["own_tracer"]
    sdk = SDKWithOwnTracing()
    with instrumented(ManagerInstrumentor(), otel):
        assert vars(SDKWithOwnTracing)["own_tracer"] is not original
        assert sdk.own_tracer == "sdk-tracer"  # outside genotel's calls the SDK keeps its tracing
    assert vars(SDKWithOwnTracing)["own_tracer"] is original
