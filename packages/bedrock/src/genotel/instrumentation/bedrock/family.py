"""What every InvokeModel body family supplies, and the parts the prompt-style ones share.

A family reads its request body (parameters, then content only when it is recorded), its
response body, and its stream chunks (each chunk's JSON, with Bedrock's invocation metrics
already taken out). Prompt-style families differ only in key names, so they are tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from genotel.core.model import Message, OutputMessage, Request, Response, TextPart, Usage


class Family:
    """A body shape InvokeModel accepts; the base is the unknown one: a span without content or usage of its own."""

    name = "unknown"
    operation = "chat"

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        """Fill the content-free request parameters from ``body``."""

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        """Fill the request's messages, system instructions and tool definitions."""

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        return Response()

    def accumulator(self, capture: bool) -> Any:
        return _Nothing()


class _Nothing:
    def add(self, chunk: Any) -> None:
        pass

    def response(self) -> Response:
        return Response()


UNKNOWN = Family()


def path(body: Any, key: str) -> Any:
    """``body["a"]["b"]`` for ``"a.b"``; None when any step is missing."""
    for step in key.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(step)
    return body


def first(body: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = path(body, key)
        if value is not None:
            return value
    return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def count(value: Any) -> int | None:
    """A token count from a body: an int, or an integral float (a body a guardrail rewrote says ``28.0``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _int(value)


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    return None


# Neutral request field -> how its value is checked; a family names the body keys for each.
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "max_tokens": _int,
    "temperature": _float,
    "top_p": _float,
    "top_k": _float,
    "frequency_penalty": _float,
    "presence_penalty": _float,
    "stop_sequences": _strings,
    "seed": _int,
    "choice_count": _int,
}


def set_parameters(body: dict[str, Any], request: Request, keys: Mapping[str, tuple[str, ...]]) -> None:
    for name, candidates in keys.items():
        value = _CONVERT[name](first(body, candidates))
        if value is not None and not (name == "choice_count" and value == 1):
            setattr(request, name, value)


Outputs = list[tuple[str | None, str | None]]  # (text, raw finish reason) per choice


@dataclass(frozen=True, kw_only=True)
class PromptFamily(Family):
    """A prompt-in, text-out body (Titan, Llama, Mistral, Cohere Command, AI21 Jurassic, DeepSeek, Claude text).

    ``outputs``/``usage``/``response_id`` read a response body; ``chunk`` reads one stream chunk
    as ``(index, text piece, finish reason)`` triples and ``chunk_usage`` its counts, if any.
    """

    name: str
    prompt_key: str
    keys: dict[str, tuple[str, ...]]
    outputs: Callable[[dict[str, Any]], Outputs]
    usage: Callable[[dict[str, Any]], Usage | None] = lambda body: None
    response_id: Callable[[dict[str, Any]], Any] = lambda body: None
    chunk: Callable[[dict[str, Any]], list[tuple[int, Any, Any]]] = lambda chunk: []
    chunk_usage: Callable[[dict[str, Any]], dict[str, int]] = lambda chunk: {}
    operation: str = field(default="text_completion")

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        prompt = body.get(self.prompt_key)
        if isinstance(prompt, str):
            request.messages = [Message("user", [TextPart(prompt)])]

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        messages = []
        for text, finish in self.outputs(body):
            output = OutputMessage("assistant", finish_reason=finish)
            if with_messages and isinstance(text, str):
                output.parts = [TextPart(text)]
            messages.append(output)
        response_id = self.response_id(body)
        return Response(id=None if response_id is None else str(response_id), messages=messages, usage=self.usage(body))

    def accumulator(self, capture: bool) -> PromptAccumulator:
        return PromptAccumulator(self, capture)


class PromptAccumulator:
    """Text pieces and finish reason per choice index; the latest counts a chunk reports."""

    __slots__ = ("capture", "choices", "counts", "family")

    def __init__(self, family: PromptFamily, capture: bool) -> None:
        self.family = family
        self.capture = capture
        self.choices: dict[int, list[Any]] = {}  # index -> [pieces, finish reason]
        self.counts: dict[str, int] = {}

    def add(self, chunk: dict[str, Any]) -> None:
        for index, piece, finish in self.family.chunk(chunk):
            choice = self.choices.get(index)
            if choice is None:
                choice = self.choices[index] = [[], None]
            if self.capture and isinstance(piece, str):
                choice[0].append(piece)
            if finish:
                choice[1] = finish
        counts = self.family.chunk_usage(chunk)
        if counts:
            self.counts.update(counts)

    def response(self) -> Response:
        messages = []
        for pieces, finish in (self.choices[index] for index in sorted(self.choices)):
            output = OutputMessage("assistant", finish_reason=finish)
            if self.capture:
                output.parts = [TextPart("".join(pieces))]
            messages.append(output)
        usage = None
        if self.counts:
            usage = Usage(self.counts.get("input"), self.counts.get("output"))
        return Response(messages=messages, usage=usage)
