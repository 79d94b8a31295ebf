"""v2 and v1 ``embed`` (v1 as ``cohere.Client`` batches it): operation embeddings; texts (and images)
are user prompts when captured, vectors never.

``embedding_types`` are the requested encoding formats; the dimension count is the requested
``output_dimension``, else the length of the first float or int8 vector returned (binary types
pack eight dimensions a byte, so they do not tell it).
"""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.convert import content_parts, field, url_part
from genotel.core.model import Message, Part, Request, Response, TextPart

from .chat_v2 import content_part
from .common import COHERE, client_server, given_kwargs, usage_of

_DIMENSIONED = ("float_", "float", "int8", "uint8")


class EmbedAdapter(Adapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        kwargs = given_kwargs(kwargs)
        address, port = client_server(instance)
        request = Request("embeddings", COHERE, kwargs.get("model"), server_address=address, server_port=port)
        dimensions = kwargs.get("output_dimension")
        if isinstance(dimensions, int):
            request.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        types = kwargs.get("embedding_types")
        if types:
            request.attributes["gen_ai.request.encoding_formats"] = [str(kind) for kind in types]
        input_type = kwargs.get("input_type")
        if isinstance(input_type, str):
            request.attributes["cohere.embed.input_type"] = input_type
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        kwargs = given_kwargs(kwargs)
        messages = [Message("user", [TextPart(text)]) for text in kwargs.get("texts") or ()]
        messages.extend(Message("user", [url_part(image, "image")]) for image in kwargs.get("images") or ())
        for item in kwargs.get("inputs") or ():
            parts: list[Part] = content_parts(field(item, "content"), content_part)
            messages.append(Message("user", parts))
        request.messages = messages

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        if result is None:
            return None
        response = Response(id=field(result, "id"), usage=usage_of(field(result, "meta")))
        dimensions = _dimensions(field(result, "embeddings"))
        if dimensions:
            response.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        return response


def _dimensions(embeddings: Any) -> int | None:
    vectors: Any = embeddings  # embeddings_floats: a list of float vectors
    if not isinstance(embeddings, list):  # embeddings_by_type: vectors per requested type
        vectors = next((field(embeddings, kind) for kind in _DIMENSIONED if field(embeddings, kind)), None)
    return len(vectors[0]) if vectors and isinstance(vectors[0], list) else None
