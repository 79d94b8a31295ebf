"""``embed`` (one input or a list) and the older ``embeddings`` (one prompt): inputs are user prompts
when captured; vectors are never recorded."""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.model import Message, Request, Response, TextPart

from .common import OllamaAdapter, arguments, base_request, usage

_EMBED_ARGS = ("model", "input", "truncate", "options", "keep_alive", "dimensions")
_EMBEDDINGS_ARGS = ("model", "prompt", "options", "keep_alive")


class EmbedAdapter(OllamaAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        params = arguments(_EMBED_ARGS, args, kwargs)
        request = base_request(instance, params, "embeddings")
        if isinstance(params.get("dimensions"), int):
            request.attributes["gen_ai.embeddings.dimension.count"] = params["dimensions"]
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        inputs = arguments(_EMBED_ARGS, args, kwargs).get("input")
        texts = [inputs] if isinstance(inputs, str) else inputs or ()
        request.messages = [Message("user", [TextPart(text)]) for text in texts]

    def to_response(self, result: Any, with_messages: bool) -> Response:
        return Response(model=field(result, "model"), usage=usage(result, output=False))


class EmbeddingsAdapter(OllamaAdapter):
    """``/api/embeddings`` answers with the vector alone: no model, no token count."""

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, arguments(_EMBEDDINGS_ARGS, args, kwargs), "embeddings")

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        prompt = arguments(_EMBEDDINGS_ARGS, args, kwargs).get("prompt")
        request.messages = [Message("user", [TextPart(prompt)])] if prompt else []

    def to_response(self, result: Any, with_messages: bool) -> Response:
        return Response(model=field(result, "model"))
