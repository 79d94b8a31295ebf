"""Scenario data shared by the Cohere tests (cassettes/cohere/INDEX.md).

Imported as ``from tests.cohere.scenarios import ...``. The checks are the suite's own
(``tests.anthropic.claude_scenarios.check``: span, events, metrics, canaries).
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import text_exchange

MODEL = "command-a-03-2025"
V1_MODEL = "command-r-plus-08-2024"
SERVER = {"server.address": "api.cohere.com", "server.port": 443}
CHAT_BASE = {"gen_ai.operation.name": "chat", "gen_ai.system": "cohere", "gen_ai.request.model": MODEL, **SERVER}
# (raw finish_reason, 1.36 gen_ai.choice enum, latest enum)
COMPLETE = ("COMPLETE", "stop", "stop")

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
SAMPLING = {"max_tokens": 64, "temperature": 0.3, "p": 0.9, "k": 40, "seed": 7, "stop_sequences": ["\n\n"]}
SAMPLING_ATTRIBUTES = {
    "gen_ai.request.max_tokens": 64,
    "gen_ai.request.temperature": 0.3,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.top_k": 40,
    "gen_ai.request.seed": 7,
    "gen_ai.request.stop_sequences": ["\n\n"],
}
TEXT_REQUEST: dict[str, Any] = {
    "model": MODEL,
    "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}],
    **SAMPLING,
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
}
TEXT_ID, STREAM_ID = "c14c80c3-18eb-4519-9460-6c92edd8cfb4", "9f1d0c2e-6a5b-4b8e-8d3f-2e7a1c4b5d60"
# usage.tokens (512/11) is what the span reports, not billed_units (14/9)
HELLO_TOKENS = {"input": 512, "output": 11}


def with_system_message(exchange: dict[str, Any]) -> dict[str, Any]:
    """A v2 system prompt is a ``system`` message: in latest it stays in the input messages."""
    latest = dict(exchange["latest"])
    system = latest.pop("gen_ai.system_instructions")[0]["content"]
    latest["gen_ai.input.messages"] = [
        {"role": "system", "parts": [{"type": "text", "content": system}]},
        *latest["gen_ai.input.messages"],
    ]
    return {**exchange, "latest": latest}


def hello_expected(response_id: str, stream: bool = False) -> Expected:
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="cohere",
        stream=stream,
        base={
            **CHAT_BASE,
            **SAMPLING_ATTRIBUTES,
            "gen_ai.request.frequency_penalty": 0.1,
            "gen_ai.request.presence_penalty": 0.2,
            "gen_ai.response.id": response_id,
            "gen_ai.response.finish_reasons": ["COMPLETE"],
            "gen_ai.usage.input_tokens": 512,
            "gen_ai.usage.output_tokens": 11,
        },
        **with_system_message(text_exchange(PROMPT, HELLO, COMPLETE, system=SYSTEM)),
    )


# --- tools ------------------------------------------------------------------------------------------
QUESTION = "What's the weather in Paris and Tokyo?"
PLAN = "I will look up the weather in Paris and Tokyo."
WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER_TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Current weather for a city.", "parameters": WEATHER_PARAMETERS},
}
TOOLS_REQUEST = {"model": MODEL, "messages": [{"role": "user", "content": QUESTION}], "tools": [WEATHER_TOOL]}
PARIS, TOKYO = "get_weather_7t9pxdd2wy1t", "get_weather_q3k8m2r6v0zn"
PARIS_ARGS, TOKYO_ARGS = '{"city":"Paris"}', '{"city":"Tokyo"}'
CALLS = [
    {"id": PARIS, "type": "function", "function": {"name": "get_weather", "arguments": PARIS_ARGS}},
    {"id": TOKYO, "type": "function", "function": {"name": "get_weather", "arguments": TOKYO_ARGS}},
]
WEATHER_FUNCTION_LEGACY = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Current weather for a city.",
    "llm.request.functions.0.parameters": json.dumps(WEATHER_PARAMETERS, separators=(",", ":")),
}
WEATHER_DEFINITIONS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": WEATHER_PARAMETERS,
    }
]


def latest_call(call_id: str | None, arguments: str | dict) -> dict[str, Any]:
    call = {"type": "tool_call", "name": "get_weather"}
    if call_id is not None:
        call["id"] = call_id
    call["arguments"] = json.loads(arguments) if isinstance(arguments, str) else arguments
    return call


def tools_expected(response_id: str, stream: bool = False) -> Expected:
    """The plan is reasoning (``.reasoning`` in legacy attributes; not part of the 1.36 choice event)."""
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="cohere",
        stream=stream,
        base={
            **CHAT_BASE,
            "gen_ai.response.id": response_id,
            "gen_ai.response.finish_reasons": ["TOOL_CALL"],
            "gen_ai.usage.input_tokens": 1395,
            "gen_ai.usage.output_tokens": 77,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": QUESTION,
            **WEATHER_FUNCTION_LEGACY,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.reasoning": PLAN,
            "gen_ai.completion.0.finish_reason": "TOOL_CALL",
            "gen_ai.completion.0.tool_calls.0.id": PARIS,
            "gen_ai.completion.0.tool_calls.0.name": "get_weather",
            "gen_ai.completion.0.tool_calls.0.arguments": PARIS_ARGS,
            "gen_ai.completion.0.tool_calls.1.id": TOKYO,
            "gen_ai.completion.0.tool_calls.1.name": "get_weather",
            "gen_ai.completion.0.tool_calls.1.arguments": TOKYO_ARGS,
        },
        events=[
            ("gen_ai.user.message", {"content": QUESTION}),
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "tool_calls": CALLS}},
            ),
        ],
        latest={
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": QUESTION}]}],
            "gen_ai.output.messages": [
                {
                    "role": "assistant",
                    "parts": [
                        {"type": "reasoning", "content": PLAN},
                        latest_call(PARIS, PARIS_ARGS),
                        latest_call(TOKYO, TOKYO_ARGS),
                    ],
                    "finish_reason": "tool_call",
                }
            ],
            "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
        },
    )
