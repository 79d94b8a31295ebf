"""The one wrapper every patched SDK method goes through (sync and async flavours)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol

from opentelemetry import context as otel_context
from opentelemetry.instrumentation.utils import is_instrumentation_enabled

from .guard import guarded, swallowed
from .invocation import IN_GENAI_CALL_KEY, Invocation, Telemetry
from .model import Request, Response
from .streams import Accumulator, observed


class Adapter(Protocol):
    """What a provider package supplies per endpoint: pure converters, no telemetry."""

    def to_request(
        self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any], with_messages: bool
    ) -> Request: ...

    def to_response(self, result: Any, with_messages: bool) -> Response | None: ...

    def accumulator(self, capture: bool) -> Accumulator: ...


Wrapper = Callable[[Callable[..., Any], Any, tuple[Any, ...], dict[str, Any]], Any]


def in_genai_call() -> bool:
    """True while a genotel-instrumented call runs (its SDK work must not add a second GenAI span)."""
    return bool(otel_context.get_value(IN_GENAI_CALL_KEY))


def _should_trace() -> bool:
    return is_instrumentation_enabled() and not in_genai_call()


@guarded
def _start(telemetry: Telemetry, adapter: Adapter, instance: Any, args: Any, kwargs: Any) -> Invocation:
    return telemetry.start(adapter.to_request(instance, args, kwargs, telemetry.with_messages))


def _complete(telemetry: Telemetry, adapter: Adapter, invocation: Invocation, result: Any, is_async: bool) -> Any:
    """Hand back ``result``: a stream proxy for streams, else the result itself after finishing."""
    response = None
    try:
        if not invocation.request.stream:
            response = adapter.to_response(result, telemetry.with_messages)
        elif hasattr(type(result), "__anext__" if is_async else "__next__"):
            return observed(result, invocation, adapter.accumulator(telemetry.capture), is_async)
        # else: a raw-response wrapper around a stream; reading it would consume the user's stream.
    except Exception:
        swallowed("response conversion")
    invocation.finish(response)
    return result


def _traced(
    telemetry: Telemetry, adapter: Adapter, call: Callable[..., Any], call_args: Any, call_kwargs: Any,
    instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
) -> Any:  # fmt: skip
    """Run ``call(*call_args, **call_kwargs)`` as the SDK call ``instance.method(*args, **kwargs)``."""
    if not _should_trace():
        return call(*call_args, **call_kwargs)
    invocation = _start(telemetry, adapter, instance, args, kwargs)
    if invocation is None:
        return call(*call_args, **call_kwargs)
    token = otel_context.attach(invocation.context)
    try:
        result = call(*call_args, **call_kwargs)
    except BaseException as error:
        invocation.finish(None, error)
        raise
    finally:
        otel_context.detach(token)
    return _complete(telemetry, adapter, invocation, result, is_async=False)


async def _traced_async(
    telemetry: Telemetry, adapter: Adapter, call: Callable[..., Any], call_args: Any, call_kwargs: Any,
    instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
) -> Any:  # fmt: skip
    """The awaiting twin of :func:`_traced`."""
    if not _should_trace():
        return await call(*call_args, **call_kwargs)
    invocation = _start(telemetry, adapter, instance, args, kwargs)
    if invocation is None:
        return await call(*call_args, **call_kwargs)
    token = otel_context.attach(invocation.context)
    try:
        result = await call(*call_args, **call_kwargs)
    except BaseException as error:
        invocation.finish(None, error)
        raise
    finally:
        otel_context.detach(token)
    return _complete(telemetry, adapter, invocation, result, is_async=True)


def sync_wrapper(telemetry: Telemetry, adapter: Adapter) -> Wrapper:
    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return _traced(telemetry, adapter, wrapped, args, kwargs, instance, args, kwargs)

    return wrapper


def async_wrapper(telemetry: Telemetry, adapter: Adapter) -> Wrapper:
    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return _traced_async(telemetry, adapter, wrapped, args, kwargs, instance, args, kwargs)

    return wrapper


def deferred_wrapper(telemetry: Telemetry, adapter: Adapter, attribute: str, is_async: bool) -> Wrapper:
    """For methods that return an object (a stream manager) whose ``attribute`` makes the API call later.

    The deferred call is traced with the method's arguments, through the same path as any
    other call, so it gets the same span, stream proxy and guard.
    """

    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        manager = wrapped(*args, **kwargs)
        try:
            call = getattr(manager, attribute)
            stream_kwargs = {**kwargs, "stream": True}
            if is_async:  # the deferred call is an awaitable, created but not awaited yet
                deferred: Any = _traced_async(telemetry, adapter, _await, (call,), {}, instance, args, stream_kwargs)
            else:
                deferred = functools.partial(_traced, telemetry, adapter, call, (), {}, instance, args, stream_kwargs)
            setattr(manager, attribute, deferred)
        except Exception:
            swallowed("deferred call")
        return manager

    return wrapper


async def _await(awaitable: Any) -> Any:
    return await awaitable
