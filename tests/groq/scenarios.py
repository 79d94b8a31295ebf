"""The Groq cassettes' requests and their whole expected telemetry (cassettes/groq/INDEX.md).

Imported as ``from tests.groq.scenarios import ...``.
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.chat_content import exchange

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
MODEL = "llama-3.3-70b-versatile"
SERVER = {"server.address": "api.groq.com", "server.port": 443}
BASE = {"gen_ai.operation.name": "chat", "gen_ai.system": "groq", "gen_ai.request.model": MODEL, **SERVER}

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]


def check(otel, mode, expected: Expected) -> None:
    """The whole exported telemetry, and none of the canaries when content capture is off."""
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


# --- chat_text / chat_stream: the same prompt and answer ---------------------------------------------------

TEXT_REQUEST = {
    "model": MODEL,
    "messages": MESSAGES,
    "temperature": 0.2,
    "max_completion_tokens": 50,
    "top_p": 0.9,
    "seed": 42,
    "stop": ["\n\n"],
}
TEXT_ID = "chatcmpl-7f5d9c1e-3b2a-4c8d-9e6f-1a2b3c4d5e6f"
HELLO_CONTENT = exchange([("system", SYSTEM), ("user", PROMPT)], [{"type": "text", "content": HELLO}])
TEXT_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="groq",
    base={
        **BASE,
        "gen_ai.request.temperature": 0.2,
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.top_p": 0.9,
        "gen_ai.request.seed": 42,
        "gen_ai.request.stop_sequences": ["\n\n"],
        "gen_ai.response.id": TEXT_ID,
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 49,
        "gen_ai.usage.output_tokens": 11,
    },
    **HELLO_CONTENT,
)
METRIC = {"gen_ai.operation.name": "chat", "gen_ai.request.model": MODEL, "gen_ai.response.model": MODEL, **SERVER}

STREAM_REQUEST = {"model": MODEL, "messages": MESSAGES, "stream": True}
STREAM_ID = "chatcmpl-0c8e2f4a-6b1d-4e3f-8a9b-5c7d1e2f3a4b"
STREAM_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="groq",
    stream=True,
    base={
        **BASE,
        "gen_ai.response.id": STREAM_ID,
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 49,
        "gen_ai.usage.output_tokens": 11,
    },
    **HELLO_CONTENT,
)

# --- tools ---------------------------------------------------------------------------------------------------

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
WEATHER_FUNCTION = WEATHER_TOOL["function"]
QUESTION = "What is the weather in Paris and Tokyo? CANARY-PROMPT-7f3a"
PARIS, TOKYO = "call_k1m8x2p4", "call_z9q3w7n5"
CALLS = [
    {"id": PARIS, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
    {"id": TOKYO, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'}},
]
TOOL_DEFINITION_LEGACY = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the current weather for a city",
    "llm.request.functions.0.parameters": json.dumps(WEATHER_FUNCTION["parameters"], separators=(",", ":")),
}
TOOL_DEFINITIONS_LATEST = [{"type": "function", **WEATHER_FUNCTION}]
CALL_PARTS = [
    {
        "type": "tool_call",
        "id": call_id,
        "name": "get_weather",
        "arguments": {"city": city},
        "raw": f'{{"city":"{city}"}}',
    }
    for call_id, city in ((PARIS, "Paris"), (TOKYO, "Tokyo"))
]


def with_tools(content: dict[str, Any]) -> dict[str, Any]:
    """Content plus the get_weather definition in each shape (tool definitions are content)."""
    return {
        "legacy": {**content["legacy"], **TOOL_DEFINITION_LEGACY},
        "events": content["events"],
        "latest": {**content["latest"], "gen_ai.tool.definitions": TOOL_DEFINITIONS_LATEST},
    }


CALLS_CONTENT = with_tools(exchange([("user", QUESTION)], CALL_PARTS, finish="tool_calls"))
TOOLS_REQUEST = {"model": MODEL, "messages": [{"role": "user", "content": QUESTION}], "tools": [WEATHER_TOOL]}
TOOL_CALLS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="groq",
    base={
        **BASE,
        "gen_ai.response.id": "chatcmpl-2d4f6a8c-1e3b-4d5f-a7c9-0b2d4f6a8c1e",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["tool_calls"],
        "gen_ai.usage.input_tokens": 231,
        "gen_ai.usage.output_tokens": 42,
    },
    **CALLS_CONTENT,
)
STREAM_TOOL_CALLS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="groq",
    stream=True,
    base={**TOOL_CALLS_EXPECTED.base, "gen_ai.response.id": "chatcmpl-9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d"},
    **CALLS_CONTENT,
)

# --- chat_reasoning / chat_stream_reasoning: reasoning_format="parsed" ----------------------------------------

RMODEL = "openai/gpt-oss-20b"
RPROMPT = "Is 17 prime? CANARY-PROMPT-7f3a"
REASONED = "Yes, 17 is prime. CANARY-COMPLETION-91c2"
REASONING = "17 is not divisible by 2, 3 or 4, and 5 squared exceeds 17. CANARY-COMPLETION-91c2"
REASONING_REQUEST = {"model": RMODEL, "messages": [{"role": "user", "content": RPROMPT}], "reasoning_format": "parsed"}
REASONING_CONTENT = exchange(
    [("user", RPROMPT)],
    [{"type": "reasoning", "content": REASONING}, {"type": "text", "content": REASONED}],
)
REASONING_BASE = {
    **BASE,
    "gen_ai.request.model": RMODEL,
    "gen_ai.response.model": RMODEL,
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.usage.input_tokens": 79,
    "gen_ai.usage.output_tokens": 58,
}
