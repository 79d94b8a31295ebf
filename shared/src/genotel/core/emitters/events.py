"""1.36 ``gen_ai.*`` events emitted as log records (``Logger.emit(event_name=...)``).

Events carry the span's trace and span id through the span context. With content capture
off they are still emitted, without ``content`` and tool-call ``arguments``.
"""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Span, set_span_in_context

from ..content import as_text, text_content, tool_calls, tool_response
from ..model import Message, Part, Request, Response, ToolCallPart
from ..semconv import Vocabulary

_EVENT_BY_ROLE = {
    "system": "gen_ai.system.message",
    "developer": "gen_ai.system.message",
    "user": "gen_ai.user.message",
    "assistant": "gen_ai.assistant.message",
    "tool": "gen_ai.tool.message",
}
_DEFAULT_ROLE = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
}


class ChoiceEvents:
    __slots__ = ("capture", "limit", "logger", "vocabulary")
    on_span = False

    def __init__(self, logger: Any, vocabulary: Vocabulary, capture: bool, limit: int | None) -> None:
        self.logger = logger
        self.vocabulary = vocabulary
        self.capture = capture
        self.limit = limit

    def emit(
        self, span: Span, request: Request, response: Response | None, into: dict[str, Any], room: int | None
    ) -> None:
        context = set_span_in_context(span)
        attributes = {self.vocabulary.provider_key: self.vocabulary.provider(request.provider)}
        if request.system_instructions:
            self._message(context, attributes, Message("system", request.system_instructions))
        for message in request.messages:
            self._message(context, attributes, message)
        if response is None:
            return
        for index, output in enumerate(response.messages):
            body: dict[str, Any] = {
                "index": index,
                "finish_reason": self.vocabulary.finish_reason(request.provider, output.finish_reason) or "error",
                "message": self._body(output.role, output.parts, reasoning_apart=True),
            }
            self.logger.emit(event_name="gen_ai.choice", body=body, attributes=attributes, context=context)

    def _message(self, context: Any, attributes: dict[str, Any], message: Message) -> None:
        name = _EVENT_BY_ROLE.get(message.role, "gen_ai.user.message")
        result = tool_response(message.parts) if name == "gen_ai.tool.message" else None
        if result is not None:
            body: dict[str, Any] = {"id": result.id}
            if self.capture and result.response is not None:
                body["content"] = as_text(result.response, self.limit)
        else:
            body = self._body(message.role, message.parts, reasoning_apart=False)
            del body["role"]
        if message.role != _DEFAULT_ROLE[name]:
            body["role"] = message.role
        self.logger.emit(event_name=name, body=body, attributes=attributes, context=context)

    def _body(self, role: str, parts: list[Part], reasoning_apart: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"role": role}
        if self.capture:
            content = text_content(parts, self.limit, reasoning_apart=reasoning_apart)
            if content is not None:
                body["content"] = content
        calls = tool_calls(parts)
        if calls:
            body["tool_calls"] = [self._tool_call(call) for call in calls]
        return body

    def _tool_call(self, call: ToolCallPart) -> dict[str, Any]:
        function: dict[str, Any] = {"name": call.name}
        if self.capture and call.arguments is not None:
            function["arguments"] = as_text(call.arguments, self.limit)
        return {"id": call.id, "type": "function", "function": function}
