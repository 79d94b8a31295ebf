"""The v2 Chat API (``ClientV2.chat`` / ``chat_stream``, sync and async) to the neutral model.

Messages are OpenAI-like (``system``/``user``/``assistant``/``tool`` roles, ``tool_calls`` with
ids and JSON-string arguments, ``tool_call_id`` on results), so tool calls and tool definitions
go through the core's ``openai_chat`` converters. Cohere's own: content items (``thinking``,
``document``), the assistant's ``tool_plan`` (a reasoning part), one choice per response with no
model name, and streams of typed events (``message-start`` ... ``message-end``, which carries the
finish reason and usage).
"""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.convert import content_parts, field, url_part
from genotel.core.kits.openai_chat import tool_call, tool_definitions
from genotel.core.model import (
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
)

from .common import chat_request, given_kwargs, usage_of


class ChatAdapter(Adapter):
    """``chat`` (``streams = False``) or ``chat_stream`` (``streams = True``), sync or async."""

    def __init__(self, streams: bool) -> None:
        self.streams = streams

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return chat_request(instance, given_kwargs(kwargs), self.streams)

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        kwargs = given_kwargs(kwargs)
        request.messages = [input_message(message) for message in kwargs.get("messages") or ()]
        request.tool_definitions = tool_definitions(kwargs.get("tools"), None)

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        if result is None:
            return None
        message = field(result, "message")
        output = OutputMessage(field(message, "role", "assistant"), finish_reason=field(result, "finish_reason"))
        if with_messages and message is not None:
            output.parts = input_message(message).parts
        return Response(id=field(result, "id"), messages=[output], usage=usage_of(field(result, "usage")))

    def accumulator(self, capture: bool) -> ChatStreamAccumulator:
        return ChatStreamAccumulator(capture)


def input_message(message: Any) -> Message:
    role = field(message, "role", "user")
    if role == "tool":
        return Message(
            "tool", [ToolCallResponsePart(field(message, "tool_call_id"), tool_result(field(message, "content")))]
        )
    parts: list[Part] = []
    plan = field(message, "tool_plan")
    if plan:
        parts.append(ReasoningPart(plan))
    parts.extend(content_parts(field(message, "content") or None, content_part))
    parts.extend(tool_call(call) for call in field(message, "tool_calls", ()))
    return Message(role, parts)


def content_part(item: Any) -> Part:
    kind = field(item, "type")
    if kind == "text":
        return TextPart(field(item, "text", ""))
    if kind == "thinking":
        return ReasoningPart(field(item, "thinking", ""))
    if kind == "image_url":
        return url_part(field(field(item, "image_url"), "url", ""), "image")
    return GenericPart(str(kind))


def tool_result(content: Any) -> Any:
    """A string; the text of text items; else each item's value (a document's ``data``), one alone unwrapped."""
    if content is None or isinstance(content, str):
        return content
    values = []
    for item in content:
        if field(item, "type") == "text":
            values.append(field(item, "text", ""))
        else:
            document = field(item, "document")
            values.append(field(document, "data") if document is not None else GenericPart(str(field(item, "type"))))
    if all(isinstance(value, str) for value in values):
        return "\n".join(values)
    return values[0] if len(values) == 1 else values


def _delta_message(event: Any) -> Any:
    return field(field(event, "delta"), "message")


class ChatStreamAccumulator:
    """Folds v2 stream events into the response ``chat`` would have returned.

    Text, thinking, the tool plan and tool arguments are buffered only when content is captured.
    """

    __slots__ = ("calls", "capture", "finish_reason", "id", "plan", "reasoning", "text", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.finish_reason: str | None = None
        self.usage: Any = None
        self.text: list[str] = []
        self.reasoning: list[str] = []
        self.plan: list[str] = []
        self.calls: list[list[Any]] = []  # [id, name, argument fragments]

    def add(self, event: Any) -> None:
        kind = field(event, "type")
        if kind == "content-delta":
            if self.capture:
                content = field(_delta_message(event), "content")
                self._add_content(field(content, "text"), field(content, "thinking"))
        elif kind == "tool-call-delta":
            if self.capture and self.calls:
                arguments = field(field(field(_delta_message(event), "tool_calls"), "function"), "arguments")
                if arguments:
                    self.calls[-1][2].append(arguments)
        elif kind == "tool-call-start":
            call = field(_delta_message(event), "tool_calls")
            function = field(call, "function")
            arguments = field(function, "arguments")
            self.calls.append(
                [field(call, "id"), field(function, "name"), [arguments] if self.capture and arguments else []]
            )
        elif kind == "content-start":
            if self.capture:
                content = field(_delta_message(event), "content")
                self._add_content(field(content, "text"), field(content, "thinking"))
        elif kind == "tool-plan-delta":
            if self.capture:
                plan = field(_delta_message(event), "tool_plan")
                if plan:
                    self.plan.append(plan)
        elif kind == "message-start":
            self.id = field(event, "id")
        elif kind == "message-end":
            delta = field(event, "delta")
            self.finish_reason = field(delta, "finish_reason")
            self.usage = field(delta, "usage")

    def _add_content(self, text: str | None, thinking: str | None) -> None:
        if text:
            self.text.append(text)
        if thinking:
            self.reasoning.append(thinking)

    def response(self) -> Response:
        parts: list[Part] = []
        if self.plan:
            parts.append(ReasoningPart("".join(self.plan)))
        if self.reasoning:
            parts.append(ReasoningPart("".join(self.reasoning)))
        if self.text:
            parts.append(TextPart("".join(self.text)))
        parts.extend(ToolCallPart(call_id, name, "".join(args) if args else None) for call_id, name, args in self.calls)
        started = self.id is not None or self.finish_reason is not None or parts
        output = [OutputMessage("assistant", parts, self.finish_reason)] if started else []
        return Response(id=self.id, messages=output, usage=usage_of(self.usage))
