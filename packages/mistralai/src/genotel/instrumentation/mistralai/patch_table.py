"""Which mistralai methods genotel wraps. Methods an SDK version lacks are skipped.

mistralai 1.x keeps its resources in ``mistralai.chat`` and ``mistralai.embeddings``; 2.x and
later moved them under ``mistralai.client``. Both are listed; only the installed SDK's exist.
"""

from __future__ import annotations

from genotel.core import Endpoint

from .chat import ChatAdapter
from .embeddings import EmbeddingsAdapter

_COMPLETE = ChatAdapter(streams=False)
_STREAM = ChatAdapter(streams=True)
_EMBEDDINGS = EmbeddingsAdapter()


def _resources(package: str) -> tuple[Endpoint, ...]:
    chat, embeddings = f"{package}.chat", f"{package}.embeddings"
    return (
        Endpoint(chat, "Chat.complete", _COMPLETE),
        Endpoint(chat, "Chat.complete_async", _COMPLETE, is_async=True),
        Endpoint(chat, "Chat.stream", _STREAM),
        Endpoint(chat, "Chat.stream_async", _STREAM, is_async=True),
        Endpoint(embeddings, "Embeddings.create", _EMBEDDINGS),
        Endpoint(embeddings, "Embeddings.create_async", _EMBEDDINGS, is_async=True),
    )


ENDPOINTS = _resources("mistralai.client") + _resources("mistralai")
