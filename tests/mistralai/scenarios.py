"""Scenario data shared by the Mistral AI tests (cassettes/mistralai/INDEX.md) and the async view of the client.

Imported as ``from tests.mistralai.scenarios import ...``. The checks are the suite's own
(``tests.anthropic.claude_scenarios.check``: span, events, metrics, canaries).
"""

from __future__ import annotations

import json
from typing import Any

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import text_exchange

try:  # mistralai >= 2
    from mistralai.client import Mistral, models
    from mistralai.client.errors import SDKError
    from mistralai.client.utils.eventstreaming import EventStream, EventStreamAsync
except ImportError:  # mistralai 1.x
    from mistralai import Mistral, models
    from mistralai.models import SDKError
    from mistralai.utils.eventstreaming import EventStream, EventStreamAsync

__all__ = ["EventStream", "EventStreamAsync", "Mistral", "SDKError", "models"]

_ASYNC_NAMES = {"complete": "complete_async", "stream": "stream_async", "create": "create_async"}


class _AsyncResource:
    """A resource whose async methods answer to the sync names, looked up at call time (after instrument())."""

    def __init__(self, resource: Any) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resource, _ASYNC_NAMES.get(name, name))


class _AsyncView:
    is_async = True

    def __init__(self, client: Any) -> None:
        self.client = client

    @property
    def chat(self) -> _AsyncResource:
        return _AsyncResource(self.client.chat)

    @property
    def embeddings(self) -> _AsyncResource:
        return _AsyncResource(self.client.embeddings)


def async_view(client: Any) -> _AsyncView:
    return _AsyncView(client)


MODEL = "mistral-small-latest"
SERVER = {"server.address": "api.mistral.ai", "server.port": 443}
CHAT_BASE = {"gen_ai.operation.name": "chat", "gen_ai.system": "mistral_ai", "gen_ai.request.model": MODEL, **SERVER}
# (raw finish_reason, 1.36 gen_ai.choice enum, latest enum)
STOP = ("stop", "stop", "stop")

# --- chat_text, chat_stream, chat_self_hosted, chat_error_429: one request --------------------------
SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
TEXT_REQUEST: dict[str, Any] = {
    "model": MODEL,
    "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}],
    "temperature": 0.2,
    "top_p": 0.9,
    "max_tokens": 64,
    "stop": ["\n\n"],
    "random_seed": 42,
}
TEXT_REQUEST_ATTRIBUTES = {
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.max_tokens": 64,
    "gen_ai.request.stop_sequences": ["\n\n"],
    "gen_ai.request.seed": 42,
}
TEXT_ID, STREAM_ID = "3f1c9a7e52d04b8f9e6a1d2c7b5e4f80", "b8e24d6a0f3c4e17a9d5c2f1e0b7a6d3"
HELLO_TOKENS = {"input": 21, "output": 12}


def with_system(exchange: dict[str, Any]) -> dict[str, Any]:
    """Mistral's system prompt is a ``system`` message: in latest it stays in the input messages."""
    latest = dict(exchange["latest"])
    del latest["gen_ai.system_instructions"]
    latest["gen_ai.input.messages"] = [
        {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
        *latest["gen_ai.input.messages"],
    ]
    return {**exchange, "latest": latest}


def hello_expected(response_id: str, stream: bool = False, server: dict[str, Any] = SERVER) -> Expected:
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="mistral_ai",
        stream=stream,
        base={
            **CHAT_BASE,
            **server,
            **TEXT_REQUEST_ATTRIBUTES,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["stop"],
            "gen_ai.usage.input_tokens": 21,
            "gen_ai.usage.output_tokens": 12,
        },
        **with_system(text_exchange(PROMPT, HELLO, STOP, system=SYSTEM)),
    )


# --- chat_tools, chat_stream_tools, chat_tool_results ----------------------------------------------
QUESTION = "What's the weather in Paris and Tokyo?"
WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER_TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Current weather for a city.", "parameters": WEATHER_PARAMETERS},
}
TOOLS_REQUEST = {
    "model": MODEL,
    "messages": [{"role": "user", "content": QUESTION}],
    "tools": [WEATHER_TOOL],
    "tool_choice": "auto",
}
PARIS, TOKYO = "D681PevKs", "A7kq2ZxQm"
PARIS_ARGS, TOKYO_ARGS = '{"city": "Paris"}', '{"city": "Tokyo"}'
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
CALLS = [
    {"id": PARIS, "type": "function", "function": {"name": "get_weather", "arguments": PARIS_ARGS}},
    {"id": TOKYO, "type": "function", "function": {"name": "get_weather", "arguments": TOKYO_ARGS}},
]


def _latest_call(call_id: str, arguments: str) -> dict[str, Any]:
    return {"type": "tool_call", "id": call_id, "name": "get_weather", "arguments": json.loads(arguments)}


def tools_expected(response_id: str, stream: bool = False) -> Expected:
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="mistral_ai",
        stream=stream,
        base={
            **CHAT_BASE,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["tool_calls"],
            "gen_ai.usage.input_tokens": 96,
            "gen_ai.usage.output_tokens": 40,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": QUESTION,
            **WEATHER_FUNCTION_LEGACY,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.finish_reason": "tool_calls",
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
                    "parts": [_latest_call(PARIS, PARIS_ARGS), _latest_call(TOKYO, TOKYO_ARGS)],
                    "finish_reason": "tool_call",
                }
            ],
            "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
        },
    )
