"""The Anthropic Messages shape, for every SDK that sends or returns it.

The anthropic SDK's objects and the plain JSON of the same API (Claude on Bedrock's InvokeModel,
for one) convert alike: every read goes through ``field``, which takes attributes and keys.
Anthropic's ``input_tokens`` leave out the prompt cache, so cache reads and writes are added back.
"""

from __future__ import annotations

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
    output = OutputMessage(field(message, "role", "assistant"), finish_reason=field(message, "stop_reason"))
    if with_messages:
        output.parts = [block_part(block) for block in field(message, "content", ())]
    return Response(field(message, "id"), field(message, "model"), [output], usage_of(field(message, "usage")))
