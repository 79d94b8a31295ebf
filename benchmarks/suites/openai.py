"""OpenAI chat completions: short chat, tool call, stream, a 200-message history, generator messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from canned import CHUNKS, async_http_client, sync_http_client
from histories import OPENAI_HISTORY, OPENAI_TOOLS

FLOOR = True
MODEL = "gpt-4o-mini"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        },
    }
]
TOOL_MESSAGES = [{"role": "user", "content": "What is the weather in Paris?"}]

SCENARIOS = {
    "openai chat": "`chat.completions.create`, a system and a user message",
    "openai tool call": "one user message and `tools=` (one function); the canned answer is a tool call",
    "openai stream": f"the chat streamed: {CHUNKS} content chunks, then a usage chunk",
    "openai long history": (
        "200 messages: a system prompt, 54 turns of questions, assistant `tool_calls` (one or two), "
        "`role: tool` results and answers, a last question; `tools=` (two functions); the canned answer is a tool call"
    ),
    "openai generator messages": "the chat with `messages=` a generator expression built per call",
}
VERSIONS = {
    "sdk": ("openai",),
    "genotel": ("genotel-instrumentation-openai",),
    "openllmetry": ("opentelemetry-instrumentation-openai",),
    "official": ("opentelemetry-instrumentation-genai-openai",),
}


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    """Each scenario as a zero-argument call returning the SDK's result (a stream for streams).

    The method is looked up on every call, as application code does, so patching after the
    clients exist takes effect.
    """
    import openai

    if is_async:
        client: Any = openai.AsyncOpenAI(api_key="bench", http_client=async_http_client())
    else:
        client = openai.OpenAI(api_key="bench", http_client=sync_http_client())
    return {
        "openai chat": lambda: client.chat.completions.create(model=MODEL, messages=MESSAGES),
        "openai tool call": lambda: client.chat.completions.create(model=MODEL, messages=TOOL_MESSAGES, tools=TOOLS),
        "openai stream": lambda: client.chat.completions.create(
            model=MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        ),
        "openai long history": lambda: client.chat.completions.create(
            model=MODEL, messages=OPENAI_HISTORY, tools=OPENAI_TOOLS
        ),
        # any Iterable is accepted by the SDK; a generator can be read only once, by whoever reads it first
        "openai generator messages": lambda: client.chat.completions.create(
            model=MODEL, messages=(message for message in MESSAGES)
        ),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.openai import OpenAIInstrumentor

        OpenAIInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.openai import OpenAIInstrumentor as TraceloopOpenAI

        TraceloopOpenAI(use_attributes=legacy).instrument(**providers)
    elif implementation == "official":
        from opentelemetry.instrumentation.genai.openai import OpenAIInstrumentor as OfficialOpenAI

        OfficialOpenAI().instrument(**providers)
