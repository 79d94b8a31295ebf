"""Embeddings: inputs are user prompts (when captured); vectors are never recorded."""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.kits.openai_completions import prompt_messages
from genotel.core.kits.stainless import StainlessAdapter, given, parsed
from genotel.core.model import Request, Response, Usage

from .common import base_request


class EmbeddingsAdapter(StainlessAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        request = base_request(instance, kwargs, "embeddings", ())
        dimensions = given(kwargs.get("dimensions"))
        if isinstance(dimensions, int):
            request.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        encoding = given(kwargs.get("encoding_format"))
        if isinstance(encoding, str):
            request.attributes["gen_ai.request.encoding_formats"] = [encoding]
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = prompt_messages(given(kwargs.get("input")))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        embedding = parsed(result)
        if embedding is None:
            return None
        usage = field(embedding, "usage")
        tokens = field(usage, "prompt_tokens")
        return Response(
            model=field(embedding, "model"), usage=Usage(input_tokens=tokens) if tokens is not None else None
        )
