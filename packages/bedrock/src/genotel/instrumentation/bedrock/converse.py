"""Converse and ConverseStream to the neutral model; Amazon Nova's invoke bodies have the same shape.

Content blocks are single-key dicts (``{"text": ...}``, ``{"toolUse": ...}``, ...). Images,
documents and videos are bytes in boto3 calls and base64 text in Nova's JSON bodies: only their
size is kept. Tool results sit inside user turns; each becomes its own ``tool`` message.
Converse's ``inputTokens`` leave out the prompt cache, so cache reads and writes are added back.
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.convert import base64_size
from genotel.core.model import (
    BlobPart,
    GenericPart,
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

from .guardrail import converse_safety

_MIME = {
    "document": {
        "pdf": "application/pdf",
        "csv": "text/csv",
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html": "text/html",
        "txt": "text/plain",
        "md": "text/markdown",
    },
    "video": {"mkv": "video/x-matroska", "mov": "video/quicktime", "flv": "video/x-flv", "three_gp": "video/3gpp"},
}
# Blocks that mark the request for the service (cache points) rather than carry content.
_MARKERS = frozenset({"cachePoint"})


def mime_type(modality: str, fmt: Any) -> str | None:
    if not isinstance(fmt, str):
        return None
    return _MIME.get(modality, {}).get(fmt) or f"{'application' if modality == 'document' else modality}/{fmt}"


def media_part(modality: str, media: Any) -> Part:
    """An image, document or video block: bytes (boto3) or base64 text (invoke JSON), or an S3 location."""
    media = media if isinstance(media, dict) else {}
    mime = mime_type(modality, media.get("format"))
    source = media.get("source") or {}
    data = source.get("bytes")
    if isinstance(data, (bytes, bytearray)):
        return BlobPart(modality, mime, len(data))
    if isinstance(data, str):
        return BlobPart(modality, mime, base64_size(data))
    if isinstance(source.get("text"), str):
        return BlobPart(modality, "text/plain", len(source["text"].encode()))
    location = source.get("s3Location")
    if isinstance(location, dict) and location.get("uri"):
        return UriPart(modality, location["uri"], mime)
    return GenericPart(modality)


def block_part(block: Any) -> Part | None:
    """One content block (None for markers such as cache points)."""
    if not isinstance(block, dict):
        return GenericPart(type(block).__name__)
    if "text" in block:
        return TextPart(str(block["text"]))
    if "toolUse" in block:
        use = block["toolUse"] or {}
        return ToolCallPart(use.get("toolUseId"), use.get("name"), use.get("input"))
    if "reasoningContent" in block:
        reasoning = block["reasoningContent"] or {}
        return ReasoningPart(str((reasoning.get("reasoningText") or {}).get("text", "")))
    for modality in ("image", "document", "video"):
        if modality in block:
            return media_part(modality, block[modality])
    if "guardContent" in block:
        return TextPart(str(((block["guardContent"] or {}).get("text") or {}).get("text", "")))
    if "SDK_UNKNOWN_MEMBER" in block:  # a block newer than the installed botocore, which keeps only its name
        return GenericPart(str((block["SDK_UNKNOWN_MEMBER"] or {}).get("name", "unknown")))
    kind = next(iter(block), "unknown")
    return None if kind in _MARKERS else GenericPart(kind)


def parts_of(content: Any) -> list[Part]:
    parts = (block_part(block) for block in content or ())
    return [part for part in parts if part is not None]


def tool_result(result: Any) -> ToolCallResponsePart:
    """A result of texts is their text joined with newlines; one JSON value is that value; else its parts."""
    content = result.get("content") or []
    texts = [item["text"] for item in content if isinstance(item, dict) and isinstance(item.get("text"), str)]
    if len(texts) == len(content):
        return ToolCallResponsePart(result.get("toolUseId"), "\n".join(texts))
    if len(content) == 1 and isinstance(content[0], dict) and "json" in content[0]:
        return ToolCallResponsePart(result.get("toolUseId"), content[0]["json"])
    parts: list[Part] = []
    for item in content:
        if isinstance(item, dict) and "json" in item:
            parts.append(TextPart(json.dumps(item["json"], separators=(",", ":"))))
        else:
            part = block_part(item)
            if part is not None:
                parts.append(part)
    return ToolCallResponsePart(result.get("toolUseId"), parts)


def input_messages(messages: Any) -> list[Message]:
    converted = []
    for message in messages or ():
        role = message.get("role", "user")
        parts: list[Part] = []
        content = message.get("content") or []
        for block in content:
            if isinstance(block, dict) and "toolResult" in block:
                converted.append(Message("tool", [tool_result(block["toolResult"] or {})]))
            else:
                part = block_part(block)
                if part is not None:
                    parts.append(part)
        if parts or not content:
            converted.append(Message(role, parts))
    return converted


def tool_definitions(tool_config: Any) -> list[ToolDefinition]:
    definitions = []
    for tool in (tool_config or {}).get("tools") or ():
        spec = tool.get("toolSpec") if isinstance(tool, dict) else None
        if spec:
            schema = spec.get("inputSchema") or {}
            definitions.append(ToolDefinition(spec.get("name", "tool"), spec.get("description"), schema.get("json")))
        elif isinstance(tool, dict) and tool:
            kind = next(iter(tool))
            if kind not in _MARKERS:
                definitions.append(ToolDefinition(kind, type=kind))
    return definitions


def usage_of(
    usage: Any, read_key: str = "cacheReadInputTokens", write_key: str = "cacheWriteInputTokens"
) -> Usage | None:
    """Converse names cache counts ``cache*InputTokens``; Nova's invoke body ``cache*InputTokenCount``."""
    if not isinstance(usage, dict):
        return None
    return Usage.normalized(
        input_tokens=usage.get("inputTokens"),
        output_tokens=usage.get("outputTokens"),
        cache_read=usage.get(read_key),
        cache_creation=usage.get(write_key),
        input_includes_cache=False,
    )


NOVA_CACHE_KEYS = ("cacheReadInputTokenCount", "cacheWriteInputTokenCount")


def converse_response(body: Any, with_messages: bool, cache_keys: tuple[str, str] | None = None) -> Response:
    """A Converse result (or a Nova invoke body, with its cache keys): one assistant message."""
    message = (body.get("output") or {}).get("message") or {}
    output = OutputMessage(message.get("role", "assistant"), finish_reason=body.get("stopReason"))
    if with_messages:
        output.parts = parts_of(message.get("content"))
    usage = usage_of(body.get("usage"), *(cache_keys or ()))
    return Response(messages=[output] if message or output.finish_reason else [], usage=usage)


class ConverseAccumulator:
    """ConverseStream events (also Nova's invoke stream chunks): one message, blocks by index.

    Text, reasoning and tool input are buffered only when content is captured.
    """

    __slots__ = ("blocks", "cache_keys", "capture", "role", "started", "stop_reason", "trace", "usage")

    def __init__(self, capture: bool, cache_keys: tuple[str, str] | None = None) -> None:
        self.capture = capture
        self.cache_keys = cache_keys or ()
        self.role = "assistant"
        self.started = False
        self.stop_reason: str | None = None
        self.usage: Any = None
        self.trace: Any = None  # metadata.trace (guardrail assessments)
        self.blocks: dict[int, list[Any]] = {}  # index -> [kind, tool id, tool name, pieces]

    def add(self, event: Any) -> None:
        delta = event.get("contentBlockDelta")
        if delta is not None:
            self._delta(delta.get("contentBlockIndex", 0), delta.get("delta") or {})
        elif "contentBlockStart" in event:
            start = event["contentBlockStart"]
            use = (start.get("start") or {}).get("toolUse")
            if use is not None:
                self.blocks[start.get("contentBlockIndex", 0)] = ["toolUse", use.get("toolUseId"), use.get("name"), []]
        elif "messageStart" in event:
            self.started = True
            self.role = (event["messageStart"] or {}).get("role", "assistant")
        elif "messageStop" in event:
            self.stop_reason = (event["messageStop"] or {}).get("stopReason")
        elif "metadata" in event:
            metadata = event["metadata"] or {}
            self.usage, self.trace = metadata.get("usage"), metadata.get("trace")

    def _delta(self, index: int, delta: dict[str, Any]) -> None:
        block = self.blocks.get(index)
        if block is None:
            kind = next((key for key in ("text", "toolUse", "reasoningContent") if key in delta), None)
            if kind is None:
                return  # a delta this botocore does not model arrives empty: no block to invent
            block = self.blocks[index] = ["reasoning" if kind == "reasoningContent" else kind, None, None, []]
        if not self.capture:
            return
        if "text" in delta:
            block[3].append(delta["text"])
        elif "toolUse" in delta:
            block[3].append((delta["toolUse"] or {}).get("input", ""))
        elif "reasoningContent" in delta:
            text = (delta["reasoningContent"] or {}).get("text")
            if text:
                block[3].append(text)

    def response(self) -> Response:
        parts: list[Part] = []
        for kind, call_id, name, pieces in (self.blocks[index] for index in sorted(self.blocks)):
            text = "".join(pieces)
            if kind == "toolUse":
                parts.append(ToolCallPart(call_id, name, _json_or_text(text) if pieces else None))
            elif kind == "reasoning":
                parts.append(ReasoningPart(text))
            else:
                parts.append(TextPart(text))
        started = self.started or self.blocks or self.stop_reason
        messages = [OutputMessage(self.role, parts, self.stop_reason)] if started else []
        response = Response(messages=messages, usage=usage_of(self.usage, *self.cache_keys))
        response.safety = converse_safety(self.stop_reason, self.trace)
        return response


def _json_or_text(text: str) -> Any:
    """Streamed tool input arrives as JSON fragments; joined, it is the same input as the non-stream path."""
    try:
        return json.loads(text)
    except ValueError:
        return text
