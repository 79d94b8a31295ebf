"""Indexed ``gen_ai.prompt.*`` / ``gen_ai.completion.*`` span attributes (the default mode).

The key shapes match OpenLLMetry's so existing dashboards keep working.
"""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Span

from ..content import as_text, dumps, reasoning_text, text_content, tool_calls, tool_response
from ..model import Message, OutputMessage, Request, Response, ToolCallPart


class LegacyAttributes:
    __slots__ = ("limit",)

    def __init__(self, limit: int | None) -> None:
        self.limit = limit

    def emit(self, span: Span, request: Request, response: Response | None, into: dict[str, Any]) -> None:
        attributes: dict[str, Any] = {}
        index = 0
        if request.system_instructions:
            self._prompt(attributes, index, Message("system", request.system_instructions))
            index += 1
        for message in request.messages:
            self._prompt(attributes, index, message)
            index += 1
        for i, tool in enumerate(request.tool_definitions):
            prefix = f"llm.request.functions.{i}"
            attributes[f"{prefix}.name"] = tool.name
            if tool.description is not None:
                attributes[f"{prefix}.description"] = tool.description
            if tool.parameters is not None:
                attributes[f"{prefix}.parameters"] = dumps(tool.parameters)
        if response is not None:
            for i, output in enumerate(response.messages):
                self._completion(attributes, i, output)
        into.update(attributes)  # all or nothing: a failure above adds no half-built message

    def _prompt(self, attributes: dict[str, Any], index: int, message: Message) -> None:
        prefix = f"gen_ai.prompt.{index}"
        attributes[f"{prefix}.role"] = message.role
        result = tool_response(message.parts)
        if result is not None:
            attributes[f"{prefix}.tool_call_id"] = result.id
            attributes[f"{prefix}.content"] = as_text(result.response, self.limit)
        else:
            content = text_content(message.parts, self.limit)
            if content is not None:
                attributes[f"{prefix}.content"] = content
        self._tool_calls(attributes, prefix, tool_calls(message.parts))

    def _completion(self, attributes: dict[str, Any], index: int, message: OutputMessage) -> None:
        prefix = f"gen_ai.completion.{index}"
        attributes[f"{prefix}.role"] = message.role
        content = text_content(message.parts, self.limit, reasoning_apart=True)
        if content is not None:
            attributes[f"{prefix}.content"] = content
        if message.finish_reason is not None:
            attributes[f"{prefix}.finish_reason"] = message.finish_reason
        reasoning = reasoning_text(message.parts, self.limit)
        if reasoning is not None:
            attributes[f"{prefix}.reasoning"] = reasoning
        self._tool_calls(attributes, prefix, tool_calls(message.parts))

    def _tool_calls(self, attributes: dict[str, Any], prefix: str, calls: list[ToolCallPart]) -> None:
        for j, call in enumerate(calls):
            key = f"{prefix}.tool_calls.{j}"
            if call.id is not None:
                attributes[f"{key}.id"] = call.id
            if call.name is not None:
                attributes[f"{key}.name"] = call.name
            if call.arguments is not None:
                attributes[f"{key}.arguments"] = as_text(call.arguments, self.limit)
