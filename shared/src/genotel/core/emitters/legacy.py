"""Indexed ``gen_ai.prompt.*`` / ``gen_ai.completion.*`` span attributes (the default mode).

The key shapes match OpenLLMetry's so existing dashboards keep working. When the span's
attribute limit leaves too little room, whole messages are left out, oldest turns first; the
system instructions, the completions and the newest turns stay, numbered without gaps from 0,
and ``genotel.prompt.omitted_messages`` says how many of the caller's messages were left out.
"""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Span

from ..content import as_text, capped, dumps, reasoning_text, text_content, tool_calls, tool_response
from ..model import History, Message, OutputMessage, Request, Response, ToolCallPart, ToolDefinition

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
        history = _as_history(request.messages)
        opening = _opening_system_turns(history)
        # System instructions: the request's own, then the system messages the conversation opens with.
        pinned = [self._prompt(Message("system", request.system_instructions))] if request.system_instructions else []
        pinned += [self._prompt(message) for index in range(opening) for message in history.turn(index)]
        completions = [self._completion(output) for output in response.messages] if response is not None else []
        omitted = 0
        if room is None:
            turns = range(opening, history.turns)
            prompts = [self._prompt(message) for index in turns for message in history.turn(index)]
            tools = [self._tool(tool) for tool in request.tool_definitions]
        else:
            budget = _Budget(room)
            pinned, completions = budget.leading(pinned), budget.leading(completions)
            prompts, omitted = budget.newest(history, opening, self._prompt)
            tools = budget.first(request.tool_definitions, self._tool)
        attributes: dict[str, Any] = {}
        _add(attributes, "gen_ai.prompt", pinned + prompts)
        _add(attributes, "llm.request.functions", tools)
        _add(attributes, "gen_ai.completion", completions)
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


def _alone(message: Message) -> list[Message]:
    return [message]


def _as_history(messages: list[Message] | History) -> History:
    return messages if isinstance(messages, History) else History(messages, _alone)


def _opening_system_turns(history: History) -> int:
    """How many of the caller's first messages are system (or developer) messages only."""
    count = 0
    while count < history.turns:
        messages = history.turn(count)
        if not messages or any(message.role not in ("system", "developer") for message in messages):
            break
        count += 1
    return count


class _Budget:
    """Attribute slots left for content, handed out message by message, each message whole or not at all.

    Order: system instructions, completions, the newest turns (converted newest first, so turns that
    cannot fit are never converted), tool definitions. When a turn is left out, one slot is kept
    for the omitted count.
    """

    __slots__ = ("left", "omitting")

    def __init__(self, room: int) -> None:
        self.left = room
        self.omitting = False

    def _take(self, size: int) -> bool:
        reserve = 1 if self.omitting else 0
        if size > self.left - reserve:
            return False
        self.left -= size
        return True

    def leading(self, groups: list[Items]) -> list[Items]:
        kept = 0
        while kept < len(groups) and self._take(len(groups[kept])):
            kept += 1
        return groups[:kept]

    def newest(self, history: History, start: int, convert: Any) -> tuple[list[Items], int]:
        """The newest of the caller's messages from ``start`` on that fit, each whole; and how many did not."""
        kept: list[list[Items]] = []
        for index in range(history.turns - 1, start - 1, -1):
            turn = [convert(message) for message in history.turn(index)]
            if not self._take(sum(map(len, turn))):
                self.omitting = True
                if self.left < 1 and kept:  # make room for the omitted count
                    self.left += sum(map(len, kept.pop()))
                break
            kept.append(turn)
        omitted = history.turns - start - len(kept)
        return [items for turn in reversed(kept) for items in turn], omitted

    def first(self, tools: list[Any], convert: Any) -> list[Items]:
        kept: list[Items] = []
        for tool in tools:
            items = convert(tool)
            if not self._take(len(items)):
                break
            kept.append(items)
        return kept
