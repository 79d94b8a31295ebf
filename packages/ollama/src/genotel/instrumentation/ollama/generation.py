"""``chat`` and ``generate`` (streamed as one JSON object per line, the last one ``done``) to the neutral model.

``generate`` is ``text_completion``: its ``prompt`` is one ``user`` message and its ``system`` the
system instructions. Thinking (``think=True``) is a reasoning part; tool calls carry structured
arguments and no id (Ollama gives them none), and tool results are matched by ``tool_name``.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from genotel.core.convert import blob, field
from genotel.core.model import (
    BlobPart,
    FilePart,
    Message,
    OutputMessage,
    Part,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
)

from .common import OllamaAdapter, arguments, base_request, usage

_CHAT_ARGS = ("model", "messages")
_GENERATE_ARGS = ("model", "prompt", "suffix")
_IMAGE_FILES = ("png", "jpg", "jpeg", "webp")


class ChatAdapter(OllamaAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, arguments(_CHAT_ARGS, args, kwargs), "chat")

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        params = arguments(_CHAT_ARGS, args, kwargs)
        request.messages = [input_message(message) for message in params.get("messages") or ()]
        request.tool_definitions = [tool_definition(tool) for tool in params.get("tools") or ()]

    def to_response(self, result: Any, with_messages: bool) -> Response:
        message = field(result, "message")
        output = OutputMessage(field(message, "role", "assistant"), finish_reason=field(result, "done_reason"))
        if with_messages:
            output.parts = output_parts(
                field(message, "thinking"), field(message, "content"), field(message, "tool_calls")
            )
        return Response(model=field(result, "model"), messages=[output], usage=usage(result))

    def accumulator(self, capture: bool) -> GenerationAccumulator:
        return GenerationAccumulator(capture, "message")


class GenerateAdapter(OllamaAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, arguments(_GENERATE_ARGS, args, kwargs), "text_completion")

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        params = arguments(_GENERATE_ARGS, args, kwargs)
        if params.get("system"):
            request.system_instructions = [TextPart(params["system"])]
        parts: list[Part] = [TextPart(params["prompt"])] if params.get("prompt") else []
        parts.extend(image_part(image) for image in params.get("images") or ())
        request.messages = [Message("user", parts)] if parts else []

    def to_response(self, result: Any, with_messages: bool) -> Response:
        output = OutputMessage("assistant", finish_reason=field(result, "done_reason"))
        if with_messages:
            output.parts = output_parts(field(result, "thinking"), field(result, "response"), None)
        return Response(model=field(result, "model"), messages=[output], usage=usage(result))

    def accumulator(self, capture: bool) -> GenerationAccumulator:
        return GenerationAccumulator(capture, None)


def input_message(message: Any) -> Message:
    role = field(message, "role", "user")
    if role == "tool":
        return Message("tool", [ToolCallResponsePart(None, field(message, "content"))])
    parts = output_parts(field(message, "thinking"), field(message, "content"), field(message, "tool_calls"))
    parts.extend(image_part(image) for image in field(message, "images", ()))
    return Message(role, parts)


def output_parts(thinking: Any, text: Any, calls: Any) -> list[Part]:
    parts: list[Part] = [ReasoningPart(thinking)] if thinking else []
    if text:
        parts.append(TextPart(text))
    parts.extend(tool_call(call) for call in calls or ())
    return parts


def tool_call(call: Any) -> ToolCallPart:
    function = field(call, "function")
    return ToolCallPart(field(call, "id"), field(function, "name"), field(function, "arguments"))


def image_part(image: Any) -> Part:
    """Raw bytes or base64 text become an elided blob; a file path stays a file part (never read)."""
    value = getattr(image, "value", image)  # ollama.Image wraps its value
    if isinstance(value, (bytes, bytearray)):
        return BlobPart("image", None, len(value))
    text = str(value)
    if isinstance(value, PurePath) or text.rsplit(".", 1)[-1].lower() in _IMAGE_FILES:
        return FilePart("image", text)
    return blob(text, None, "image")


def tool_definition(tool: Any) -> ToolDefinition:
    """A tool dict or ``ollama.Tool``; a plain Python function as the SDK describes it."""
    if callable(tool) and not hasattr(tool, "function"):
        from ollama._utils import convert_function_to_tool  # the SDK's own reading of the docstring

        tool = convert_function_to_tool(tool)
    function = field(tool, "function")
    parameters = field(function, "parameters")
    if hasattr(parameters, "model_dump"):
        parameters = parameters.model_dump(exclude_none=True, by_alias=True)
    return ToolDefinition(field(function, "name", ""), field(function, "description"), parameters)


class GenerationAccumulator:
    """Keeps the last chunk (model, role, ``done`` and the counts are read from it at the end), the tool
    calls, and the streamed text and thinking only when captured: per chunk, as few reads as possible."""

    __slots__ = ("calls", "capture", "key", "last", "text", "thinking")

    def __init__(self, capture: bool, key: str | None) -> None:
        self.capture = capture
        self.key = key  # "message" for chat chunks; generate chunks hold their text at the top
        self.last: Any = None
        self.text: list[str] = []
        self.thinking: list[str] = []
        self.calls: list[Any] = []

    def add(self, chunk: Any) -> None:
        """Plain attribute reads on the SDK's models (each field read here is declared since ollama 0.5);
        the plain dicts older SDKs streamed are read field by field."""
        self.last = chunk
        if isinstance(chunk, dict):
            self._add_dict(chunk)
            return
        if self.key is None:
            part = chunk
        else:
            part = chunk.message
            if part is None:
                return
            if part.tool_calls:
                self.calls.extend(part.tool_calls)
        if self.capture:
            text = part.content if self.key else part.response
            if text:
                self.text.append(text)
            if part.thinking:
                self.thinking.append(part.thinking)

    def _add_dict(self, chunk: dict[str, Any]) -> None:
        part = chunk if self.key is None else chunk.get(self.key) or {}
        if self.key is not None and part.get("tool_calls"):
            self.calls.extend(part["tool_calls"])
        if self.capture:
            text = part.get("content" if self.key else "response")
            if text:
                self.text.append(text)
            if part.get("thinking"):
                self.thinking.append(part["thinking"])

    def response(self) -> Response:
        last = self.last
        final = last if field(last, "done") else None  # a stream stopped early has no counts
        role = field(field(last, self.key), "role", "assistant") if self.key else "assistant"
        parts = output_parts("".join(self.thinking), "".join(self.text), self.calls)
        if not self.capture:
            parts = [ToolCallPart(part.id, part.name) for part in parts if isinstance(part, ToolCallPart)]
        message = OutputMessage(role, parts, field(final, "done_reason"))
        return Response(model=field(last, "model"), messages=[message], usage=None if final is None else usage(final))
