"""Indexed ``gen_ai.prompt.*`` / ``gen_ai.completion.*`` span attributes (the default mode).

The key shapes match OpenLLMetry's so existing dashboards keep working. When the span's
attribute limit leaves too little room, whole messages are left out, oldest turns first; the
system instructions, the completions and the newest turns stay, numbered without gaps from 0,
and ``genotel.prompt.omitted_messages`` says how many turns were left out.
"""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Span

from ..content import as_text, capped, dumps, reasoning_text, text_content, tool_calls, tool_response
from ..model import Message, OutputMessage, Request, Response, ToolCallPart, ToolDefinition

OMITTED_MESSAGES = "genotel.prompt.omitted_messages"

Items = list[tuple[str, Any]]  # one message's (key suffix, value) pairs, kept or left out together


class LegacyAttributes:
    __slots__ = ("limit",)
    on_span = True

    def __init__(self, limit: int | None) -> None:
        self.limit = limit

    def emit(
        self, span: Span, request: Request, response: Response | None, into: dict[str, Any], room: int | None
    ) -> None:
        # System instructions: the request's own, then the system messages the conversation opens with.
        pinned = [self._prompt(Message("system", request.system_instructions))] if request.system_instructions else []
        turns = [self._prompt(message) for message in request.messages]
        opening = _opening_system_messages(request.messages)
        pinned += turns[:opening]
        prompts = turns[opening:]
        tools = [self._tool(tool) for tool in request.tool_definitions]
        completions = [self._completion(output) for output in response.messages] if response is not None else []
        if room is not None:
            pinned, prompts, tools, completions = _fit(room, pinned, prompts, tools, completions)
        attributes: dict[str, Any] = {}
        _add(attributes, "gen_ai.prompt", pinned + prompts)
        _add(attributes, "llm.request.functions", tools)
        _add(attributes, "gen_ai.completion", completions)
        omitted = len(turns) - opening - len(prompts)
        if omitted:
            attributes[OMITTED_MESSAGES] = omitted
        into.update(attributes)  # all or nothing: a failure above adds no half-built message

    def _prompt(self, message: Message) -> Items:
        items: Items = [("role", message.role)]
        result = tool_response(message.parts)
        if result is not None:  # a key without a value would be dropped by the SDK, with a warning
            if result.id is not None:
                items.append(("tool_call_id", result.id))
            if result.response is not None:
                items.append(("content", as_text(result.response, self.limit)))
        else:
            content = text_content(message.parts, self.limit)
            if content is not None:
                items.append(("content", content))
        self._tool_calls(items, tool_calls(message.parts))
        return items

    def _completion(self, message: OutputMessage) -> Items:
        items: Items = [("role", message.role)]
        content = text_content(message.parts, self.limit, reasoning_apart=True)
        if content is not None:
            items.append(("content", content))
        if message.finish_reason is not None:
            items.append(("finish_reason", message.finish_reason))
        reasoning = reasoning_text(message.parts, self.limit)
        if reasoning is not None:
            items.append(("reasoning", reasoning))
        self._tool_calls(items, tool_calls(message.parts))
        return items

    def _tool(self, tool: ToolDefinition) -> Items:
        items: Items = [("name", tool.name)]
        if tool.description is not None:
            items.append(("description", capped(tool.description, self.limit)))
        if tool.parameters is not None:
            items.append(("parameters", dumps(capped(tool.parameters, self.limit))))
        return items

    def _tool_calls(self, items: Items, calls: list[ToolCallPart]) -> None:
        for j, call in enumerate(calls):
            if call.id is not None:
                items.append((f"tool_calls.{j}.id", call.id))
            if call.name is not None:
                items.append((f"tool_calls.{j}.name", call.name))
            if call.arguments is not None:
                items.append((f"tool_calls.{j}.arguments", as_text(call.arguments, self.limit)))


def _add(attributes: dict[str, Any], prefix: str, groups: list[Items]) -> None:
    for index, items in enumerate(groups):
        for suffix, value in items:
            attributes[f"{prefix}.{index}.{suffix}"] = value


def _opening_system_messages(messages: list[Message]) -> int:
    count = 0
    while count < len(messages) and messages[count].role in ("system", "developer"):
        count += 1
    return count


def _fit(
    room: int, pinned: list[Items], prompts: list[Items], tools: list[Items], completions: list[Items]
) -> tuple[list[Items], list[Items], list[Items], list[Items]]:
    """What fits in ``room`` slots, in order: system instructions, completions, the newest prompts, tools.

    Each group is kept whole or left out; prompts are kept newest first without gaps (the kept
    ones are the most recent turns); one slot stays free for the omitted count.
    """
    if sum(len(items) for groups in (pinned, completions, prompts, tools) for items in groups) <= room:
        return pinned, prompts, tools, completions
    left = room - 1

    def leading(groups: list[Items]) -> int:
        """How many of ``groups``, from the first, fit in what is left (and take their room)."""
        nonlocal left
        count = 0
        while count < len(groups) and len(groups[count]) <= left:
            left -= len(groups[count])
            count += 1
        return count

    kept_pinned = pinned[: leading(pinned)]
    kept_completions = completions[: leading(completions)]
    newest = prompts[len(prompts) - leading(prompts[::-1]) :]
    return kept_pinned, newest, tools[: leading(tools)], kept_completions
