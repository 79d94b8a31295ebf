"""Which anthropic SDK methods genotel wraps. Methods an older SDK lacks are skipped.

``messages.stream()`` returns a manager that makes its request on ``__enter__``: that request
is what gets traced (``MessageStreamAdapter``), so iteration, ``text_stream``, ``until_done()``
and ``get_final_message()`` all feed the same span.
"""

from __future__ import annotations

from genotel.core import Endpoint

from .messages import MessagesAdapter, MessageStreamAdapter

_MESSAGES = MessagesAdapter()
_STREAM = MessageStreamAdapter()
_STABLE = "anthropic.resources.messages"
_BETA = "anthropic.resources.beta.messages"


def _resource(module: str) -> tuple[Endpoint, ...]:
    return (
        Endpoint(module, "Messages.create", _MESSAGES),
        Endpoint(module, "AsyncMessages.create", _MESSAGES, is_async=True),
        Endpoint(module, "Messages.parse", _MESSAGES),
        Endpoint(module, "AsyncMessages.parse", _MESSAGES, is_async=True),
        Endpoint(module, "Messages.stream", _STREAM),
        Endpoint(module, "AsyncMessages.stream", _STREAM, is_async=True),
    )


ENDPOINTS = _resource(_STABLE) + _resource(_BETA)
