"""What every OpenAI endpoint adapter shares: the client's provider and server, usage, raw responses."""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field, given, server_of
from genotel.core.model import Request, Usage

_AZURE_CLIENTS = frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})


def client_info(instance: Any) -> tuple[str, str | None, int | None]:
    """Provider id, server address and port of the client behind a resource."""
    client = getattr(instance, "_client", None)
    provider = "azure.openai" if type(client).__name__ in _AZURE_CLIENTS else "openai"
    address, port = server_of(getattr(client, "base_url", ""))
    return provider, address, port


def base_request(instance: Any, kwargs: dict[str, Any], operation: str, max_tokens_keys: tuple[str, ...]) -> Request:
    """The content-free request every endpoint shares; ``max_tokens_keys`` in order of preference."""
    provider, address, port = client_info(instance)
    max_tokens = next((value for key in max_tokens_keys if (value := given(kwargs.get(key))) is not None), None)
    return Request(
        operation=operation,
        provider=provider,
        model=given(kwargs.get("model")),
        max_tokens=max_tokens,
        temperature=given(kwargs.get("temperature")),
        top_p=given(kwargs.get("top_p")),
        frequency_penalty=given(kwargs.get("frequency_penalty")),
        presence_penalty=given(kwargs.get("presence_penalty")),
        stop_sequences=stop_sequences(kwargs.get("stop")),
        seed=given(kwargs.get("seed")),
        choice_count=given(kwargs.get("n")),
        stream=bool(given(kwargs.get("stream"))),
        server_address=address,
        server_port=port,
    )


def stop_sequences(stop: Any) -> list[str] | None:
    stop = given(stop)
    if stop is None:
        return None
    return [stop] if isinstance(stop, str) else list(stop)


def chat_usage(usage: Any) -> Usage | None:
    """Chat and completions usage: prompt tokens include cached ones, completion tokens include reasoning."""
    if usage is None:
        return None
    return Usage(
        input_tokens=field(usage, "prompt_tokens"),
        output_tokens=field(usage, "completion_tokens"),
        cache_read_input_tokens=field(field(usage, "prompt_tokens_details"), "cached_tokens"),
        reasoning_output_tokens=field(field(usage, "completion_tokens_details"), "reasoning_tokens"),
    )
