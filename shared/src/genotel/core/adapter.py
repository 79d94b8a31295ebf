"""What a provider supplies per endpoint: pure converters with defaults, no telemetry.

A simple endpoint overrides ``to_request`` and ``to_response`` and nothing else; every other
hook has a default that fits most SDKs. The core calls them in this order: ``to_request``
(content-free, before the span starts, so samplers see it), ``add_content`` (only when some
emitter will record messages), the SDK call, then ``wrap`` on the result or the error hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from .model import Request, Response

if TYPE_CHECKING:
    from .invocation import Invocation


class Accumulator(Protocol):
    """Folds an endpoint's chunks into the same neutral response as its non-stream path.

    It may also define ``carries_output(chunk) -> bool``, asked only until it first answers
    True: chunks before that (annotations, keep-alives) do not count as the first chunk.
    """

    def add(self, chunk: Any) -> None: ...

    def response(self) -> Response: ...


class Adapter:
    """The base every endpoint adapter derives from; override what the endpoint needs."""

    # The method only prepares the request (a stream manager sends it on ``__enter__``): see ``defer``.
    defers_request = False

    def owns(self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """Whether this call is one to trace, asked before any other work.

        For SDKs that send every API call through one method (botocore's ``_make_api_call``):
        a call that is not the adapter's costs this check and nothing else. Only consulted when
        an adapter overrides it.
        """
        return True

    def to_request(self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Request:
        """The content-free request: operation, provider, model, parameters, server."""
        raise NotImplementedError

    def add_content(self, request: Request, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Fill the request's messages, system instructions and tool definitions."""

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        """The neutral response for a non-stream result (messages' parts only ``with_messages``)."""
        return None

    def accumulator(self, capture: bool) -> Accumulator | None:
        """A fresh accumulator for a streamed result, or None when the endpoint never streams."""
        return None

    def wrap(self, result: Any, invocation: Invocation) -> Any:
        """What the application gets back for ``result``: streams observed in place, the rest finished."""
        if invocation.request.stream:
            return invocation.observe(result)
        invocation.finish(self.to_response(result, invocation.with_messages))
        return result

    async def wrap_async(self, result: Any, invocation: Invocation) -> Any:
        """``wrap`` for async calls whose result needs an await to be read (aiobotocore's response body).

        Only adapters that override it are awaited; the others' async calls go through ``wrap``.
        """
        return self.wrap(result, invocation)

    def defer(self, result: Any, trace: Callable[[Any], Any]) -> Any:
        """With ``defers_request``: ``result`` handed back with its request going through ``trace``.

        ``trace(request)`` makes the prepared request (a callable, or for async methods an
        awaitable) as the traced call, span and stream proxy included, and returns what the
        request returns, observed.
        """
        return result

    def response_from_error(self, error: BaseException, with_messages: bool) -> Response | None:
        """The response an SDK error carries (a 200 the SDK rejected afterwards): its usage was billed."""
        return None

    def error_type(self, error: BaseException) -> str:
        """The ``error.type`` value: the exception class's qualified name unless the SDK knows better."""
        return type(error).__qualname__

    def safe_error_message(self, error: BaseException) -> str | None:
        """The error's message when it cannot carry prompt or completion text (an API error), else None.

        With content capture off, only such messages are recorded.
        """
        return None


__all__ = ["Accumulator", "Adapter"]
