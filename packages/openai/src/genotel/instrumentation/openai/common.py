"""What every OpenAI endpoint adapter shares: the client's provider (OpenAI or Azure OpenAI) and server."""

from __future__ import annotations

from typing import Any

from genotel.core.kits.openai_chat import FINISH_REASONS, chat_request
from genotel.core.kits.stainless import client_of, client_server
from genotel.core.model import Provider, Request

# Chat finish reasons, and the Responses API's (derived from its status, see responses.py).
_FINISH = {**FINISH_REASONS, "max_output_tokens": "length", "error": "error"}
OPENAI = Provider("openai", "openai", _FINISH)
AZURE_OPENAI = Provider("az.ai.openai", "azure.ai.openai", _FINISH)
_AZURE_CLIENTS = frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})


def provider_of(resource: Any) -> Provider:
    return AZURE_OPENAI if type(client_of(resource)).__name__ in _AZURE_CLIENTS else OPENAI


def base_request(instance: Any, kwargs: dict[str, Any], operation: str, max_tokens_keys: tuple[str, ...]) -> Request:
    """The content-free request every endpoint shares; ``max_tokens_keys`` in order of preference."""
    address, port = client_server(instance)
    return chat_request(kwargs, provider_of(instance), address, port, operation, max_tokens_keys)
