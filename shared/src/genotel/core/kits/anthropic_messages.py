"""The Anthropic Messages shape, for every SDK that sends or returns it.

The anthropic SDK's objects and the plain JSON of the same API (Claude on Bedrock's InvokeModel,
for one) convert alike: every read goes through ``field``, which takes attributes and keys.
Anthropic's ``input_tokens`` leave out the prompt cache, so cache reads and writes are added back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..convert import blob, content_parts, field
from ..model import (
    BlobPart,
    FilePart,
    GenericPart,
    History,
    Message,
    OutputMessage,
    Part,
    ReasoningPart,
    Response,
    Safety,
    SafetyFinding,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)

_MODALITY = {"image": "image", "document": "document"}
TOOL_CALLS = ("tool_use", "server_tool_use", "mcp_tool_use")

# Anthropic's raw stop reasons, and what they mean in the 1.36 enum.
FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "tool_use": "tool_calls",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "refusal": "content_filter",
}


def input_turn(message: Any) -> list[Message]:
    """One message as the caller passed it; each ``tool_result`` block in it is a ``tool`` message of its own."""
    role = field(message, "role", "user")
    content = field(message, "content")
    if isinstance(content, str):
        return [Message(role, [TextPart(content)])]
    converted = []
    parts: list[Part] = []
    for block in content or ():
        if field(block, "type") == "tool_result":
            converted.append(Message("tool", [tool_result(block)]))
        else:
            parts.append(block_part(block))
    if parts or not content:
        converted.append(Message(role, parts))
    return converted


def input_messages(messages: Any) -> History:
    return History(messages, input_turn)


def tool_result(block: Any) -> ToolCallResponsePart:
    content = field(block, "content")
    if content is None or isinstance(content, str):
        return ToolCallResponsePart(field(block, "tool_use_id"), content)
    parts = content_parts(content, block_part)
    if all(isinstance(part, TextPart) for part in parts):
        return ToolCallResponsePart(field(block, "tool_use_id"), "\n".join(part.content for part in parts))  # type: ignore[union-attr]
    return ToolCallResponsePart(field(block, "tool_use_id"), parts)


def block_part(block: Any) -> Part:
    kind = field(block, "type")
    if kind == "text":
        return TextPart(field(block, "text", ""))
    if kind in TOOL_CALLS:
        return ToolCallPart(field(block, "id"), field(block, "name"), field(block, "input"))
    if kind == "thinking":
        return ReasoningPart(field(block, "thinking", ""))
    if kind == "redacted_thinking":
        return ReasoningPart("")
    if kind in _MODALITY:
        return source_part(field(block, "source"), _MODALITY[kind])
    return GenericPart(str(kind))


def source_part(source: Any, modality: str) -> BlobPart | UriPart | FilePart | GenericPart:
    kind = field(source, "type")
    if kind == "base64":
        return blob(field(source, "data", ""), field(source, "media_type"), modality)
    if kind == "text":
        text = field(source, "data", "")
        return BlobPart(modality, field(source, "media_type"), len(text.encode()))
    if kind == "url":
        return UriPart(modality, field(source, "url", ""))
    if kind == "file":
        return FilePart(modality, field(source, "file_id", ""))
    return GenericPart(f"{modality}:{kind}")


def tool_definition(tool: Any) -> ToolDefinition:
    kind = field(tool, "type", "custom")
    return ToolDefinition(
        field(tool, "name", kind),
        field(tool, "description"),
        field(tool, "input_schema"),
        "function" if kind == "custom" else kind,
    )


def usage_of(usage: Any) -> Usage | None:
    if usage is None:
        return None
    return Usage.normalized(
        input_tokens=field(usage, "input_tokens"),
        output_tokens=field(usage, "output_tokens"),
        cache_read=field(usage, "cache_read_input_tokens"),
        cache_creation=field(usage, "cache_creation_input_tokens"),
        input_includes_cache=False,
    )


def convert_message(message: Any, with_messages: bool) -> Response:
    stop_reason = field(message, "stop_reason")
    output = OutputMessage(field(message, "role", "assistant"), finish_reason=stop_reason)
    if with_messages:
        output.parts = [block_part(block) for block in field(message, "content", ())]
    response = Response(field(message, "id"), field(message, "model"), [output], usage_of(field(message, "usage")))
    if stop_reason == REFUSAL:
        response.safety = refusal_safety(field(message, "stop_details"))
    return response


REFUSAL = "refusal"


def refusal_safety(details: Any) -> Safety:
    """``stop_reason: refusal``: Claude declined; ``stop_details`` names the policy category and may explain.

    The explanation can paraphrase the request: it is a ``detail``, recorded only with content on.
    ``details`` is an SDK object, or a dict (JSON bodies, and SDKs older than the field keep it raw).
    """
    finding = SafetyFinding("response", action=REFUSAL)
    if details is not None:
        finding.category = field(details, "category")
        finding.detail = field(details, "explanation")
    return Safety([finding])


def json_key(obj: Any, name: str, default: Any = None) -> Any:
    """``getattr`` for plain JSON: the stream reader of bodies that arrive as dicts (Bedrock's)."""
    return obj.get(name, default) if isinstance(obj, dict) else default


_USAGE_KEYS = ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")


class _Block:
    __slots__ = ("id", "kind", "name", "pieces")

    def __init__(self, kind: str, id: str | None, name: str | None) -> None:
        self.kind = kind
        self.id = id
        self.name = name
        self.pieces: list[str] = []

    def part(self) -> Part:
        text = "".join(self.pieces)
        if self.kind == "text":
            return TextPart(text)
        if self.kind == "thinking":
            return ReasoningPart(text)
        if self.kind == "redacted_thinking":
            return ReasoningPart("")
        if self.kind in TOOL_CALLS:
            return ToolCallPart(self.id, self.name, _json_or_text(text) if self.pieces else None)
        return GenericPart(str(self.kind))


def _json_or_text(text: str) -> Any:
    """Streamed tool input arrives as JSON fragments; joined, it is the same input as the non-stream path."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class MessagesAccumulator:
    """Folds the Messages stream events (message_start, content_block_*, message_delta) into one response.

    ``read`` is how an event's fields are read: ``getattr`` for SDK objects (the default, no
    per-chunk indirection), ``json_key`` for plain JSON. Text, thinking and tool input are
    buffered only when content is captured.
    """

    __slots__ = ("blocks", "capture", "id", "model", "read", "stop_details", "stop_reason", "usage")

    def __init__(self, capture: bool, read: Callable[[Any, str, Any], Any] = getattr) -> None:
        self.capture = capture
        self.read = read
        self.id: str | None = None
        self.model: str | None = None
        self.usage: dict[str, int] = {}
        self.stop_reason: str | None = None
        self.stop_details: Any = None
        self.blocks: dict[int, _Block] = {}

    def add(self, event: Any) -> None:
        read = self.read
        kind = read(event, "type", None)
        if kind == "content_block_delta":
            if self.capture:
                block = self.blocks.get(read(event, "index", 0))
                delta = read(event, "delta", None)
                piece = read(delta, "text", None) or read(delta, "partial_json", None) or read(delta, "thinking", None)
                if block is not None and piece:
                    block.pieces.append(piece)
        elif kind == "content_block_start":
            start = read(event, "content_block", None)
            kind = read(start, "type", None)
            block = _Block(kind, read(start, "id", None), read(start, "name", None))
            if self.capture and kind in ("text", "thinking"):
                initial = read(start, "text", None) or read(start, "thinking", None)
                if initial:
                    block.pieces.append(initial)
            self.blocks[read(event, "index", 0)] = block
        elif kind == "message_start":
            message = read(event, "message", None)
            self.id = read(message, "id", None)
            self.model = read(message, "model", None)
            self._merge_usage(read(message, "usage", None))
        elif kind == "message_delta":
            delta = read(event, "delta", None)
            self.stop_reason = read(delta, "stop_reason", None) or self.stop_reason
            if self.stop_reason == REFUSAL:
                self.stop_details = read(delta, "stop_details", None) or self.stop_details
            self._merge_usage(read(event, "usage", None))

    def _merge_usage(self, usage: Any) -> None:
        for key in _USAGE_KEYS:
            value = self.read(usage, key, None)
            if value is not None:
                self.usage[key] = value

    def response(self) -> Response:
        output = OutputMessage(
            "assistant", [self.blocks[index].part() for index in sorted(self.blocks)], self.stop_reason
        )
        response = Response(
            self.id, self.model, [output] if self.blocks or self.stop_reason else [], usage_of(self.usage or None)
        )
        if self.stop_reason == REFUSAL:
            response.safety = refusal_safety(self.stop_details)
        return response
