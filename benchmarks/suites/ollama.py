"""Ollama (a local server): ``Client.chat``, and it streamed as newline-delimited JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "llama3.2"
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
SCENARIOS = {
    "ollama chat": "`Client.chat`, a system and a user message",
    "ollama stream": f"the chat streamed: {CHUNKS} NDJSON chunks, the last with `done_reason` and the counts",
}
VERSIONS = {
    "sdk": ("ollama",),
    "genotel": ("genotel-instrumentation-ollama",),
    "openllmetry": ("opentelemetry-instrumentation-ollama",),
}
NDJSON = "application/x-ndjson"
_DONE = {
    "done_reason": "stop",
    "done": True,
    "total_duration": 912345678,
    "load_duration": 21456789,
    "prompt_eval_count": 24,
    "prompt_eval_duration": 48123456,
    "eval_duration": 512345678,
}


def _message(content: str) -> dict[str, Any]:
    return {"model": MODEL, "created_at": "2025-10-14T09:13:08Z", "message": {"role": "assistant", "content": content}}


def _stream() -> bytes:
    lines = [{**_message(f"w{i} "), "done": False} for i in range(CHUNKS)]
    lines.append({**_message(""), **_DONE, "eval_count": CHUNKS})
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


_ANSWERS = {False: (canned.JSON, json.dumps({**_message("Hello there!"), **_DONE, "eval_count": 9}).encode())}
_ANSWERS[True] = (NDJSON, _stream())
canned.route("127.0.0.1", "/api/chat", lambda body: _ANSWERS[body.get("stream", True) is not False])


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    import httpx
    import ollama

    sync_transport, async_transport = canned.transports(httpx)
    client: Any
    if is_async:
        client = ollama.AsyncClient(host="http://127.0.0.1:11434", transport=async_transport)
    else:
        client = ollama.Client(host="http://127.0.0.1:11434", transport=sync_transport)
    return {
        "ollama chat": lambda: client.chat(model=MODEL, messages=MESSAGES),
        "ollama stream": lambda: client.chat(model=MODEL, messages=MESSAGES, stream=True),
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.ollama import OllamaInstrumentor

        OllamaInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.ollama import OllamaInstrumentor as TraceloopOllama

        TraceloopOllama(use_legacy_attributes=legacy).instrument(**providers)
