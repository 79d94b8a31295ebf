"""What every Together AI endpoint shares: the provider, its finish reasons, the server, the request."""

from __future__ import annotations

from functools import cache
from typing import Any

from genotel.core.kits.openai_chat import FINISH_REASONS, chat_request
from genotel.core.kits.stainless import client_of, client_server, given
from genotel.core.model import Provider, Request

# Together's models may also stop with "eos" (end of sequence): a natural stop.
TOGETHER = Provider("together_ai", "together_ai", {**FINISH_REASONS, "eos": "stop"})

# together >= 3 posts chat completions to this host unless the client was given a base_url.
_CHAT_INFERENCE_HOST = ("api-inference.together.ai", 443)


@cache
def _chat_goes_to_inference_host() -> bool:
    from together import __version__

    return int(__version__.split(".", 1)[0]) >= 3


def base_request(instance: Any, kwargs: dict[str, Any], operation: str) -> Request:
    """The content-free request of every endpoint; Together also takes ``top_k``."""
    address, port = client_server(instance)
    overridden = getattr(client_of(instance), "_base_url_overridden", True)
    if operation == "chat" and overridden is False and _chat_goes_to_inference_host():
        address, port = _CHAT_INFERENCE_HOST
    max_tokens_keys = ("max_tokens",) if operation != "embeddings" else ()
    request = chat_request(kwargs, TOGETHER, address, port, operation, max_tokens_keys)
    request.top_k = given(kwargs.get("top_k"))
    return request
