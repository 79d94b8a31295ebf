"""Turning neutral parts into telemetry values, shared by every emitter.

Blob bytes never get here (the model keeps only their size); strings are cut to the
configured limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .model import (
    BlobPart,
    FilePart,
    GenericPart,
    Part,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
)

_PART_TYPES = (TextPart, ToolCallPart, ToolCallResponsePart, ReasoningPart, BlobPart, UriPart, FilePart, GenericPart)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def cut(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[:limit]


def capped(value: Any, limit: int | None) -> Any:
    """``value`` with every string inside it cut to ``limit`` (structured tool arguments, results, schemas)."""
    if limit is None:
        return value
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, dict):
        return {key: capped(item, limit) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [capped(item, limit) for item in value]
    return value


def elided(byte_size: int) -> str:
    return f"<elided {byte_size} bytes>"


def _is_parts(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, _PART_TYPES) for item in value)


def as_text(value: Any, limit: int | None) -> str:
    """A string as is, parts as message content, anything else as JSON (tool arguments and results).

    Structured values keep their JSON valid: the strings inside them are cut, not the JSON text.
    """
    if isinstance(value, str):
        return cut(value, limit)
    if _is_parts(value):
        return text_content(value, limit) or ""
    return dumps(capped(value, limit))


def arguments_value(arguments: Any, limit: int | None) -> Any:
    """Tool-call arguments as structured JSON where they parse (latest semconv)."""
    if isinstance(arguments, str):
        if limit is not None and len(arguments) > limit:
            return arguments[:limit]  # cut text, since cut JSON would not parse
        try:
            return json.loads(arguments)
        except ValueError:
            return arguments
    return capped(arguments, limit)


def response_value(response: Any, limit: int | None) -> Any:
    """A tool result for the latest JSON: strings cut to the limit, parts in the part schema."""
    if isinstance(response, str):
        return cut(response, limit)
    if _is_parts(response):
        return parts_json(response, limit)
    return capped(response, limit)


def part_json(part: Part, limit: int | None) -> dict[str, Any]:
    """One part in the semconv message JSON schema."""
    if isinstance(part, TextPart):
        return {"type": "text", "content": cut(part.content, limit)}
    if isinstance(part, ToolCallPart):
        return {
            "type": "tool_call",
            "id": part.id,
            "name": part.name,
            "arguments": arguments_value(part.arguments, limit),
        }
    if isinstance(part, ToolCallResponsePart):
        return {"type": "tool_call_response", "id": part.id, "response": response_value(part.response, limit)}
    if isinstance(part, ReasoningPart):
        return {"type": "reasoning", "content": cut(part.content, limit)}
    if isinstance(part, BlobPart):
        blob: dict[str, Any] = {"type": "blob", "modality": part.modality}
        if part.mime_type:
            blob["mime_type"] = part.mime_type
        blob["content"] = elided(part.byte_size)
        return blob
    if isinstance(part, UriPart):
        uri: dict[str, Any] = {"type": "uri", "modality": part.modality}
        if part.mime_type:
            uri["mime_type"] = part.mime_type
        uri["uri"] = part.uri
        return uri
    if isinstance(part, FilePart):
        file: dict[str, Any] = {"type": "file", "modality": part.modality}
        if part.mime_type:
            file["mime_type"] = part.mime_type
        file["file_id"] = part.file_id
        return file
    generic: GenericPart = part
    if generic.content is None:
        return {"type": generic.type}
    content = generic.content
    return {"type": generic.type, "content": capped(content, limit)}


def parts_json(parts: Iterable[Part], limit: int | None) -> list[dict[str, Any]]:
    return [part_json(part, limit) for part in parts]


def text_content(parts: list[Part], limit: int | None, reasoning_apart: bool = False) -> str | None:
    """The ``content`` string of a message: joined text, or the JSON list when any part is not text.

    Tool calls and tool results are carried by their own keys, and so is reasoning on
    completions (``reasoning_apart``), so they are left out here.
    """
    kept = [
        part
        for part in parts
        if not isinstance(part, (ToolCallPart, ToolCallResponsePart))
        and not (reasoning_apart and isinstance(part, ReasoningPart))
    ]
    if not kept:
        return None
    if all(isinstance(part, TextPart) for part in kept):
        return cut("\n".join(part.content for part in kept), limit)  # type: ignore[union-attr]
    return dumps(parts_json(kept, limit))


def reasoning_text(parts: list[Part], limit: int | None) -> str | None:
    texts = [part.content for part in parts if isinstance(part, ReasoningPart) and part.content]
    return cut("\n".join(texts), limit) if texts else None


def tool_calls(parts: list[Part]) -> list[ToolCallPart]:
    return [part for part in parts if isinstance(part, ToolCallPart)]


def tool_response(parts: list[Part]) -> ToolCallResponsePart | None:
    for part in parts:
        if isinstance(part, ToolCallResponsePart):
            return part
    return None


def tool_definition_json(tool: ToolDefinition, limit: int | None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": tool.type, "name": tool.name}
    if tool.description is not None:
        definition["description"] = cut(tool.description, limit)
    if tool.parameters is not None:
        definition["parameters"] = capped(tool.parameters, limit)
    return definition
