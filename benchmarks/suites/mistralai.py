"""Mistral AI chat (``chat.complete``), and it streamed (``chat.stream``) as SSE chunks.

mistralai 1.x (where OpenLLMetry runs) traces each request itself whenever a global tracer provider
is set, bare included, so every column on it carries that span; mistralai 3 traces only on request
(``MISTRAL_SDK_TELEMETRY``), so none does on the newest SDK.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "mistral-small-latest"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
SCENARIOS = {
    "mistralai chat": "`chat.complete`, a system and a user message (on mistralai 1.x the SDK adds a span of its "
    "own to every call, bare included)",
    "mistralai stream": f"`chat.stream`: a role chunk, {CHUNKS} content chunks, the finish reason and the usage in "
    "the last",
}
VERSIONS = {
    "sdk": ("mistralai",),
    "genotel": ("genotel-instrumentation-mistralai",),
    "openllmetry": ("opentelemetry-instrumentation-mistralai",),
}
# Why a peer's column is empty on the newest SDK (the report prints it under the tables).
PEER_NOTES = {
    "openllmetry": "opentelemetry-instrumentation-mistralai 0.62 imports `mistralai.models` and patches "
    "`mistralai.chat.Chat`, which mistralai 2.0 moved under `mistralai.client`: on mistralai 2 and 3 importing "
    "it fails (`No module named 'mistralai.models'`)",
}

_BASE = {"id": "3f1c9a7e52d04b8f9e6a1d2c7b5e4f80", "created": 1760429551, "model": MODEL}
_COMPLETION = {
    **_BASE,
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "tool_calls": None, "content": "Hello there!"},
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 21, "total_tokens": 30, "completion_tokens": 9},
}


def _chunk(delta: dict[str, Any], finish_reason: str | None = None, **extra: Any) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
    return {**_BASE, "object": "chat.completion.chunk", "choices": [choice], **extra}


def _stream() -> bytes:
    usage = {"prompt_tokens": 21, "total_tokens": 21 + CHUNKS, "completion_tokens": CHUNKS}
    events = [_chunk({"role": "assistant", "content": ""})]
    events += [_chunk({"content": f"w{i} "}) for i in range(CHUNKS)]
    events.append(_chunk({"content": ""}, "stop", usage=usage))
    return ("".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n").encode()


_ANSWERS = {False: (canned.JSON, json.dumps(_COMPLETION).encode()), True: (canned.SSE, _stream())}
canned.route("api.mistral.ai", "/v1/chat/completions", lambda body: _ANSWERS[bool(body.get("stream"))])


def _sdk() -> tuple[Any, Any]:
    """The ``Mistral`` class and the HTTP library its clients are built on (httpx for 1.x, httpx2 from 2.0)."""
    try:
        from mistralai import Mistral  # mistralai 1.x
    except ImportError:  # mistralai >= 2: the SDK lives in mistralai.client
        from mistralai.client import Mistral
    package = Mistral.__module__.rsplit(".", 1)[0]
    return Mistral, importlib.import_module(f"{package}.httpclient").httpx


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    mistral, library = _sdk()
    if is_async:
        client = mistral(api_key="bench", async_client=canned.async_http_client(library))
        return {
            "mistralai chat": lambda: client.chat.complete_async(model=MODEL, messages=MESSAGES),
            "mistralai stream": lambda: client.chat.stream_async(model=MODEL, messages=MESSAGES),
        }
    client = mistral(api_key="bench", client=canned.sync_http_client(library))
    return {
        "mistralai chat": lambda: client.chat.complete(model=MODEL, messages=MESSAGES),
        "mistralai stream": lambda: client.chat.stream(model=MODEL, messages=MESSAGES),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.mistralai import MistralAIInstrumentor

        MistralAIInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.mistralai import MistralAiInstrumentor as TraceloopMistral

        TraceloopMistral(use_legacy_attributes=legacy).instrument(**providers)
