"""The Together AI cassettes' requests and their expected telemetry (cassettes/together/INDEX.md).

together 3.x posts chat completions to ``api-inference.together.ai`` and everything else to
``api.together.ai``; together 2.0 sent everything to ``api.together.xyz/v1``. Each cassette holds
the one answer under both URLs, and the expected ``server.address`` follows the installed SDK.
"""

from __future__ import annotations

import json
from typing import Any

import together

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.chat_content import exchange

SDK_3 = int(together.__version__.split(".")[0]) >= 3
CHAT_SERVER = {"server.address": "api-inference.together.ai" if SDK_3 else "api.together.xyz", "server.port": 443}
SERVER = {"server.address": "api.together.ai" if SDK_3 else "api.together.xyz", "server.port": 443}
CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]


def base(operation: str = "chat", model: str = MODEL, **attributes: Any) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": operation,
        "gen_ai.system": "together_ai",
        "gen_ai.request.model": model,
        **(CHAT_SERVER if operation == "chat" else SERVER),
        **attributes,
    }


def answered(response_id: str, model: str, finish: str, input_tokens: int, output_tokens: int) -> dict[str, Any]:
    return {
        "gen_ai.response.id": response_id,
        "gen_ai.response.model": model,
        "gen_ai.response.finish_reasons": [finish],
        "gen_ai.usage.input_tokens": input_tokens,
        "gen_ai.usage.output_tokens": output_tokens,
    }


def expected(span_name: str, attributes: dict[str, Any], content: dict[str, Any], stream: bool = False) -> Expected:
    return Expected(span_name=span_name, provider_latest="together_ai", base=attributes, stream=stream, **content)


def check(otel, mode, want: Expected) -> None:
    assert_telemetry(otel, mode, want)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


# --- chat_text / chat_stream: Llama stops with "eos", a natural stop ----------------------------------------

TEXT_REQUEST = {
    "model": MODEL,
    "messages": MESSAGES,
    "max_tokens": 50,
    "temperature": 0.2,
    "top_p": 0.9,
    "top_k": 40,
    "stop": ["\n\n"],
    "seed": 42,
}
TEXT_ID = "oFx3aZ2-4Yz4kd-98e3c1a2b3d4e5f6"
HELLO_CONTENT = exchange([("system", SYSTEM), ("user", PROMPT)], [{"type": "text", "content": HELLO}], "eos", "stop")
TEXT_EXPECTED = expected(
    f"chat {MODEL}",
    base(
        **{
            "gen_ai.request.max_tokens": 50,
            "gen_ai.request.temperature": 0.2,
            "gen_ai.request.top_p": 0.9,
            "gen_ai.request.top_k": 40,
            "gen_ai.request.stop_sequences": ["\n\n"],
            "gen_ai.request.seed": 42,
        },
        **answered(TEXT_ID, MODEL, "eos", 47, 11),
    ),
    HELLO_CONTENT,
)
STREAM_ID = "oFx3bQ7-2j9zqD-98e3c2f0a1b2c3d4"
STREAM_REQUEST = {"model": MODEL, "messages": MESSAGES, "stream": True}
STREAM_EXPECTED = expected(f"chat {MODEL}", base(**answered(STREAM_ID, MODEL, "eos", 47, 7)), HELLO_CONTENT, True)
METRIC = {"gen_ai.operation.name": "chat", "gen_ai.request.model": MODEL, "gen_ai.response.model": MODEL, **CHAT_SERVER}

# --- tools -------------------------------------------------------------------------------------------------

TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
QUESTION = "What is the weather in Paris and Tokyo? CANARY-PROMPT-7f3a"
PARIS, TOKYO = "call_7ht2kq9xw1m4pz8v0c3n5bd6", "call_2rj8fn4ya6s1lw9e3k7uq0tg"
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
TOOLS_CONTENT = exchange([("user", QUESTION)], CALL_PARTS, "tool_calls")
TOOLS_CONTENT["legacy"].update(
    {
        "llm.request.functions.0.name": "get_weather",
        "llm.request.functions.0.description": "Get the current weather for a city",
        "llm.request.functions.0.parameters": json.dumps(TOOL["function"]["parameters"], separators=(",", ":")),
    }
)
TOOLS_CONTENT["latest"]["gen_ai.tool.definitions"] = [{"type": "function", **TOOL["function"]}]
TOOLS_REQUEST = {"model": MODEL, "messages": [{"role": "user", "content": QUESTION}], "tools": [TOOL]}
TOOL_CALLS_EXPECTED = expected(
    f"chat {MODEL}", base(**answered("oFx3cR1-57Tk2M-98e3c4a5b6c7d8e9", MODEL, "tool_calls", 205, 41)), TOOLS_CONTENT
)
STREAM_TOOL_CALLS_EXPECTED = expected(
    f"chat {MODEL}",
    base(**answered("oFx3dK5-3NKUce-98e3c5b6c7d8e9f0", MODEL, "tool_calls", 205, 41)),
    TOOLS_CONTENT,
    stream=True,
)
