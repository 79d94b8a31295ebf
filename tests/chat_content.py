"""The content of one chat exchange in the three shapes a scenario expects (legacy attributes, 1.36
events, latest JSON), written once for the chat-shaped providers (``from tests.chat_content import exchange``).
"""

from __future__ import annotations

from typing import Any


def exchange(
    prompts: list[tuple[str, Any]], answers: list[dict[str, Any]], finish: str = "stop", enum: str | None = None
) -> dict[str, Any]:
    """legacy / events / latest content of one choice: ``prompts`` (role, text), the answer's parts.

    ``answers`` are latest-JSON parts (text, reasoning, tool_call), converted for the other shapes;
    ``finish`` is the raw finish reason, ``enum`` its 1.36 enum value when the provider maps it.
    """
    legacy: dict[str, Any] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    inputs = []
    for index, (role, text) in enumerate(prompts):
        legacy[f"gen_ai.prompt.{index}.role"] = role
        legacy[f"gen_ai.prompt.{index}.content"] = text
        events.append((f"gen_ai.{role}.message", {"content": text}))
        inputs.append({"role": role, "parts": [{"type": "text", "content": text}]})
    legacy["gen_ai.completion.0.role"] = "assistant"
    legacy["gen_ai.completion.0.finish_reason"] = finish
    message: dict[str, Any] = {"role": "assistant"}
    texts = [part["content"] for part in answers if part["type"] == "text"]
    if texts:
        legacy["gen_ai.completion.0.content"] = "\n".join(texts)
        message["content"] = "\n".join(texts)
    for part in answers:
        if part["type"] == "reasoning":
            legacy["gen_ai.completion.0.reasoning"] = part["content"]
    calls = [part for part in answers if part["type"] == "tool_call"]
    for j, part in enumerate(calls):
        if part["id"] is not None:
            legacy[f"gen_ai.completion.0.tool_calls.{j}.id"] = part["id"]
        legacy[f"gen_ai.completion.0.tool_calls.{j}.name"] = part["name"]
        legacy[f"gen_ai.completion.0.tool_calls.{j}.arguments"] = part["raw"]
    if calls:
        message["tool_calls"] = [
            {"id": p["id"], "type": "function", "function": {"name": p["name"], "arguments": p["raw"]}} for p in calls
        ]
    enum = enum or finish
    events.append(("gen_ai.choice", {"index": 0, "finish_reason": enum, "message": message}))
    latest_parts = [{k: v for k, v in part.items() if k != "raw"} for part in answers]
    outputs = [
        {"role": "assistant", "parts": latest_parts, "finish_reason": "tool_call" if enum == "tool_calls" else enum}
    ]
    return {
        "legacy": legacy,
        "events": events,
        "latest": {"gen_ai.input.messages": inputs, "gen_ai.output.messages": outputs},
    }
