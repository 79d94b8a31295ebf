"""Long conversations for the benchmark: an agent's history of questions, tool calls, tool results and answers.

Built once at import by deterministic functions (the same bytes in every worker and every run), so
a call pays for sending and instrumenting a long history, never for building it. Each turn is one
of three kinds, in rotation: two parallel tool calls, one tool call, or a plain question and answer.

OpenAI: 200 messages, the system prompt first and a user question last; assistant messages carry
``tool_calls`` and each result is a ``role: tool`` message with its ``tool_call_id``.
Anthropic: the system prompt as ``system=`` and 199 messages (user and assistant alternate, so the
count is odd), the assistant turns holding ``tool_use`` blocks and the next user turn the
``tool_result`` blocks.
"""

from __future__ import annotations

import json
from typing import Any

HISTORY_LENGTH = 200
AGENT_SYSTEM = "You are a travel assistant. Use the tools for live data and answer in one or two sentences."
CITIES = ("Paris", "Lisbon", "Oslo", "Kyoto", "Lima", "Cairo", "Perth", "Quebec", "Tallinn", "Hanoi", "Accra")
SKIES = ("clear", "cloudy", "light rain", "windy", "foggy")

_WEATHER_PARAMETERS = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}},
    "required": ["city"],
}
_TIME_PARAMETERS = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "City name, e.g. Kyoto"}},
    "required": ["city"],
}
_TOOLS = (
    ("get_weather", "Current weather in a city: temperature in °C and sky.", _WEATHER_PARAMETERS),
    ("get_local_time", "Local date and time in a city.", _TIME_PARAMETERS),
)
OPENAI_TOOLS = [
    {"type": "function", "function": {"name": name, "description": description, "parameters": schema}}
    for name, description, schema in _TOOLS
]
ANTHROPIC_TOOLS = [
    {"name": name, "description": description, "input_schema": schema} for name, description, schema in _TOOLS
]


def _turn(index: int) -> tuple[str, str, list[tuple[str, dict[str, Any], str]], str]:
    """Turn ``index``: the question, a short preface, its tool calls (name, input, result) and the answer."""
    city, other = CITIES[index % len(CITIES)], CITIES[(index * 7 + 3) % len(CITIES)]
    temperature, sky = 4 + (index * 5) % 23, SKIES[index % len(SKIES)]
    hour = (index * 3) % 24
    weather = json.dumps({"city": city, "temperature_c": temperature, "sky": sky})
    clock = json.dumps({"city": other, "local_time": f"2025-06-{1 + index % 28:02d}T{hour:02d}:15:00"})
    kind = index % 3
    if kind == 0:
        question = f"Is it a good evening for a walk in {city}, and what time is it in {other}?"
        calls = [("get_weather", {"city": city}, weather), ("get_local_time", {"city": other}, clock)]
        answer = f"{city} is {sky} at {temperature} °C, fine for a walk; in {other} it is {hour:02d}:15."
    elif kind == 1:
        question = f"What's the weather like in {city} right now?"
        calls = [("get_weather", {"city": city}, weather)]
        answer = f"It is {temperature} °C and {sky} in {city}."
    else:
        question = f"Thanks. Any tip for a first visit to {city}?"
        calls = []
        answer = f"Walk the old town of {city} early, before the crowds, and book museums a day ahead."
    return question, "Let me check." if calls else "", calls, answer


def openai_history(turns: int = 54) -> list[dict[str, Any]]:
    """System prompt, ``turns`` turns (11 messages every three), then a new question: 200 messages at 54 turns."""
    history: list[dict[str, Any]] = [{"role": "system", "content": AGENT_SYSTEM}]
    for index in range(turns):
        question, _, calls, answer = _turn(index)
        history.append({"role": "user", "content": question})
        if calls:
            ids = [f"call_{index:03d}_{position}" for position in range(len(calls))]
            history.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
                        for call_id, (name, args, _) in zip(ids, calls, strict=True)
                    ],
                }
            )
            history += [
                {"role": "tool", "tool_call_id": call_id, "content": result}
                for call_id, (_, _, result) in zip(ids, calls, strict=True)
            ]
        history.append({"role": "assistant", "content": answer})
    history.append({"role": "user", "content": "And what should I pack for tomorrow?"})
    return history


def anthropic_history(turns: int = 59) -> list[dict[str, Any]]:
    """``turns`` turns (10 messages every three), then a new question: 199 messages at 59 turns."""
    history: list[dict[str, Any]] = []
    for index in range(turns):
        question, preface, calls, answer = _turn(index)
        history.append({"role": "user", "content": question})
        if calls:
            ids = [f"toolu_{index:03d}_{position}" for position in range(len(calls))]
            uses = [
                {"type": "tool_use", "id": use_id, "name": name, "input": args}
                for use_id, (name, args, _) in zip(ids, calls, strict=True)
            ]
            results = [
                {"type": "tool_result", "tool_use_id": use_id, "content": result}
                for use_id, (_, _, result) in zip(ids, calls, strict=True)
            ]
            history.append({"role": "assistant", "content": [{"type": "text", "text": preface}, *uses]})
            history.append({"role": "user", "content": results})
        history.append({"role": "assistant", "content": [{"type": "text", "text": answer}]})
    history.append({"role": "user", "content": "And what should I pack for tomorrow?"})
    return history


OPENAI_HISTORY = openai_history()
ANTHROPIC_HISTORY = anthropic_history()
assert len(OPENAI_HISTORY) == HISTORY_LENGTH, len(OPENAI_HISTORY)
assert len(ANTHROPIC_HISTORY) == HISTORY_LENGTH - 1, len(ANTHROPIC_HISTORY)
