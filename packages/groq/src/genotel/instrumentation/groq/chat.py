"""Groq chat completions: the OpenAI chat shape (the core's kit), plus what Groq adds to it.

Groq streams report usage in the last chunk's ``x_groq.usage`` (``usage`` only when asked for with
``stream_options``), and reasoning models answer with a ``reasoning`` text beside the content.
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field
from genotel.core.kits.openai_chat import FINISH_REASONS, ChatAccumulator, OpenAIChatAdapter, chat_response
from genotel.core.kits.stainless import parsed
from genotel.core.model import Provider, ReasoningPart, Response

GROQ = Provider("groq", "groq", FINISH_REASONS)


class GroqChatAdapter(OpenAIChatAdapter):
    def provider_of(self, resource: Any) -> Provider:
        return GROQ

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        completion = parsed(result)
        if completion is None:
            return None
        response = chat_response(completion, with_messages)
        if with_messages:
            for output, choice in zip(response.messages, field(completion, "choices", ()), strict=False):
                reasoning = field(field(choice, "message"), "reasoning")
                if reasoning:
                    output.parts.insert(0, ReasoningPart(reasoning))
        return response

    def accumulator(self, capture: bool) -> GroqChatAccumulator:
        return GroqChatAccumulator(capture)


class GroqChatAccumulator(ChatAccumulator):
    """The kit's accumulator, with ``x_groq.usage`` and (captured) reasoning deltas per choice."""

    __slots__ = ("reasoning",)

    def __init__(self, capture: bool) -> None:
        super().__init__(capture)
        self.reasoning: dict[int, list[str]] = {}

    def add(self, chunk: Any) -> None:
        super().add(chunk)
        x_groq = getattr(chunk, "x_groq", None)
        if x_groq is not None and getattr(x_groq, "usage", None) is not None:
            self.usage = x_groq.usage
        if self.capture:
            for choice in chunk.choices or ():
                reasoning = getattr(choice.delta, "reasoning", None)
                if reasoning:
                    self.reasoning.setdefault(choice.index, []).append(reasoning)

    def response(self) -> Response:
        response = super().response()
        for index, output in zip(sorted(self.choices), response.messages, strict=True):
            if index in self.reasoning:
                output.parts.insert(0, ReasoningPart("".join(self.reasoning[index])))
        return response
