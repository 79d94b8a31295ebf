"""Groq chat completions (the OpenAI shape on api.groq.com): a short chat, and it streamed with ``x_groq`` usage."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "llama-3.3-70b-versatile"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
SCENARIOS = {
    "groq chat": "`chat.completions.create`, a system and a user message",
    "groq stream": f"the chat streamed: {CHUNKS} content chunks, the usage in the last chunk's `x_groq`",
}
VERSIONS = {
    "sdk": ("groq",),
    "genotel": ("genotel-instrumentation-groq",),
    "openllmetry": ("opentelemetry-instrumentation-groq",),
}

_BASE = {"id": "chatcmpl-bench", "created": 1760433188, "model": MODEL, "system_fingerprint": "fp_3f3b593e33"}
_COMPLETION = {
    **_BASE,
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello there!"},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 24, "completion_tokens": 9, "total_tokens": 33, "queue_time": 0.02},
    "x_groq": {"id": "req_bench"},
}


def _chunk(delta: dict[str, Any], finish_reason: str | None = None, **extra: Any) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
    return {**_BASE, "object": "chat.completion.chunk", "choices": [choice], **extra}


def _stream() -> bytes:
    usage = {"prompt_tokens": 24, "completion_tokens": CHUNKS, "total_tokens": 24 + CHUNKS}
    events = [_chunk({"role": "assistant", "content": ""}, x_groq={"id": "req_bench"})]
    events += [_chunk({"content": f"w{i} "}) for i in range(CHUNKS)]
    events.append(_chunk({}, "stop", x_groq={"id": "req_bench", "usage": usage}))
    return ("".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n").encode()


_ANSWERS = {False: (canned.JSON, json.dumps(_COMPLETION).encode()), True: (canned.SSE, _stream())}
canned.route("api.groq.com", "/chat/completions", lambda body: _ANSWERS[bool(body.get("stream"))])


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    import groq
    import httpx

    if is_async:
        client: Any = groq.AsyncGroq(api_key="bench", http_client=canned.async_http_client(httpx))
    else:
        client = groq.Groq(api_key="bench", http_client=canned.sync_http_client(httpx))
    return {
        "groq chat": lambda: client.chat.completions.create(model=MODEL, messages=MESSAGES),
        "groq stream": lambda: client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.groq import GroqInstrumentor

        GroqInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.groq import GroqInstrumentor as TraceloopGroq

        TraceloopGroq(use_attributes=legacy).instrument(**providers)
