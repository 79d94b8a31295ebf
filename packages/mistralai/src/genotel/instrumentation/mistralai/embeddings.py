"""``embeddings.create`` (and ``create_async``): inputs are user prompts when captured; vectors never are."""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.model import Message, Request, Response, TextPart, Usage

from .common import MISTRAL, get, given_kwargs, server


class EmbeddingsAdapter(Adapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        kwargs = given_kwargs(kwargs)
        address, port = server(instance, kwargs)
        request = Request("embeddings", MISTRAL, kwargs.get("model"), server_address=address, server_port=port)
        dimensions = kwargs.get("output_dimension")
        if isinstance(dimensions, int):
            request.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        encoding = kwargs.get("encoding_format")
        if isinstance(encoding, str):
            request.attributes["gen_ai.request.encoding_formats"] = [encoding]
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        inputs = given_kwargs(kwargs).get("inputs")
        texts = [inputs] if isinstance(inputs, str) else inputs or ()
        request.messages = [Message("user", [TextPart(text)]) for text in texts if isinstance(text, str)]

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        if result is None:
            return None
        tokens = get(get(result, "usage"), "prompt_tokens")
        return Response(
            id=get(result, "id"),
            model=get(result, "model"),
            usage=Usage(input_tokens=tokens) if tokens is not None else None,
        )
