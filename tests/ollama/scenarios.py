"""The Ollama cassettes' requests and their expected telemetry (cassettes/ollama/INDEX.md).

Imported as ``from tests.ollama.scenarios import ...``.
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.chat_content import exchange

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
MODEL = "llama3.2"
SERVER = {"server.address": "127.0.0.1", "server.port": 11434}
SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]


def base(operation: str = "chat", model: str = MODEL, **response: Any) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": operation,
        "gen_ai.system": "ollama",
        "gen_ai.request.model": model,
        **SERVER,
        **response,
    }


def answered(model: str, input_tokens: int, output_tokens: int, finish: str = "stop") -> dict[str, Any]:
    return {
        "gen_ai.response.model": model,
        "gen_ai.response.finish_reasons": [finish],
        "gen_ai.usage.input_tokens": input_tokens,
        "gen_ai.usage.output_tokens": output_tokens,
    }


def check(otel, mode, expected: Expected) -> None:
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def expected(span_name: str, base_attributes: dict[str, Any], content: dict[str, Any], stream: bool = False):
    return Expected(span_name=span_name, provider_latest="ollama", base=base_attributes, stream=stream, **content)


# --- chat_text / chat_stream ------------------------------------------------------------------------------

OPTIONS = {"temperature": 0.2, "top_p": 0.9, "top_k": 40, "num_predict": 50, "seed": 42, "stop": ["\n\n"]}
OPTION_ATTRIBUTES = {
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.top_k": 40,
    "gen_ai.request.max_tokens": 50,
    "gen_ai.request.seed": 42,
    "gen_ai.request.stop_sequences": ["\n\n"],
}
HELLO_CONTENT = exchange([("system", SYSTEM), ("user", PROMPT)], [{"type": "text", "content": HELLO}])
TEXT_EXPECTED = expected(f"chat {MODEL}", base(**OPTION_ATTRIBUTES, **answered(MODEL, 31, 11)), HELLO_CONTENT)
STREAM_EXPECTED = expected(f"chat {MODEL}", base(**answered(MODEL, 31, 11)), HELLO_CONTENT, stream=True)
METRIC = {"gen_ai.operation.name": "chat", "gen_ai.request.model": MODEL, "gen_ai.response.model": MODEL, **SERVER}

# --- tools: qwen3 calls get_weather twice; Ollama gives tool calls no id and ends with "stop" ---------------

TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {
            "type": "object",
            "required": ["city"],
            "properties": {"city": {"type": "string", "description": "The city"}},
        },
    },
}
QUESTION = "What is the weather in Paris and Tokyo? CANARY-PROMPT-7f3a"
CALLS = [{"function": {"name": "get_weather", "arguments": {"city": city}}} for city in ("Paris", "Tokyo")]
CALL_PARTS = [
    {"type": "tool_call", "id": None, "name": "get_weather", "arguments": {"city": city}, "raw": f'{{"city":"{city}"}}'}
    for city in ("Paris", "Tokyo")
]
TOOL_DEFINITIONS = {
    "legacy": {
        "llm.request.functions.0.name": "get_weather",
        "llm.request.functions.0.description": "Get the current weather for a city",
        "llm.request.functions.0.parameters": json.dumps(TOOL["function"]["parameters"], separators=(",", ":")),
    },
    "latest": {"gen_ai.tool.definitions": [{"type": "function", **TOOL["function"]}]},
}


def with_tools(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "legacy": {**content["legacy"], **TOOL_DEFINITIONS["legacy"]},
        "events": content["events"],
        "latest": {**content["latest"], **TOOL_DEFINITIONS["latest"]},
    }


CALLS_CONTENT = with_tools(exchange([("user", QUESTION)], CALL_PARTS))
TOOLS_REQUEST = {"model": "qwen3", "messages": [{"role": "user", "content": QUESTION}], "tools": [TOOL]}
TOOL_CALLS_EXPECTED = expected("chat qwen3", base(model="qwen3", **answered("qwen3", 163, 38)), CALLS_CONTENT)
STREAM_TOOL_CALLS_EXPECTED = expected(
    "chat qwen3", base(model="qwen3", **answered("qwen3", 163, 38)), CALLS_CONTENT, stream=True
)

# --- thinking (think=True) --------------------------------------------------------------------------------

THINK_PROMPT = "Is 17 prime? CANARY-PROMPT-7f3a"
THINKING = "17 is not divisible by 2, 3 or 4. CANARY-COMPLETION-91c2"
THINK_REQUEST = {"model": "qwen3", "messages": [{"role": "user", "content": THINK_PROMPT}], "think": True}
THINK_CONTENT = exchange(
    [("user", THINK_PROMPT)],
    [{"type": "reasoning", "content": THINKING}, {"type": "text", "content": "Yes, 17 is prime."}],
)
THINK_BASE = base(model="qwen3", **answered("qwen3", 18, 44))
