"""Completions (``text_completion``) and embeddings: the prompt or each input is a ``user`` message.

Both are the OpenAI shapes, read by the core's completions kit (which also reads the finish reason
Together puts on the chunk itself, and the text it repeats as ``choices[].delta.content``).
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.kits import openai_completions
from genotel.core.kits.openai_chat import chat_usage
from genotel.core.kits.openai_completions import prompt_messages
from genotel.core.kits.stainless import StainlessAdapter, given, parsed
from genotel.core.model import Request, Response

from .common import base_request


class CompletionsAdapter(openai_completions.CompletionsAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "text_completion")


class EmbeddingsAdapter(StainlessAdapter):
    """Vectors are never recorded; Together reports no token usage for embeddings."""

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "embeddings")

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = prompt_messages(given(kwargs.get("input")))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        embedding = parsed(result)
        if embedding is None:
            return None
        return Response(model=field(embedding, "model"), usage=chat_usage(field(embedding, "usage")))
