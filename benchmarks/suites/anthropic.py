"""Anthropic messages: short message, stream, a 199-message history, generator messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from canned import CHUNKS, async_http_client, sync_http_client
from histories import AGENT_SYSTEM, ANTHROPIC_HISTORY, ANTHROPIC_TOOLS

FLOOR = True
MODEL = "claude-sonnet-4-5"
MESSAGES = [{"role": "user", "content": "Say hello."}]
SYSTEM = "You are a terse assistant."

SCENARIOS = {
    "anthropic messages": "`messages.create`, `system=` and one user message",
    "anthropic stream": f"the same streamed: {CHUNKS} text deltas",
    "anthropic long history": (
        "`system=` and 199 messages: 59 turns of questions, assistant `tool_use` blocks (one or two), "
        "user `tool_result` blocks and answers, a last question; `tools=` (two tools)"
    ),
    "anthropic generator messages": "the messages call with `messages=` a generator expression built per call",
}
VERSIONS = {
    "sdk": ("anthropic",),
    "genotel": ("genotel-instrumentation-anthropic",),
    "openllmetry": ("opentelemetry-instrumentation-anthropic",),
    "official": ("opentelemetry-instrumentation-genai-anthropic",),
}


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    """Each scenario as a zero-argument call returning the SDK's result (a stream for streams)."""
    import anthropic

    if is_async:
        client: Any = anthropic.AsyncAnthropic(api_key="bench", http_client=async_http_client())
    else:
        client = anthropic.Anthropic(api_key="bench", http_client=sync_http_client())
    common = {"model": MODEL, "max_tokens": 256, "system": SYSTEM, "messages": MESSAGES}
    return {
        "anthropic messages": lambda: client.messages.create(**common),
        "anthropic stream": lambda: client.messages.create(**common, stream=True),
        "anthropic long history": lambda: client.messages.create(
            model=MODEL, max_tokens=256, system=AGENT_SYSTEM, messages=ANTHROPIC_HISTORY, tools=ANTHROPIC_TOOLS
        ),
        "anthropic generator messages": lambda: client.messages.create(
            model=MODEL, max_tokens=256, system=SYSTEM, messages=(message for message in MESSAGES)
        ),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.anthropic import AnthropicInstrumentor

        AnthropicInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.anthropic import AnthropicInstrumentor as TraceloopAnthropic

        TraceloopAnthropic(use_attributes=legacy).instrument(**providers)
    elif implementation == "official":
        from opentelemetry.instrumentation.genai.anthropic import AnthropicInstrumentor as OfficialAnthropic

        OfficialAnthropic().instrument(**providers)
