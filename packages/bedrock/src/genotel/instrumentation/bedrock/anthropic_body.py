"""Anthropic Messages bodies sent through InvokeModel (``anthropic_version: bedrock-2023-05-31``).

The body is the Messages API's JSON, read here as plain dicts (boto3 hands over no SDK objects).
Anthropic's ``input_tokens`` leave out the prompt cache, so cache reads and writes are added back.
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.convert import blob
from genotel.core.model import (
    BlobPart,
    GenericPart,
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
    UriPart,
    Usage,
)

from .family import Family, set_parameters

_CALLS = ("tool_use", "server_tool_use", "mcp_tool_use")


def block_part(block: Any) -> Part:
    if isinstance(block, str):
        return TextPart(block)
    if not isinstance(block, dict):
        return GenericPart(type(block).__name__)
    kind = block.get("type")
    if kind == "text":
        return TextPart(str(block.get("text", "")))
    if kind in _CALLS:
        return ToolCallPart(block.get("id"), block.get("name"), block.get("input"))
    if kind == "thinking":
        return ReasoningPart(str(block.get("thinking", "")))
    if kind == "redacted_thinking":
        return ReasoningPart("")
    if kind in ("image", "document"):
        source = block.get("source") or {}
        if source.get("type") == "base64":
            return blob(str(source.get("data", "")), source.get("media_type"), kind)
        if source.get("type") == "text":
            return BlobPart(kind, source.get("media_type"), len(str(source.get("data", "")).encode()))
        if source.get("type") == "url":
            return UriPart(kind, str(source.get("url", "")))
    return GenericPart(str(kind))


def _parts(content: Any) -> list[Part]:
    if content is None:
        return []
    if isinstance(content, str):
        return [TextPart(content)]
    return [block_part(block) for block in content]


def _tool_result(block: dict[str, Any]) -> ToolCallResponsePart:
    content = block.get("content")
    if content is None or isinstance(content, str):
        return ToolCallResponsePart(block.get("tool_use_id"), content)
    parts = _parts(content)
    if all(isinstance(part, TextPart) for part in parts):
        return ToolCallResponsePart(block.get("tool_use_id"), "\n".join(part.content for part in parts))  # type: ignore[union-attr]
    return ToolCallResponsePart(block.get("tool_use_id"), parts)


def input_messages(messages: Any) -> list[Message]:
    converted = []
    for message in messages or ():
        content = message.get("content")
        if isinstance(content, str):
            converted.append(Message(message.get("role", "user"), [TextPart(content)]))
            continue
        parts: list[Part] = []
        for block in content or ():
            if isinstance(block, dict) and block.get("type") == "tool_result":
                converted.append(Message("tool", [_tool_result(block)]))
            else:
                parts.append(block_part(block))
        if parts or not content:
            converted.append(Message(message.get("role", "user"), parts))
    return converted


def usage_of(usage: Any) -> Usage | None:
    if not isinstance(usage, dict):
        return None
    return Usage.normalized(
        input_tokens=usage.get("input_tokens"),
        output_tokens=usage.get("output_tokens"),
        cache_read=usage.get("cache_read_input_tokens"),
        cache_creation=usage.get("cache_creation_input_tokens"),
        input_includes_cache=False,
    )


class AnthropicMessages(Family):
    name = "anthropic.messages"
    operation = "chat"
    keys = {
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "top_k": ("top_k",),
        "stop_sequences": ("stop_sequences",),
    }

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        request.system_instructions = _parts(body.get("system"))
        request.messages = input_messages(body.get("messages"))
        request.tool_definitions = [
            ToolDefinition(
                str(tool.get("name", tool.get("type", "custom"))),
                tool.get("description"),
                tool.get("input_schema"),
                "function" if tool.get("type", "custom") == "custom" else tool["type"],
            )
            for tool in body.get("tools") or ()
            if isinstance(tool, dict)
        ]

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        output = OutputMessage(body.get("role", "assistant"), finish_reason=body.get("stop_reason"))
        if with_messages:
            output.parts = _parts(body.get("content"))
        return Response(body.get("id"), body.get("model"), [output], usage_of(body.get("usage")))

    def accumulator(self, capture: bool) -> AnthropicEvents:
        return AnthropicEvents(capture)


class AnthropicEvents:
    """The Messages stream events (message_start, content_block_*, message_delta), one per chunk."""

    __slots__ = ("blocks", "capture", "id", "model", "stop_reason", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.stop_reason: str | None = None
        self.usage: dict[str, int] = {}
        self.blocks: dict[int, list[Any]] = {}  # index -> [type, id, name, pieces]

    def add(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "content_block_delta":
            block = self.blocks.get(event.get("index", 0))
            if self.capture and block is not None:
                delta = event.get("delta") or {}
                piece = delta.get("text") or delta.get("partial_json") or delta.get("thinking")
                if piece:
                    block[3].append(piece)
        elif kind == "content_block_start":
            start = event.get("content_block") or {}
            block = [start.get("type"), start.get("id"), start.get("name"), []]
            initial = start.get("text") or start.get("thinking")
            if self.capture and initial:
                block[3].append(initial)
            self.blocks[event.get("index", 0)] = block
        elif kind == "message_start":
            message = event.get("message") or {}
            self.id, self.model = message.get("id"), message.get("model")
            self._merge(message.get("usage"))
        elif kind == "message_delta":
            self.stop_reason = (event.get("delta") or {}).get("stop_reason") or self.stop_reason
            self._merge(event.get("usage"))

    def _merge(self, usage: Any) -> None:
        if isinstance(usage, dict):
            self.usage.update({key: value for key, value in usage.items() if isinstance(value, int)})

    def response(self) -> Response:
        parts: list[Part] = []
        for kind, call_id, name, pieces in (self.blocks[index] for index in sorted(self.blocks)):
            text = "".join(pieces)
            if kind in _CALLS:
                parts.append(ToolCallPart(call_id, name, _json_or_text(text) if pieces else None))
            elif kind in ("thinking", "redacted_thinking"):
                parts.append(ReasoningPart(text))
            elif kind == "text":
                parts.append(TextPart(text))
            else:
                parts.append(GenericPart(str(kind)))
        messages = [OutputMessage("assistant", parts, self.stop_reason)] if self.blocks or self.stop_reason else []
        return Response(self.id, self.model, messages, usage_of(self.usage or None))


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
