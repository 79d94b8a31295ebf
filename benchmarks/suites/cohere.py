"""Cohere v2 chat (``ClientV2.chat``), and it streamed (``chat_stream``) as Cohere's v2 SSE events."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "command-a-03-2025"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
SCENARIOS = {
    "cohere chat": "`ClientV2.chat`, a system and a user message",
    "cohere stream": f"`ClientV2.chat_stream`: message-start, content-start, {CHUNKS} content-delta events, "
    "content-end, message-end with the finish reason and the usage",
}
VERSIONS = {
    "sdk": ("cohere",),
    "genotel": ("genotel-instrumentation-cohere",),
    "openllmetry": ("opentelemetry-instrumentation-cohere",),
}
# Why a peer's column is empty on the newest SDK (the report prints it under the tables).
PEER_NOTES = {
    "openllmetry": "opentelemetry-instrumentation-cohere 0.62 declares `cohere >=4.2.7, <6`; on cohere 6 and 7 its "
    "`instrument()` logs a dependency conflict and patches nothing",
}

_USAGE = {
    "billed_units": {"input_tokens": 14, "output_tokens": 9},
    "tokens": {"input_tokens": 512, "output_tokens": 11},
}
_CHAT = {
    "id": "c14c80c3-18eb-4519-9460-6c92edd8cfb4",
    "message": {"role": "assistant", "content": [{"type": "text", "text": "Hello there!"}]},
    "finish_reason": "COMPLETE",
    "usage": _USAGE,
}


def _stream() -> bytes:
    start = {"role": "assistant", "content": [], "tool_plan": "", "tool_calls": [], "citations": []}
    stream_usage = {
        "billed_units": {"input_tokens": 14, "output_tokens": CHUNKS},
        "tokens": {"input_tokens": 512, "output_tokens": CHUNKS},
    }
    events: list[dict[str, Any]] = [
        {"id": "9f1d0c2e-6a5b-4b8e-8d3f-2e7a1c4b5d60", "type": "message-start", "delta": {"message": start}},
        {"type": "content-start", "index": 0, "delta": {"message": {"content": {"type": "text", "text": ""}}}},
    ]
    events += [
        {"type": "content-delta", "index": 0, "delta": {"message": {"content": {"text": f"w{i} "}}}}
        for i in range(CHUNKS)
    ]
    events += [
        {"type": "content-end", "index": 0},
        {"type": "message-end", "delta": {"finish_reason": "COMPLETE", "usage": stream_usage}},
    ]
    return "".join(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n" for event in events).encode()


_ANSWERS = {False: (canned.JSON, json.dumps(_CHAT).encode()), True: (canned.SSE, _stream())}
canned.route("api.cohere.com", "/v2/chat", lambda body: _ANSWERS[bool(body.get("stream"))])


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    import cohere
    import httpx

    if is_async:
        client: Any = cohere.AsyncClientV2(api_key="bench", httpx_client=canned.async_http_client(httpx))
    else:
        client = cohere.ClientV2(api_key="bench", httpx_client=canned.sync_http_client(httpx))
    return {
        "cohere chat": lambda: client.chat(model=MODEL, messages=MESSAGES),
        "cohere stream": lambda: (
            _opened(client.chat_stream(model=MODEL, messages=MESSAGES))
            if is_async
            # AsyncClientV2.chat_stream is an async generator function: the batch awaits each call, so wrap it.
            else client.chat_stream(model=MODEL, messages=MESSAGES)
        ),
    }


async def _opened(stream: Any) -> Any:
    """The async stream, awaited first if an instrumentation made the call a coroutine."""
    return await stream if inspect.isawaitable(stream) else stream


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.cohere import CohereInstrumentor

        CohereInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.cohere import CohereInstrumentor as TraceloopCohere

        TraceloopCohere(use_legacy_attributes=legacy).instrument(**providers)
