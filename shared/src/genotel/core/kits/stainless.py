"""The Stainless-generated SDKs (openai, anthropic, groq, together, cerebras, ...): what they all do alike.

They mark omitted arguments with ``NOT_GIVEN``/``omit`` sentinels, wrap results in raw-response
objects for ``with_raw_response``, keep the endpoint on ``client.base_url``, and stream from one
HTTP response that their helpers (``chat.completions.stream()``, ``responses.stream()``) close
instead of the stream genotel observes: closing it must end the call then, not whenever the
garbage collector reaches the helper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..adapter import Adapter
from ..convert import server_of

if TYPE_CHECKING:
    from ..invocation import Invocation

_OMITTED_TYPES = frozenset({"NotGiven", "Omit"})


def given(value: Any) -> Any:
    """The value, or None when the caller left it out (None, NOT_GIVEN, omit)."""
    if value is None or type(value).__name__ in _OMITTED_TYPES:
        return None
    return value


def parsed(result: Any) -> Any:
    """The model object behind a ``with_raw_response`` result.

    ``parse()`` caches what it returns, so the user's own ``parse()`` gets the same object.
    Newer SDKs (anthropic >= 2) return ``APIResponse`` / ``AsyncAPIResponse`` instead, whose
    ``parse()`` may be a coroutine: their body, once read, is converted as the JSON dict it is;
    an unread body (``with_streaming_response``) is the user's to read, so there is no response.
    """
    kind = type(result).__name__
    if kind == "LegacyAPIResponse":
        return result.parse()
    if kind in ("APIResponse", "AsyncAPIResponse"):
        http_response = result.http_response
        return http_response.json() if http_response.is_stream_consumed else None
    return result


def client_of(resource: Any) -> Any:
    """The client behind a resource (``client.chat.completions`` -> ``client``)."""
    return getattr(resource, "_client", None)


def client_server(resource: Any) -> tuple[str | None, int | None]:
    """Host and port of the client's ``base_url`` (the port from the scheme when the URL has none)."""
    return server_of(getattr(client_of(resource), "base_url", ""))


class StainlessAdapter(Adapter):
    """An adapter whose streams also finish when their HTTP response (``stream.response``) is closed,
    and whose API errors keep their message with content capture off."""

    def safe_error_message(self, error: BaseException) -> str | None:
        """``APIError`` and its subclasses describe the HTTP exchange (status, error code), not the content."""
        if any(cls.__name__ == "APIError" for cls in type(error).__mro__):
            return str(error)
        return None

    def wrap(self, result: Any, invocation: Invocation) -> Any:
        if invocation.request.stream:
            if type(result).__name__ in _SYNC_RAW_RESPONSES:
                return _observe_parsed(result, result.parse(), invocation)
            return invocation.observe(result, closes_with=getattr(result, "response", None))
        return super().wrap(result, invocation)

    async def wrap_async(self, result: Any, invocation: Invocation) -> Any:
        if invocation.request.stream and type(result).__name__ == "AsyncAPIResponse":
            return _observe_parsed(result, await result.parse(), invocation)
        return self.wrap(result, invocation)


_SYNC_RAW_RESPONSES = frozenset({"LegacyAPIResponse", "APIResponse"})


def _observe_parsed(raw: Any, stream: Any, invocation: Invocation) -> Any:
    """``with_raw_response`` on a streamed call: ``parse()`` builds the SDK's stream without reading
    it and caches it, so the application's own ``parse()`` gets this very object, observed in place.
    The raw response itself goes back unchanged."""
    if "_iterator" in getattr(stream, "__dict__", {}):
        invocation.observe(stream, closes_with=getattr(stream, "response", None), in_place=True)
    else:
        invocation.finish(None)
    return raw
