"""Together AI chat completions (``chat.completions.create``), and them streamed as SSE chunks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
SCENARIOS = {
    "together chat": "`chat.completions.create`, a system and a user message",
    "together stream": f"the chat streamed: {CHUNKS} content chunks (each with `text` and a `delta` with "
    "`token_id`), the last with `eos`, the seed and the usage",
}
# No OpenLLMetry entry: its instrumentor covers no together release that genotel supports.
VERSIONS = {"sdk": ("together",), "genotel": ("genotel-instrumentation-together",)}
# Why a peer's column is empty (the report prints it under the tables).
PEER_NOTES = {
    "openllmetry": "opentelemetry-instrumentation-together 0.62 declares `together >=1.2.0, <2` and imports "
    "`together.types.chat_completions`, gone since together 2.0; genotel supports together >= 2.0: no together "
    "release is supported by both, so OpenLLMetry is not measured on Together",
}

_BASE = {"id": "oFx3bQ7-2j9zqD-98e3c2f0a1b2c3d4", "created": 1760433188, "model": MODEL}
_COMPLETION = {
    **_BASE,
    "object": "chat.completion",
    "prompt": [],
    "choices": [
        {
            "finish_reason": "eos",
            "seed": 42,
            "logprobs": None,
            "index": 0,
            "message": {"role": "assistant", "content": "Hello there!", "tool_calls": []},
        }
    ],
    "usage": {"prompt_tokens": 47, "completion_tokens": 9, "total_tokens": 56, "cached_tokens": 0},
}


def _chunk(text: str, token: int, finish_reason: str | None = None, **extra: Any) -> dict[str, Any]:
    delta = {"token_id": token, "role": "assistant", "content": text, "tool_calls": None}
    seed = 8183726519328752000 if finish_reason else None
    choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": finish_reason, "seed": seed, "delta": delta}
    return {**_BASE, "object": "chat.completion.chunk", "choices": [choice], "usage": None, **extra}


def _stream() -> bytes:
    usage = {"prompt_tokens": 47, "completion_tokens": CHUNKS, "total_tokens": 47 + CHUNKS, "cached_tokens": 0}
    events = [_chunk(f"w{i} ", 9906 + i) for i in range(CHUNKS)]
    events.append(_chunk("", 128009, "eos", usage=usage))
    return ("".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n").encode()


_ANSWERS = {False: (canned.JSON, json.dumps(_COMPLETION).encode()), True: (canned.SSE, _stream())}
# together >= 3 posts chat to api-inference.together.ai, together 2.x to api.together.xyz.
for _host in ("api-inference.together.ai", "api.together.xyz"):
    canned.route(_host, "/v1/chat/completions", lambda body: _ANSWERS[bool(body.get("stream"))])


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    import httpx
    import together

    if is_async:
        client: Any = together.AsyncTogether(api_key="bench", http_client=canned.async_http_client(httpx))
    else:
        client = together.Together(api_key="bench", http_client=canned.sync_http_client(httpx))
    return {
        "together chat": lambda: client.chat.completions.create(model=MODEL, messages=MESSAGES),
        "together stream": lambda: client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.together import TogetherInstrumentor

        TogetherInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
