"""The v1 Chat API (``Client.chat`` / ``chat_stream``, sync and async) to the neutral model.

v1 frames a conversation its own way: ``preamble`` is the system instructions, ``chat_history``
holds ``USER``/``CHATBOT``/``SYSTEM``/``TOOL`` turns, ``message`` is the new user turn, and
``tool_results`` answer the last turn's tool calls, which have a name and parameters but no id.
Its stream is newline-delimited JSON events; ``stream-end`` carries the whole response.
"""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.convert import field
from genotel.core.model import (
    Message,
    OutputMessage,
    Part,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
)

from .common import chat_request, given_kwargs, usage_of

_ROLES = {"USER": "user", "CHATBOT": "assistant", "SYSTEM": "system", "TOOL": "tool"}


class ChatAdapter(Adapter):
    def __init__(self, streams: bool) -> None:
        self.streams = streams

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return chat_request(instance, given_kwargs(kwargs), self.streams)

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        kwargs = given_kwargs(kwargs)
        preamble = kwargs.get("preamble")
        request.system_instructions = [TextPart(preamble)] if preamble else []
        messages = [message for turn in kwargs.get("chat_history") or () for message in history_messages(turn)]
        messages.extend(tool_results(kwargs.get("tool_results")))
        if kwargs.get("message"):
            messages.append(Message("user", [TextPart(kwargs["message"])]))
        request.messages = messages
        request.tool_definitions = [
            ToolDefinition(field(tool, "name"), field(tool, "description"), field(tool, "parameter_definitions"))
            for tool in kwargs.get("tools") or ()
        ]

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        return None if result is None else chat_response(result, with_messages)

    def accumulator(self, capture: bool) -> ChatStreamAccumulator:
        return ChatStreamAccumulator(capture)


def history_messages(turn: Any) -> list[Message]:
    role = _ROLES.get(str(field(turn, "role", "USER")).upper(), "user")
    if role == "tool":
        return tool_results(field(turn, "tool_results"))
    parts: list[Part] = [TextPart(field(turn, "message"))] if field(turn, "message") else []
    parts.extend(tool_call_part(call) for call in field(turn, "tool_calls", ()))
    return [Message(role, parts)]


def tool_results(results: Any) -> list[Message]:
    """One ``tool`` message per result: its outputs (a list of JSON objects); v1 calls carry no id."""
    return [Message("tool", [ToolCallResponsePart(None, field(result, "outputs"))]) for result in results or ()]


def tool_call_part(call: Any) -> ToolCallPart:
    return ToolCallPart(None, field(call, "name"), field(call, "parameters"))


def chat_response(response: Any, with_messages: bool) -> Response:
    output = OutputMessage("assistant", finish_reason=field(response, "finish_reason"))
    if with_messages:
        text = field(response, "text")
        output.parts = [TextPart(text)] if text else []
        output.parts.extend(tool_call_part(call) for call in field(response, "tool_calls", ()))
    response_id = field(response, "response_id") or field(response, "generation_id")
    return Response(id=response_id, messages=[output], usage=usage_of(field(response, "meta")))


class ChatStreamAccumulator:
    """``stream-end`` holds the whole response; until it arrives, what the text events carried.

    Text is buffered only when content is captured.
    """

    __slots__ = ("capture", "end", "finish_reason", "generation_id", "text")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.generation_id: str | None = None
        self.text: list[str] = []
        self.end: Any = None
        self.finish_reason: str | None = None

    def add(self, event: Any) -> None:
        kind = field(event, "event_type")
        if kind == "text-generation":
            if self.capture:
                self.text.append(field(event, "text", ""))
        elif kind == "stream-start":
            self.generation_id = field(event, "generation_id")
        elif kind == "stream-end":
            self.end = field(event, "response")
            self.finish_reason = field(event, "finish_reason")

    def response(self) -> Response:
        if self.end is not None:
            response = chat_response(self.end, self.capture)
            response.messages[0].finish_reason = self.finish_reason or response.messages[0].finish_reason
            return response
        if self.generation_id is None:
            return Response()
        output = OutputMessage("assistant", [TextPart("".join(self.text))] if self.text else [])
        return Response(id=self.generation_id, messages=[output])
