"""The benchmark's calls, through the real SDK clients on the canned transport, sync and async."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anthropic
import openai
from canned import async_http_client, sync_http_client
from histories import AGENT_SYSTEM, ANTHROPIC_HISTORY, ANTHROPIC_TOOLS, OPENAI_HISTORY, OPENAI_TOOLS

OPENAI_MODEL = "gpt-4o-mini"
ANTHROPIC_MODEL = "claude-sonnet-4-5"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
ANTHROPIC_MESSAGES = [{"role": "user", "content": "Say hello."}]
SYSTEM = "You are a terse assistant."
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

SyncCall = Callable[[], None]
AsyncBatch = Callable[[int], Awaitable[float]]


def _openai_calls(client: Any) -> dict[str, Callable[[], Any]]:
    """Each scenario as a zero-argument call returning the SDK's result (a stream for streams).

    The method is looked up on every call, as application code does, so patching after the
    clients exist takes effect.
    """
    return {
        "openai chat": lambda: client.chat.completions.create(model=OPENAI_MODEL, messages=MESSAGES),
        "openai tool call": lambda: client.chat.completions.create(
            model=OPENAI_MODEL, messages=TOOL_MESSAGES, tools=TOOLS
        ),
        "openai stream": lambda: client.chat.completions.create(
            model=OPENAI_MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        ),
        "openai long history": lambda: client.chat.completions.create(
            model=OPENAI_MODEL, messages=OPENAI_HISTORY, tools=OPENAI_TOOLS
        ),
        # any Iterable is accepted by the SDK; a generator can be read only once, by whoever reads it first
        "openai generator messages": lambda: client.chat.completions.create(
            model=OPENAI_MODEL, messages=(message for message in MESSAGES)
        ),
    }


def _anthropic_calls(client: Any) -> dict[str, Callable[[], Any]]:
    common = {"model": ANTHROPIC_MODEL, "max_tokens": 256, "system": SYSTEM, "messages": ANTHROPIC_MESSAGES}
    return {
        "anthropic messages": lambda: client.messages.create(**common),
        "anthropic stream": lambda: client.messages.create(**common, stream=True),
        "anthropic long history": lambda: client.messages.create(
            model=ANTHROPIC_MODEL,
            max_tokens=256,
            system=AGENT_SYSTEM,
            messages=ANTHROPIC_HISTORY,
            tools=ANTHROPIC_TOOLS,
        ),
        "anthropic generator messages": lambda: client.messages.create(
            model=ANTHROPIC_MODEL,
            max_tokens=256,
            system=SYSTEM,
            messages=(message for message in ANTHROPIC_MESSAGES),
        ),
    }


def _sync(call: Callable[[], Any], stream: bool) -> SyncCall:
    if not stream:
        return call

    def consume() -> None:
        for _ in call():
            pass

    return consume


def _async_batch(call: Callable[[], Any], stream: bool) -> AsyncBatch:
    async def batch(calls: int) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            result = await call()
            if stream:
                async for _ in result:
                    pass
        return time.perf_counter() - start

    return batch


def build(loop: asyncio.AbstractEventLoop) -> tuple[dict[str, SyncCall], dict[str, AsyncBatch]]:
    """Sync scenarios as calls, async scenarios as batches timed inside the event loop."""
    del loop  # clients bind to whichever loop runs them
    sync_calls = {
        **_openai_calls(openai.OpenAI(api_key="bench", http_client=sync_http_client())),
        **_anthropic_calls(anthropic.Anthropic(api_key="bench", http_client=sync_http_client())),
    }
    async_calls = {
        **_openai_calls(openai.AsyncOpenAI(api_key="bench", http_client=async_http_client())),
        **_anthropic_calls(anthropic.AsyncAnthropic(api_key="bench", http_client=async_http_client())),
    }
    sync = {f"{name} (sync)": _sync(call, "stream" in name) for name, call in sync_calls.items()}
    batches = {f"{name} (async)": _async_batch(call, "stream" in name) for name, call in async_calls.items()}
    return sync, batches
