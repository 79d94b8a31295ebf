"""The Stainless-generated SDKs (openai, anthropic, groq, together, ...): what they all do alike.

Their streams read from one HTTP response, and their helpers (``chat.completions.stream()``,
``responses.stream()``) close that response, not the stream genotel observes: closing it
must end the call then, not whenever the garbage collector reaches the helper.
"""

from __future__ import annotations

from typing import Any

from ..adapter import Adapter
from ..invocation import Invocation


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
            return invocation.observe(result, closes_with=getattr(result, "response", None))
        return super().wrap(result, invocation)
