"""Which anthropic SDK methods genotel wraps. Methods an older SDK lacks are skipped.

``messages.stream()`` returns a manager that makes its request on ``__enter__``; the request
it holds (a name-mangled attribute) is what gets traced, so iteration, ``text_stream``,
``until_done()`` and ``get_final_message()`` all feed the same span.
"""

from __future__ import annotations

from genotel.core import Endpoint

from .messages import MessagesAdapter

_MESSAGES = MessagesAdapter()
_STABLE = "anthropic.resources.messages"
_BETA = "anthropic.resources.beta.messages"


def _resource(module: str, manager: str, async_manager: str) -> tuple[Endpoint, ...]:
    return (
        Endpoint(module, "Messages.create", _MESSAGES),
        Endpoint(module, "AsyncMessages.create", _MESSAGES, is_async=True),
        Endpoint(module, "Messages.parse", _MESSAGES),
        Endpoint(module, "AsyncMessages.parse", _MESSAGES, is_async=True),
        Endpoint(module, "Messages.stream", _MESSAGES, deferred_call=f"_{manager}__api_request"),
        Endpoint(
            module, "AsyncMessages.stream", _MESSAGES, is_async=True, deferred_call=f"_{async_manager}__api_request"
        ),
    )


ENDPOINTS = _resource(_STABLE, "MessageStreamManager", "AsyncMessageStreamManager") + _resource(
    _BETA, "BetaMessageStreamManager", "BetaAsyncMessageStreamManager"
)
