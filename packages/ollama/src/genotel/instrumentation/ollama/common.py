"""What every Ollama endpoint shares: the provider, the call's arguments, ``options``, server, usage, errors.

The SDK's methods take their first arguments positionally (``ollama.chat("llama3.2", messages)``),
keep sampling parameters in ``options`` (a dict or an ``Options`` model), and answer with pydantic
models (dicts in old SDKs): :func:`genotel.core.convert.field` reads both.
"""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.convert import field, server_of
from genotel.core.model import Provider, Request, Usage

# Ollama's done_reason values: "stop" and "length" mean what they say; "load"/"unload" (a model
# loaded or unloaded by an empty request, nothing generated) pass through.
OLLAMA = Provider("ollama", "ollama", {"stop": "stop", "length": "length"})


def arguments(names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The call's arguments by name: the leading positional ones named by ``names``, then the keywords."""
    if not args:
        return kwargs
    return {**dict(zip(names, args, strict=False)), **kwargs}


def base_request(instance: Any, params: dict[str, Any], operation: str) -> Request:
    """The content-free request: model, ``options``' sampling parameters, stream flag, server."""
    options = params.get("options")
    stop = field(options, "stop")
    address, port = server_of(getattr(getattr(instance, "_client", None), "base_url", ""))
    return Request(
        operation=operation,
        provider=OLLAMA,
        model=params.get("model") or None,
        max_tokens=field(options, "num_predict"),
        temperature=field(options, "temperature"),
        top_p=field(options, "top_p"),
        top_k=field(options, "top_k"),
        frequency_penalty=field(options, "frequency_penalty"),
        presence_penalty=field(options, "presence_penalty"),
        stop_sequences=[stop] if isinstance(stop, str) else list(stop) if stop else None,
        seed=field(options, "seed"),
        stream=bool(params.get("stream")),
        server_address=address,
        server_port=port,
    )


def usage(response: Any, output: bool = True) -> Usage:
    """A finished response's counts: Ollama leaves a count out when it is zero (a cached prompt, say)."""
    return Usage(
        input_tokens=field(response, "prompt_eval_count", 0),
        output_tokens=field(response, "eval_count", 0) if output else None,
    )


class OllamaAdapter(Adapter):
    """``ResponseError`` describes the HTTP exchange (the server's error and status), not the content."""

    def safe_error_message(self, error: BaseException) -> str | None:
        return str(error) if type(error).__name__ == "ResponseError" else None
