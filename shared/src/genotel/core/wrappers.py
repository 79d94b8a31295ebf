"""The one wrapper every patched SDK method goes through (sync and async flavours)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.instrumentation.utils import is_instrumentation_enabled

from .adapter import Adapter
from .arguments import materialized
from .guard import guarded, swallowed
from .invocation import IN_GENAI_CALL_KEY, Invocation, Telemetry

Wrapper = Callable[[Callable[..., Any], Any, tuple[Any, ...], dict[str, Any]], Any]


def in_genai_call() -> bool:
    """True while a genotel-instrumented call runs (its SDK work must not add a second GenAI span)."""
    return bool(otel_context.get_value(IN_GENAI_CALL_KEY))


def _should_trace(telemetry: Telemetry) -> bool:
    return telemetry.active and is_instrumentation_enabled() and not in_genai_call()


@guarded
def _start(telemetry: Telemetry, adapter: Adapter, instance: Any, args: Any, kwargs: Any, is_async: bool) -> Invocation:
    """The span starts with the content-free request; messages are converted only if something records them."""
    request = adapter.to_request(instance, args, kwargs)
    invocation = telemetry.start(request, adapter, is_async)
    if invocation.with_messages:
        try:
            adapter.add_content(request, instance, args, kwargs)
        except Exception:
            swallowed("request content")
            request.messages, request.system_instructions, request.tool_definitions = [], [], []
    return invocation


def _complete(adapter: Adapter, invocation: Invocation, result: Any) -> Any:
    """Hand back what the adapter makes of ``result`` (a stream observed in place), or ``result`` itself."""
    try:
        return adapter.wrap(result, invocation)
    except Exception:
        swallowed("response conversion")
        invocation.finish(None)
        return result


def _traced(
    telemetry: Telemetry, adapter: Adapter, call: Callable[..., Any], call_args: Any, call_kwargs: Any,
    instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
) -> Any:  # fmt: skip
    """Run ``call(*call_args, **call_kwargs)`` as the SDK call ``instance.method(*args, **kwargs)``."""
    invocation = _start(telemetry, adapter, instance, args, kwargs, False)
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
    return _complete(adapter, invocation, result)


async def _traced_async(
    telemetry: Telemetry, adapter: Adapter, call: Callable[..., Any], call_args: Any, call_kwargs: Any,
    instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
) -> Any:  # fmt: skip
    """The awaiting twin of :func:`_traced`."""
    invocation = _start(telemetry, adapter, instance, args, kwargs, True)
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
    if type(adapter).wrap_async is not Adapter.wrap_async:
        try:
            return await adapter.wrap_async(result, invocation)
        except Exception:
            swallowed("response conversion")
            invocation.finish(None)
            return result
    return _complete(adapter, invocation, result)


def _arguments(telemetry: Telemetry, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The arguments the SDK and the converters share: one-shot iterables read once, into lists.

    Nested ones matter only when messages are converted; a user's generator that raises
    raises here, as it would have inside the SDK.
    """
    return materialized(args, kwargs, deep=telemetry.reads_text)


def routed(adapter: Adapter) -> Callable[[Any, Any, Any], bool] | None:
    """The adapter's ``owns`` when it has one of its own (guarded: an error means not ours), else None."""
    if type(adapter).owns is Adapter.owns:
        return None

    def owns(instance: Any, args: Any, kwargs: Any) -> bool:
        try:
            return adapter.owns(instance, args, kwargs)
        except Exception:
            swallowed("owns")
            return False

    return owns


def sync_wrapper(telemetry: Telemetry, adapter: Adapter, owned: bool = False) -> Wrapper:
    """``owned``: the patch asks the adapter's ``owns`` before calling this (a routed method), so this does not."""
    owns = None if owned else routed(adapter)

    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if (owns is not None and not owns(instance, args, kwargs)) or not _should_trace(telemetry):
            return wrapped(*args, **kwargs)
        args, kwargs = _arguments(telemetry, args, kwargs)
        return _traced(telemetry, adapter, wrapped, args, kwargs, instance, args, kwargs)

    return wrapper


def async_wrapper(telemetry: Telemetry, adapter: Adapter, owned: bool = False) -> Wrapper:
    owns = None if owned else routed(adapter)

    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if (owns is not None and not owns(instance, args, kwargs)) or not _should_trace(telemetry):
            return wrapped(*args, **kwargs)
        args, kwargs = _arguments(telemetry, args, kwargs)
        return _traced_async(telemetry, adapter, wrapped, args, kwargs, instance, args, kwargs)

    return wrapper


def deferring_wrapper(telemetry: Telemetry, adapter: Adapter, is_async: bool) -> Wrapper:
    """For methods that only prepare a request (a stream manager makes it on ``__enter__``).

    The method runs untraced; the adapter's ``defer`` routes the prepared request through a
    ``trace`` that makes it as the traced call, with the method's arguments, when it is made:
    same span, stream proxy and guard as any other call.
    """

    def wrapper(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        args, kwargs = _arguments(telemetry, args, kwargs)
        result = wrapped(*args, **kwargs)
        if is_async:  # the prepared request is an awaitable, created but not awaited yet

            def trace(request: Any) -> Any:
                return _deferred_async(telemetry, adapter, request, instance, args, kwargs)
        else:
            trace = functools.partial(_deferred, telemetry, adapter, instance=instance, args=args, kwargs=kwargs)
        try:
            return adapter.defer(result, trace)
        except Exception:
            swallowed("deferred request")
            return result

    return wrapper


def _deferred(telemetry: Telemetry, adapter: Adapter, request: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    if not _should_trace(telemetry):
        return request()
    return _traced(telemetry, adapter, request, (), {}, instance, args, kwargs)


async def _deferred_async(
    telemetry: Telemetry, adapter: Adapter, request: Any, instance: Any, args: Any, kwargs: Any
) -> Any:
    if not _should_trace(telemetry):
        return await request
    return await _traced_async(telemetry, adapter, _await, (request,), {}, instance, args, kwargs)


async def _await(awaitable: Any) -> Any:
    return await awaitable
