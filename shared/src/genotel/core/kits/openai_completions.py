"""The OpenAI legacy Completions shape (``prompt`` in, ``choices[].text`` out), for every SDK that speaks it.

OpenAI's ``completions.create`` and Together's completions send and return it; Together's stream
chunks also carry the finish reason on the chunk itself and the text as ``choices[].delta.content``,
which the accumulator reads too.
"""

from __future__ import annotations

from typing import Any

from ..convert import field
from ..model import Message, OutputMessage, Part, Request, Response, TextPart
from .openai_chat import chat_usage
from .stainless import StainlessAdapter, given, parsed


def prompt_messages(prompt: Any) -> list[Message]:
    """A prompt string, a list of strings, or token arrays (kept as their JSON): each a ``user`` message."""
    if prompt is None:
        return []
    if isinstance(prompt, str):
        return [Message("user", [TextPart(prompt)])]
    if prompt and isinstance(prompt[0], int):
        return [Message("user", [TextPart(str(list(prompt)))])]
    return [Message("user", [TextPart(item if isinstance(item, str) else str(list(item)))]) for item in prompt]


def convert_completion(completion: Any, with_messages: bool) -> Response:
    messages = []
    for choice in field(completion, "choices", ()):
        text = field(choice, "text")
        parts: list[Part] = [TextPart(text)] if with_messages and text is not None else []
        messages.append(OutputMessage("assistant", parts, field(choice, "finish_reason")))
    usage = chat_usage(field(completion, "usage"))
    return Response(field(completion, "id"), field(completion, "model"), messages, usage)


class CompletionsAdapter(StainlessAdapter):
    """Everything but ``to_request``, which each SDK writes (its parameters and server differ)."""

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = prompt_messages(given(kwargs.get("prompt")))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        completion = parsed(result)
        return None if completion is None else convert_completion(completion, with_messages)

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
                text = choice.text if choice.text is not None else field(getattr(choice, "delta", None), "content")
                if text:
                    texts.append(text)
            reason = choice.finish_reason or chunk_reason
            if reason:
                self.finish_reasons[choice.index] = reason

    def response(self) -> Response:
        messages = [
            OutputMessage("assistant", [TextPart("".join(texts))] if texts else [], self.finish_reasons.get(index))
            for index, texts in sorted(self.texts.items())
        ]
        return Response(self.id, self.model, messages, chat_usage(self.usage))
