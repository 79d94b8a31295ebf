"""Generic stream proxies: the SDK's stream object, observed, finished exactly once.

The proxy keeps the SDK type (``isinstance(proxy, openai.Stream)`` holds) and forwards every
attribute. It finishes the invocation on exhaustion, ``close``/``aclose``, context exit, an
error from the SDK, cancellation, or garbage collection after an early ``break`` -- whatever
came first -- with whatever arrived until then.
"""

from __future__ import annotations

import inspect
import sys
import weakref
from types import FrameType
from typing import TYPE_CHECKING, Any

import wrapt
from opentelemetry import context as otel_context

from .adapter import Accumulator
from .guard import swallowed

if TYPE_CHECKING:
    from .invocation import Invocation


def observed(
    stream: Any,
    invocation: Invocation,
    accumulator: Accumulator,
    is_async: bool,
    closes_with: Any = None,
    in_place: bool = False,
) -> Any:
    """What the user gets for the SDK's ``stream``: a proxy of it, or the stream itself, observed from inside.

    ``closes_with`` is an object whose ``close`` (``aclose`` for async streams) ends the stream
    too: SDK helpers close the HTTP response rather than the stream they wrap, and the call must
    finish then, not when the garbage collector gets to the helper.

    A proxy passes ``isinstance`` checks through its wrapped object's ``__class__``. A class that
    accepts only its exact type (anthropic < 1: ``Stream``'s metaclass answers False to anything
    but a ``Stream`` itself) would reject it; there the stream keeps its type because it is the
    same object, with its ``_iterator`` proxied instead and ``close`` finishing the call too.
    ``in_place`` asks for that second way whenever the stream has an ``_iterator``: the caller
    hands back another object and the application reaches this very stream later (a raw response's
    cached ``parse()``).
    """
    proxy_class = AsyncStreamProxy if is_async else SyncStreamProxy
    state = getattr(stream, "__dict__", {})
    if "_iterator" not in state or (not in_place and _proxy_keeps_type(stream)):
        result = proxy = proxy_class(stream, invocation, accumulator)
    else:
        proxy = proxy_class(state["_iterator"], invocation, accumulator)
        close = stream.close
        stream._iterator = proxy
        stream.close = _closing(close, proxy._self_finish, is_async)
        result = stream
    if closes_with is not None:
        try:
            _finish_on_close(closes_with, proxy, is_async)
        except Exception:
            swallowed("stream close hook")
    return result


def observable(stream: Any, is_async: bool) -> bool:
    """Whether ``stream`` can be observed in place: an (async) iterator or iterable, not a container."""
    cls = type(stream)
    if isinstance(stream, (str, bytes, bytearray, dict, list, tuple)):
        return False
    if is_async:
        return hasattr(cls, "__anext__") or hasattr(cls, "__aiter__")
    return hasattr(cls, "__next__") or hasattr(cls, "__iter__")


def _finish_on_close(closable: Any, proxy: _StreamProxy, is_async: bool) -> None:
    """Closing ``closable`` finishes ``proxy``; held weakly, so the proxy is still freed (and finished) when dropped.

    The SDK's own iterator closes the response too, on its last chunk or on an error: that
    close happens inside the proxy's ``__next__``, which then finishes with the right outcome
    itself, so a close from there is left to it. Asked once per stream, never per chunk.
    """
    reference = weakref.ref(proxy)
    pulls = {AsyncStreamProxy.__anext__.__code__ if is_async else SyncStreamProxy.__next__.__code__}

    def finish() -> None:
        alive = reference()
        if alive is not None and not _called_from(pulls):
            alive._self_finish()

    name = "aclose" if is_async else "close"
    setattr(closable, name, _closing(getattr(closable, name), finish, is_async))


_PROXY_KEEPS_TYPE: dict[type, bool] = {}


def _proxy_keeps_type(stream: Any) -> bool:
    """Whether a proxy of ``stream`` passes ``isinstance`` for its class; asked once per class."""
    cls = type(stream)
    keeps = _PROXY_KEEPS_TYPE.get(cls)
    if keeps is None:
        keeps = _PROXY_KEEPS_TYPE[cls] = isinstance(wrapt.ObjectProxy(stream), cls)
    return keeps


def _called_from(codes: set[Any]) -> bool:
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _closing(close: Any, finish: Any, is_async: bool) -> Any:
    """``close`` that calls ``finish`` after it, whatever it raised."""
    if is_async:

        async def aclose() -> Any:
            try:
                return await close()
            finally:
                finish()

        return aclose

    def sync_close() -> Any:
        try:
            return close()
        finally:
            finish()

    return sync_close


def _ignore(chunk: Any) -> None:
    """What a finished stream does with a late chunk."""


class _Observation:
    """One stream's observation: plain slots, read once per chunk (a proxy's own attributes cost ten times more).

    ``add`` is None until the first chunk carrying output (which stamps the time to first chunk),
    the accumulator's bound ``add`` after it, and a no-op once finished. Nothing here refers
    to the proxy, so an abandoned proxy is freed (and finishes this) as soon as its last reference goes.
    """

    __slots__ = ("accumulator", "add", "context", "invocation", "iterator")

    def __init__(self, invocation: Invocation, accumulator: Accumulator) -> None:
        self.invocation: Invocation | None = invocation
        self.accumulator = accumulator
        self.add: Any = None
        # What the first pull gets from ``iter()`` (``__aiter__()``), as a bare ``for`` loop does: an
        # iterator itself, an iterable's (botocore's EventStream) iterator, and for the Stainless SDKs'
        # streams the generator their ``__iter__`` makes, cheaper per chunk than their ``__next__``.
        self.iterator: Any = None
        # Until the first chunk, pulls run in the call's context (see SyncStreamProxy._self_pull_first).
        self.context: Any = invocation.context

    def observe(self, chunk: Any) -> None:
        add = self.add
        if add is None:
            add = self.before_output(chunk)
        try:
            add(chunk)
        except Exception:
            swallowed("stream accumulator")

    def before_output(self, chunk: Any) -> Any:
        """The ``add`` for a chunk arriving before any output; the first output chunk stamps the time."""
        invocation = self.invocation
        if invocation is None:
            return _ignore
        accumulator = self.accumulator
        carries_output = getattr(accumulator, "carries_output", None)
        try:
            if carries_output is not None and not carries_output(chunk):
                return accumulator.add  # an annotation or keep-alive: observed, but not the first chunk
        except Exception:
            swallowed("stream accumulator")
        invocation.chunk_arrived()
        self.add = accumulator.add
        return accumulator.add

    def finish(self, error: BaseException | None = None) -> None:
        invocation = self.invocation
        if invocation is None:
            return
        self.invocation = None
        self.add = _ignore
        try:
            response = self.accumulator.response()
        except Exception:
            swallowed("stream accumulator")
            response = None
        invocation.finish(response, error)


class _StreamProxy(wrapt.ObjectProxy):  # type: ignore[misc]
    """The SDK's stream with its type and attributes; per chunk, one read of its observation and one ``add``."""

    def __init__(self, stream: Any, invocation: Invocation, accumulator: Accumulator) -> None:
        super().__init__(stream)
        self._self_state = _Observation(invocation, accumulator)

    def _self_finish(self, error: BaseException | None = None) -> None:
        self._self_state.finish(error)

    def __del__(self) -> None:
        self._self_state.finish()


class SyncStreamProxy(_StreamProxy):
    def __iter__(self) -> SyncStreamProxy:
        return self

    def __next__(self) -> Any:
        state = self._self_state
        try:
            chunk = next(state.iterator) if state.context is None else self._self_pull_first(state)
        except StopIteration:
            state.finish()
            raise
        except BaseException as error:
            state.finish(error)
            raise
        state.observe(chunk)
        return chunk

    def _self_pull_first(self, state: _Observation) -> Any:
        """A pull before the first chunk, inside the call's context: a generator that sends its request
        on the first ``next()`` (google-genai) makes it under the GenAI span, with nested calls suppressed."""
        token = otel_context.attach(state.context)
        try:
            if state.iterator is None:
                state.iterator = iter(self.__wrapped__)
            chunk = next(state.iterator)
        finally:
            otel_context.detach(token)
        state.context = None
        return chunk

    def __enter__(self) -> SyncStreamProxy:
        self.__wrapped__.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> Any:
        try:
            return self.__wrapped__.__exit__(*exc_info)
        finally:
            self._self_finish()

    def close(self) -> Any:
        try:
            return self.__wrapped__.close()
        finally:
            self._self_finish()


class AsyncStreamProxy(_StreamProxy):
    def __aiter__(self) -> AsyncStreamProxy:
        return self

    async def __anext__(self) -> Any:
        state = self._self_state
        try:
            if state.context is None:
                chunk = await state.iterator.__anext__()
            else:
                chunk = await self._self_pull_first(state)
        except StopAsyncIteration:
            state.finish()
            raise
        except BaseException as error:  # includes CancelledError: the call did not complete
            state.finish(error)
            raise
        state.observe(chunk)
        return chunk

    async def _self_pull_first(self, state: _Observation) -> Any:
        """The awaiting twin of :meth:`SyncStreamProxy._self_pull_first`."""
        token = otel_context.attach(state.context)
        try:
            if state.iterator is None:
                state.iterator = self.__wrapped__.__aiter__()
            chunk = await state.iterator.__anext__()
        finally:
            otel_context.detach(token)
        state.context = None
        return chunk

    async def __aenter__(self) -> AsyncStreamProxy:
        await self.__wrapped__.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> Any:
        try:
            return await self.__wrapped__.__aexit__(*exc_info)
        finally:
            self._self_finish()

    def close(self) -> Any:
        """As the stream's own ``close``: awaitable where it is, a plain call where it is not (aiobotocore)."""
        try:
            result = self.__wrapped__.close()
        except BaseException:
            self._self_finish()
            raise
        if inspect.isawaitable(result):
            return self._self_closing(result)
        self._self_finish()
        return result

    async def _self_closing(self, closing: Any) -> Any:
        try:
            return await closing
        finally:
            self._self_finish()

    async def aclose(self) -> Any:
        try:
            closer = getattr(self.__wrapped__, "aclose", None) or self.__wrapped__.close
            result = closer()
            return await result if inspect.isawaitable(result) else result
        finally:
            self._self_finish()
