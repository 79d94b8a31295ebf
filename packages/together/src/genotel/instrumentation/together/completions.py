"""Completions (``text_completion``) and embeddings: the prompt or each input is a ``user`` message.

Together's completion chunks carry the finish reason on the chunk itself (not on its choice) and
the text both as ``choices[].text`` and ``choices[].delta.content``.
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.kits.openai_chat import chat_usage
from genotel.core.kits.stainless import StainlessAdapter, given, parsed
from genotel.core.model import Message, OutputMessage, Part, Request, Response, TextPart

from .common import base_request


def prompt_messages(prompt: Any) -> list[Message]:
    if prompt is None:
        return []
    prompts = [prompt] if isinstance(prompt, str) else prompt
    return [Message("user", [TextPart(text)]) for text in prompts]


class CompletionsAdapter(StainlessAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "text_completion")

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = prompt_messages(given(kwargs.get("prompt")))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        completion = parsed(result)
        if completion is None:
            return None
        messages = []
        for choice in field(completion, "choices", ()):
            text = field(choice, "text")
            parts: list[Part] = [TextPart(text)] if with_messages and text is not None else []
            messages.append(OutputMessage("assistant", parts, field(choice, "finish_reason")))
        usage = chat_usage(field(completion, "usage"))
        return Response(field(completion, "id"), field(completion, "model"), messages, usage)

    def accumulator(self, capture: bool) -> CompletionsAccumulator:
        return CompletionsAccumulator(capture)


class CompletionsAccumulator:
    __slots__ = ("capture", "finish_reasons", "id", "model", "texts", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.texts: dict[int, list[str]] = {}
        self.finish_reasons: dict[int, str] = {}

    def add(self, chunk: Any) -> None:
        if not self.id:
            self.id = getattr(chunk, "id", None) or None
            self.model = getattr(chunk, "model", None) or None
        if getattr(chunk, "usage", None) is not None:
            self.usage = chunk.usage
        chunk_reason = getattr(chunk, "finish_reason", None)
        for choice in chunk.choices or ():
            texts = self.texts.setdefault(choice.index, [])
            if self.capture:
                text = choice.text if choice.text is not None else field(choice.delta, "content")
                if text:
                    texts.append(text)
            reason = getattr(choice, "finish_reason", None) or chunk_reason
            if reason:
                self.finish_reasons[choice.index] = reason

    def response(self) -> Response:
        messages = [
            OutputMessage(
                "assistant",
                [TextPart("".join(texts))] if texts else [],
                self.finish_reasons.get(index),
            )
            for index, texts in sorted(self.texts.items())
        ]
        return Response(self.id, self.model, messages, chat_usage(self.usage))


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
