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
from .openai_chat import ChatAccumulator, OpenAIChatAdapter, chat_response, reasoning_of
from .stainless import parsed


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
    """The kit's accumulator, buffering each choice's (captured) reasoning deltas too."""

    __slots__ = ()

    reads_reasoning = True
