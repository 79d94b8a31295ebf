"""Which together SDK methods genotel wraps (together >= 2, the Stainless-generated client)."""

from __future__ import annotations

from genotel.core import Endpoint

from .chat import TogetherChatAdapter
from .completions import CompletionsAdapter, EmbeddingsAdapter

_CHAT = TogetherChatAdapter()
_COMPLETIONS = CompletionsAdapter()
_EMBEDDINGS = EmbeddingsAdapter()

ENDPOINTS = (
    Endpoint("together.resources.chat.completions", "CompletionsResource.create", _CHAT),
    Endpoint("together.resources.chat.completions", "AsyncCompletionsResource.create", _CHAT, is_async=True),
    Endpoint("together.resources.completions", "CompletionsResource.create", _COMPLETIONS),
    Endpoint("together.resources.completions", "AsyncCompletionsResource.create", _COMPLETIONS, is_async=True),
    Endpoint("together.resources.embeddings", "EmbeddingsResource.create", _EMBEDDINGS),
    Endpoint("together.resources.embeddings", "AsyncEmbeddingsResource.create", _EMBEDDINGS, is_async=True),
)
