"""Embedding models through InvokeModel (Amazon Titan Embeddings, Cohere Embed): ``embeddings``.

Their inputs are recorded as ``user`` messages when content is captured, as for every embeddings
API; vectors never are. Titan counts its input tokens in the body; Cohere's count is in the headers.
"""

from __future__ import annotations

from typing import Any

from genotel.core.model import Message, Request, Response, TextPart, Usage

from .family import Family


class Embeddings(Family):
    name = "embeddings"
    operation = "embeddings"

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        texts = body.get("texts")
        if isinstance(body.get("inputText"), str):
            texts = [body["inputText"]]
        request.messages = [Message("user", [TextPart(text)]) for text in texts or () if isinstance(text, str)]

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        count = body.get("inputTextTokenCount")
        usage = Usage(input_tokens=count) if isinstance(count, int) else None
        response_id = body.get("id")
        return Response(id=response_id if isinstance(response_id, str) else None, usage=usage)


EMBEDDINGS = Embeddings()


def is_embeddings(model: str, body: dict[str, Any]) -> bool:
    """Titan Embeddings take ``inputText`` like Titan Text: the model id tells them apart; Cohere's take ``texts``."""
    return "embed" in model or ("texts" in body and "input_type" in body)
