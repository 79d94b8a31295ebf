"""The one wrapper every patched SDK method goes through (sync and async flavours)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from opentelemetry import context as otel_context
from opentelemetry.instrumentation.utils import is_instrumentation_enabled

from .guard import guarded, swallowed
from .invocation import IN_GENAI_CALL_KEY, Invocation, Telemetry
from .model import Request, Response
from .streams import Accumulator, AsyncStreamProxy, SyncStreamProxy


class Adapter(Protocol):
    """What a provider package supplies per endpoint: pure converters, no telemetry."""

    def to_request(
        self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any], with_messages: bool
    ) -> Request: ...

    def to_response(self, result: Any, with_messages: bool) -> Response | None: ...

    def accumulator(self, capture: bool) -> Accumulator: ...


Wrapper = Callable[[Callable[..., Any], Any, tuple[Any, ...], dict[str, Any]], Any]


def _should_trace() -> bool:
    return is_instrumentation_enabled() and not otel_context.get_value(IN_GENAI_CALL_KEY)


@guarded
def _start(telemetry: Telemetry, adapter: Adapter, instance: Any, args: Any, kwargs: Any) -> Invocation:
    return telemetry.start(adapter.to_request(instance, args, kwargs, telemetry.with_messages))


def _complete(telemetry: Telemetry, adapter: Adapter, invocation: Invocation, result: Any, is_async: bool) -> Any:
    """Hand back ``result``: a stream proxy for streams, else the result itself after finishing."""
    response = None
    try:
        if not invocation.request.stream:
            response = adapter.to_response(result, telemetry.with_messages)
        elif is_async and hasattr(type(result), "__anext__"):
            return AsyncStreamProxy(result, invocation, adapter.accumulator(telemetry.capture))
        elif not is_async and hasattr(type(result), "__next__"):
            return SyncStreamProxy(result, invocation, adapter.accumulator(telemetry.capture))
        # else: a raw-response wrapper around a stream; reading it would consume the user's stream.
    except Exception:
        swallowed("response conversion")
    invocation.finish(response)
    return result


def sync_wrapper(telemetry: Telemetry, adapter: Adapter) -> Wrapper:
    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if not _should_trace():
            return wrapped(*args, **kwargs)
        invocation = _start(telemetry, adapter, instance, args, kwargs)
        if invocation is None:
            return wrapped(*args, **kwargs)
        token = otel_context.attach(invocation.context)
        try:
            result = wrapped(*args, **kwargs)
        except BaseException as error:
            invocation.finish(None, error)
            raise
        finally:
            otel_context.detach(token)
        return _complete(telemetry, adapter, invocation, result, is_async=False)

    return wrapper


def async_wrapper(telemetry: Telemetry, adapter: Adapter) -> Wrapper:
    async def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if not _should_trace():
            return await wrapped(*args, **kwargs)
        invocation = _start(telemetry, adapter, instance, args, kwargs)
        if invocation is None:
            return await wrapped(*args, **kwargs)
        token = otel_context.attach(invocation.context)
        try:
            result = await wrapped(*args, **kwargs)
        except BaseException as error:
            invocation.finish(None, error)
            raise
        finally:
            otel_context.detach(token)
        return _complete(telemetry, adapter, invocation, result, is_async=True)

    return wrapper
