"""What every Cohere endpoint shares: the provider and its finish reasons, the server, usage, arguments."""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field, server_of
from genotel.core.model import Provider, Request, Usage

# Cohere's raw finish reasons (v2 chat, v1 chat), and what they mean in the 1.36 enum.
FINISH_REASONS = {
    "COMPLETE": "stop",
    "STOP_SEQUENCE": "stop",
    "MAX_TOKENS": "length",
    "ERROR_LIMIT": "length",  # v1: the context window was exceeded
    "TOOL_CALL": "tool_calls",
    "ERROR_TOXIC": "content_filter",
    "ERROR": "error",
    "TIMEOUT": "error",
}
COHERE = Provider("cohere", "cohere", FINISH_REASONS)


def given_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments the caller gave (the SDK's ``OMIT`` is ``...``)."""
    return {key: value for key, value in kwargs.items() if value is not None and value is not ...}


def client_server(resource: Any) -> tuple[str | None, int | None]:
    """Host and port of the client's base URL (``ClientV2``, ``Client``, or ``Client.v2``'s resource)."""
    wrapper = getattr(resource, "_client_wrapper", None)
    if wrapper is None:  # newer SDKs keep it on the resource's raw client only
        wrapper = getattr(getattr(resource, "_raw_client", None), "_client_wrapper", None)
    base_url = getattr(wrapper, "get_base_url", None)
    return server_of(base_url()) if base_url is not None else (None, None)


def _count(value: Any) -> int | None:
    """Cohere types its token counts as floats (``21.0``): counts are integers."""
    return None if value is None else int(value)


def usage_of(usage: Any) -> Usage | None:
    """v2 ``usage`` or v1 ``meta``: ``tokens`` (what the model processed) first, else ``billed_units``.

    Cohere reports cached tokens apart (``cached_tokens``); they are a part of the input already.
    """
    if usage is None:
        return None
    counts = field(usage, "tokens") or field(usage, "billed_units")
    input_tokens, output_tokens = _count(field(counts, "input_tokens")), _count(field(counts, "output_tokens"))
    if input_tokens is None and output_tokens is None:
        return None
    return Usage(input_tokens, output_tokens, cache_read_input_tokens=_count(field(usage, "cached_tokens")))


def chat_request(resource: Any, kwargs: dict[str, Any], stream: bool) -> Request:
    """The content-free request of a v1 or v2 chat call: both name their parameters alike (``k``, ``p``)."""
    address, port = client_server(resource)
    stop = kwargs.get("stop_sequences")
    return Request(
        operation="chat",
        provider=COHERE,
        model=kwargs.get("model"),
        max_tokens=kwargs.get("max_tokens"),
        temperature=kwargs.get("temperature"),
        top_p=kwargs.get("p"),
        top_k=kwargs.get("k"),
        frequency_penalty=kwargs.get("frequency_penalty"),
        presence_penalty=kwargs.get("presence_penalty"),
        stop_sequences=list(stop) if stop else None,
        seed=kwargs.get("seed"),
        stream=stream,
        server_address=address,
        server_port=port,
    )
