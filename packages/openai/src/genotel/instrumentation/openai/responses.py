"""Responses API (``responses.create`` / ``parse``, streamed events) to the neutral model.

A response's output items (messages, function calls, reasoning) become one assistant output
message. The API has no finish reason; it is derived from the status: ``stop`` when completed,
``tool_calls`` when completed with function calls, the ``incomplete_details.reason`` when
incomplete, ``error`` when failed.
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import content_parts, field, url_part
from genotel.core.kits.openai_safety import responses_safety
from genotel.core.kits.stainless import StainlessAdapter, given, parsed
from genotel.core.model import (
    FilePart,
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
    Usage,
)

from .common import base_request

_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})
_CALL_TYPES = frozenset({"function_call", "custom_tool_call"})


class ResponsesAdapter(StainlessAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "chat", ("max_output_tokens",))

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        instructions = given(kwargs.get("instructions"))
        if isinstance(instructions, str):
            request.system_instructions = [TextPart(instructions)]
        request.messages = input_messages(given(kwargs.get("input")))
        request.tool_definitions = [tool_definition(tool) for tool in given(kwargs.get("tools")) or ()]

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        response = parsed(result)
        return None if response is None else convert_response(response, with_messages)

    def accumulator(self, capture: bool) -> ResponsesAccumulator:
        return ResponsesAccumulator(capture)


def input_messages(items: Any) -> list[Message]:
    if items is None:
        return []
    if isinstance(items, str):
        return [Message("user", [TextPart(items)])]
    messages = []
    for item in items:
        kind = field(item, "type", "message")
        if kind == "message":
            messages.append(Message(field(item, "role", "user"), content_parts(field(item, "content"), _content_part)))
        elif kind == "function_call_output":
            messages.append(Message("tool", [ToolCallResponsePart(field(item, "call_id"), field(item, "output"))]))
        else:
            messages.append(Message("assistant", _item_parts(item)))
    return messages


def _content_part(part: Any) -> Part:
    kind = field(part, "type")
    if kind in ("input_text", "output_text"):
        return TextPart(field(part, "text", ""))
    if kind == "refusal":
        return GenericPart("refusal", field(part, "refusal"))
    if kind == "input_image":
        url = field(part, "image_url")
        return url_part(url, "image") if url else FilePart("image", field(part, "file_id", ""))
    if kind == "input_file":
        if field(part, "file_data"):
            return url_part(field(part, "file_data"), "document")
        if field(part, "file_url"):
            return url_part(field(part, "file_url"), "document")
        return FilePart("document", field(part, "file_id", ""))
    return GenericPart(str(kind))


def _item_parts(item: Any) -> list[Part]:
    """Parts of one output item (also found in input history)."""
    kind = field(item, "type")
    if kind == "message":
        return content_parts(field(item, "content"), _content_part)
    if kind == "function_call":
        return [ToolCallPart(field(item, "call_id"), field(item, "name"), field(item, "arguments"))]
    if kind == "custom_tool_call":
        return [ToolCallPart(field(item, "call_id"), field(item, "name"), field(item, "input"))]
    if kind == "reasoning":
        texts = [field(summary, "text", "") for summary in field(item, "summary", ())]
        return [ReasoningPart("\n".join(texts))] if texts else []
    return [GenericPart(str(kind))]


def tool_definition(tool: Any) -> ToolDefinition:
    kind = field(tool, "type", "function")
    return ToolDefinition(field(tool, "name", kind), field(tool, "description"), field(tool, "parameters"), kind)


def finish_reason(response: Any, has_calls: bool) -> str | None:
    status = field(response, "status")
    if status == "completed":
        return "tool_calls" if has_calls else "stop"
    if status == "incomplete":
        return field(field(response, "incomplete_details"), "reason", "incomplete")
    if status == "failed":
        return "error"
    return None


def usage(value: Any) -> Usage | None:
    """Responses usage: input includes cached tokens, output includes reasoning tokens."""
    if value is None:
        return None
    return Usage(
        input_tokens=field(value, "input_tokens"),
        output_tokens=field(value, "output_tokens"),
        cache_read_input_tokens=field(field(value, "input_tokens_details"), "cached_tokens"),
        reasoning_output_tokens=field(field(value, "output_tokens_details"), "reasoning_tokens"),
    )


def convert_response(response: Any, with_messages: bool) -> Response:
    items = field(response, "output", ())
    has_calls = any(field(item, "type") in _CALL_TYPES for item in items)
    reason = finish_reason(response, has_calls)
    if not items and reason is None:
        # A background response still queued or in progress: nothing was generated yet.
        return Response(field(response, "id"), field(response, "model"), [], usage(field(response, "usage")))
    message = OutputMessage("assistant", finish_reason=reason)
    if with_messages:
        message.parts = [part for item in items for part in _item_parts(item)]
    result = Response(field(response, "id"), field(response, "model"), [message], usage(field(response, "usage")))
    result.safety = responses_safety(response, any(_refuses(item) for item in items))
    return result


def _refuses(item: Any) -> bool:
    """An output message with a ``refusal`` part: the model declined."""
    return field(item, "type") == "message" and any(
        field(part, "type") == "refusal" for part in field(item, "content", ())
    )


class ResponsesAccumulator:
    """Keeps the final response event; until it arrives, finished items and (captured) text deltas."""

    __slots__ = ("capture", "final", "id", "items", "model", "text")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.final: Any = None
        self.items: list[Any] = []
        self.text: list[str] = []

    def add(self, event: Any) -> None:
        kind = event.type
        if kind == "response.output_text.delta":
            if self.capture:
                self.text.append(event.delta)
        elif kind == "response.created":
            self.id = event.response.id
            self.model = event.response.model
        elif kind == "response.output_item.done":
            if self.capture or event.item.type in _CALL_TYPES:
                self.items.append(event.item)
                self.text.clear()
        elif kind in _FINAL_EVENTS:
            self.final = event.response

    def response(self) -> Response:
        if self.final is not None:
            return convert_response(self.final, True)
        parts = [part for item in self.items for part in _item_parts(item)]
        if self.text:
            parts.append(TextPart("".join(self.text)))
        return Response(self.id, self.model, [OutputMessage("assistant", parts)] if parts else [])
