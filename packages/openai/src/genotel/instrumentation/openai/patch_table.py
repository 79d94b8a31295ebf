"""Which openai SDK methods genotel wraps. Methods an older SDK lacks are skipped."""

from __future__ import annotations

from genotel.core import Endpoint

from .chat import ChatAdapter
from .completions import CompletionsAdapter
from .embeddings import EmbeddingsAdapter
from .responses import ResponsesAdapter

_CHAT = ChatAdapter()
_COMPLETIONS = CompletionsAdapter()
_EMBEDDINGS = EmbeddingsAdapter()
_RESPONSES = ResponsesAdapter()

_CHAT_MODULE = "openai.resources.chat.completions"
_RESPONSES_MODULE = "openai.resources.responses"

# chat.completions.stream() and responses.stream() call create(), so they are covered by it.
ENDPOINTS = (
    Endpoint(_CHAT_MODULE, "Completions.create", _CHAT),
    Endpoint(_CHAT_MODULE, "AsyncCompletions.create", _CHAT, is_async=True),
    Endpoint(_CHAT_MODULE, "Completions.parse", _CHAT),
    Endpoint(_CHAT_MODULE, "AsyncCompletions.parse", _CHAT, is_async=True),
    Endpoint("openai.resources.completions", "Completions.create", _COMPLETIONS),
    Endpoint("openai.resources.completions", "AsyncCompletions.create", _COMPLETIONS, is_async=True),
    Endpoint("openai.resources.embeddings", "Embeddings.create", _EMBEDDINGS),
    Endpoint("openai.resources.embeddings", "AsyncEmbeddings.create", _EMBEDDINGS, is_async=True),
    Endpoint(_RESPONSES_MODULE, "Responses.create", _RESPONSES),
    Endpoint(_RESPONSES_MODULE, "AsyncResponses.create", _RESPONSES, is_async=True),
    Endpoint(_RESPONSES_MODULE, "Responses.parse", _RESPONSES),
    Endpoint(_RESPONSES_MODULE, "AsyncResponses.parse", _RESPONSES, is_async=True),
)
