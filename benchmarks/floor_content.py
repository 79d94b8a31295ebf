"""What the content modes add to the floor (``floor.py``), by the telemetry contract (docs/telemetry.md §3, §4).

Attributes, content on: the indexed ``gen_ai.prompt.{i}.*``, ``gen_ai.completion.{i}.*`` and
``llm.request.functions.{i}.*`` attributes, within the span's attribute limit (the system prompt
and the completions first, then the newest messages while they fit, then the tool definitions,
and the count of messages left out). Events, content on or off: one log record per input message
and one ``gen_ai.choice`` per completion, in the span's context.

Messages are read only in the shapes the benchmark sends (scenarios.py, histories.py): OpenAI
dicts with string content, ``tool_calls`` and ``tool_call_id``; Anthropic ``system=`` as a
string, content as a string or a list of text, ``tool_use`` or (alone in a user turn)
``tool_result`` blocks. Each becomes a tuple: (role, content or None, tool calls, tool call id);
an output is (role, content or None, tool calls, raw finish reason); a tool call (id, name,
arguments or None). Content and arguments are None when the mode does not capture content.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

ToolCall = tuple[str, str, str | None]
Message = tuple[str, str | None, list[ToolCall], str | None]
Output = tuple[str, str | None, list[ToolCall], str | None]
Items = list[tuple[str, Any]]

EVENTS = {
    "system": "gen_ai.system.message",
    "user": "gen_ai.user.message",
    "assistant": "gen_ai.assistant.message",
    "tool": "gen_ai.tool.message",
}
FINISH_REASONS = {"end_turn": "stop", "tool_use": "tool_calls"}  # Anthropic's, in the 1.36 enum; OpenAI's are it


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _openai(message: dict[str, Any], content: bool) -> Message:
    calls = [
        (call["id"], call["function"]["name"], call["function"]["arguments"] if content else None)
        for call in message.get("tool_calls", ())
    ]
    return message["role"], message.get("content") if content else None, calls, message.get("tool_call_id")


def _anthropic(message: dict[str, Any], content: bool) -> list[Message]:
    """One message, or one tool message per ``tool_result`` block of a user turn."""
    body = message["content"]
    if isinstance(body, str):
        return [(message["role"], body if content else None, [], None)]
    if body[0]["type"] == "tool_result":
        return [("tool", block["content"] if content else None, [], block["tool_use_id"]) for block in body]
    text = "\n".join(block["text"] for block in body if block["type"] == "text") if content else None
    calls = [
        (block["id"], block["name"], _dumps(block["input"]) if content else None)
        for block in body
        if block["type"] == "tool_use"
    ]
    return [(message["role"], text, calls, None)]


def outputs(provider: str, result: Any, content: bool) -> list[Output]:
    """The completions of a whole response."""
    if provider == "openai":
        return [
            (
                choice.message.role,
                choice.message.content if content else None,
                [
                    (call.id, call.function.name, call.function.arguments if content else None)
                    for call in choice.message.tool_calls or ()
                ],
                choice.finish_reason,
            )
            for choice in result.choices
        ]
    text = "\n".join(block.text for block in result.content if block.type == "text") if content else None
    calls = [
        (block.id, block.name, _dumps(block.input) if content else None)
        for block in result.content
        if block.type == "tool_use"
    ]
    return [(result.role, text, calls, result.stop_reason)]


def _prompts(provider: str, kwargs: dict[str, Any], content: bool) -> Iterator[Message]:
    """The input messages in order, Anthropic's ``system=`` first."""
    if provider == "openai":
        for message in kwargs["messages"]:
            yield _openai(message, content)
        return
    yield "system", kwargs["system"] if content else None, [], None
    for message in kwargs["messages"]:
        yield from _anthropic(message, content)


def _tool_calls_body(calls: list[ToolCall]) -> list[dict[str, Any]]:
    return [
        {
            "id": id_,
            "type": "function",
            "function": {"name": name} if arguments is None else {"name": name, "arguments": arguments},
        }
        for id_, name, arguments in calls
    ]


def emit_events(telemetry: Any, provider: str, kwargs: dict[str, Any], output: list[Output], context: Any) -> None:
    """Events mode: the prompt events, then one ``gen_ai.choice`` per completion."""
    emit = telemetry.logger.emit
    attributes = {"gen_ai.system": provider}
    for role, text, calls, call_id in _prompts(provider, kwargs, telemetry.content):
        body: dict[str, Any] = {"id": call_id} if role == "tool" else {}
        if text is not None:
            body["content"] = text
        if calls:
            body["tool_calls"] = _tool_calls_body(calls)
        emit(event_name=EVENTS[role], body=body, attributes=attributes, context=context)
    for index, (role, text, calls, reason) in enumerate(output):
        message: dict[str, Any] = {"role": role}
        if text is not None:
            message["content"] = text
        if calls:
            message["tool_calls"] = _tool_calls_body(calls)
        body = {"index": index, "finish_reason": FINISH_REASONS.get(reason, reason), "message": message}  # type: ignore[arg-type]
        emit(event_name="gen_ai.choice", body=body, attributes=attributes, context=context)


def _items(role: str, text: str | None, calls: list[ToolCall], call_id: str | None) -> Items:
    items: Items = [("role", role)]
    if call_id is not None:
        items.append(("tool_call_id", call_id))
    if text is not None:
        items.append(("content", text))
    for j, (id_, name, arguments) in enumerate(calls):
        items += ((f"tool_calls.{j}.id", id_), (f"tool_calls.{j}.name", name), (f"tool_calls.{j}.arguments", arguments))
    return items


def _tool_items(provider: str, tool: dict[str, Any]) -> Items:
    if provider == "openai":
        function = tool["function"]
        return [
            ("name", function["name"]),
            ("description", function["description"]),
            ("parameters", _dumps(function["parameters"])),
        ]
    return [("name", tool["name"]), ("description", tool["description"]), ("parameters", _dumps(tool["input_schema"]))]


def _turn(provider: str, message: dict[str, Any]) -> list[Items]:
    """One caller message's prompt items: Anthropic's tool results are one message each, kept or left out together."""
    if provider == "openai":
        return [_items(*_openai(message, True))]
    return [_items(*converted) for converted in _anthropic(message, True)]


def legacy_attributes(provider: str, kwargs: dict[str, Any], output: list[Output], room: int) -> dict[str, Any]:
    """Attributes mode, content on: within ``room`` attribute slots, whole messages only, newest kept first."""
    messages = kwargs["messages"]
    if provider == "openai":
        opening = 1 if messages[0]["role"] == "system" else 0
        pinned = [_items(*_openai(message, True)) for message in messages[:opening]]
    else:
        opening = 0
        pinned = [_items("system", kwargs["system"], [], None)]
    completions = [
        [*_items(role, text, calls, None), ("finish_reason", reason)] for role, text, calls, reason in output
    ]
    left = room - sum(map(len, pinned)) - sum(map(len, completions))
    turns = messages[opening:]
    kept_turns: list[list[Items]] = []
    omitting = False
    for message in reversed(turns):  # converted only while they fit
        turn = _turn(provider, message)
        size = sum(map(len, turn))
        if size > left:
            omitting = True
            if left < 1 and kept_turns:  # a slot for the count of messages left out
                left += sum(map(len, kept_turns.pop()))
            break
        left -= size
        kept_turns.append(turn)
    kept = [items for turn in reversed(kept_turns) for items in turn]
    tools: list[Items] = []
    for tool in kwargs.get("tools", ()):
        items = _tool_items(provider, tool)
        if len(items) > left - omitting:
            break
        left -= len(items)
        tools.append(items)
    attributes: dict[str, Any] = {}
    for index, items in enumerate(pinned + kept):
        for suffix, value in items:
            attributes[f"gen_ai.prompt.{index}.{suffix}"] = value
    for index, items in enumerate(completions):
        for suffix, value in items:
            attributes[f"gen_ai.completion.{index}.{suffix}"] = value
    for index, items in enumerate(tools):
        for suffix, value in items:
            attributes[f"llm.request.functions.{index}.{suffix}"] = value
    if omitting:
        attributes["genotel.prompt.omitted_messages"] = len(turns) - len(kept_turns)
    return attributes
