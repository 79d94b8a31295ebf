"""Reasoning text in the OpenAI chat shape, as OpenAI-compatible servers send it (Groq, Together AI,
DeepSeek, vLLM, ...): ``message.reasoning`` or ``message.reasoning_content`` beside the content, and
the same fields on stream deltas.

The answer's reasoning becomes a reasoning part before its text; streamed reasoning is buffered
only when content is captured.
"""

from __future__ import annotations

from typing import Any

from ..convert import field
from ..model import ReasoningPart, Response
from .openai_chat import ChatAccumulator, OpenAIChatAdapter, chat_response
from .stainless import parsed

REASONING_FIELDS = ("reasoning", "reasoning_content")


def reasoning_of(message: Any) -> str | None:
    """The reasoning text a message or delta carries, under either field name."""
    for name in REASONING_FIELDS:
        value = field(message, name)
        if value:
            return value  # type: ignore[no-any-return]
    return None


class ReasoningChatAdapter(OpenAIChatAdapter):
    """The kit's chat adapter, with each choice's reasoning as a part of its output message."""

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        completion = parsed(result)
        if completion is None:
            return None
        response = chat_response(completion, with_messages)
        if with_messages:
            for output, choice in zip(response.messages, field(completion, "choices", ()), strict=False):
                reasoning = reasoning_of(field(choice, "message"))
                if reasoning:
                    output.parts.insert(0, ReasoningPart(reasoning))
        return response

    def accumulator(self, capture: bool) -> ReasoningChatAccumulator:
        return ReasoningChatAccumulator(capture)


class ReasoningChatAccumulator(ChatAccumulator):
    """The kit's accumulator, plus the (captured) reasoning deltas of each choice."""

    __slots__ = ("reasoning",)

    def __init__(self, capture: bool) -> None:
        super().__init__(capture)
        self.reasoning: dict[int, list[str]] = {}

    def add(self, chunk: Any) -> None:
        super().add(chunk)
        if self.capture:
            for choice in chunk.choices or ():
                reasoning = reasoning_of(choice.delta)
                if reasoning:
                    self.reasoning.setdefault(choice.index, []).append(reasoning)

    def response(self) -> Response:
        response = super().response()
        for index, output in zip(sorted(self.choices), response.messages, strict=True):
            if index in self.reasoning:
                output.parts.insert(0, ReasoningPart("".join(self.reasoning[index])))
        return response
