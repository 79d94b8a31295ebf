"""Legacy Completions (``completions.create``): prompts are user messages, each choice a completion."""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.kits.openai_chat import chat_usage
from genotel.core.kits.stainless import StainlessAdapter, given, parsed
from genotel.core.model import Message, OutputMessage, Part, Request, Response, TextPart

from .common import base_request


class CompletionsAdapter(StainlessAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "text_completion", ("max_tokens",))

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
        return Response(
            field(completion, "id"), field(completion, "model"), messages, chat_usage(field(completion, "usage"))
        )

    def accumulator(self, capture: bool) -> CompletionsAccumulator:
        return CompletionsAccumulator(capture)


def prompt_messages(prompt: Any) -> list[Message]:
    """A prompt string, a list of strings, or token arrays (kept as their JSON)."""
    if prompt is None:
        return []
    if isinstance(prompt, str):
        return [Message("user", [TextPart(prompt)])]
    if prompt and isinstance(prompt[0], int):
        return [Message("user", [TextPart(str(list(prompt)))])]
    return [Message("user", [TextPart(item if isinstance(item, str) else str(list(item)))]) for item in prompt]


class CompletionsAccumulator:
    __slots__ = ("capture", "finish_reasons", "id", "model", "texts", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.texts: dict[int, list[str]] = {}
        self.finish_reasons: dict[int, str | None] = {}

    def add(self, chunk: Any) -> None:
        if not self.id:
            self.id = chunk.id or None
            self.model = chunk.model or None
        if getattr(chunk, "usage", None) is not None:
            self.usage = chunk.usage
        for choice in chunk.choices or ():
            texts = self.texts.setdefault(choice.index, [])
            if self.capture and choice.text:
                texts.append(choice.text)
            if choice.finish_reason is not None:
                self.finish_reasons[choice.index] = choice.finish_reason

    def response(self) -> Response:
        messages = [
            OutputMessage(
                "assistant",
                [TextPart("".join(self.texts[index]))] if self.texts[index] else [],
                self.finish_reasons.get(index),
            )
            for index in sorted(self.texts)
        ]
        return Response(self.id, self.model, messages, chat_usage(self.usage))
