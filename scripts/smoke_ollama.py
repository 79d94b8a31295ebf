"""`python scripts/smoke_installed.py ollama`: one Ollama chat, answered offline."""

from __future__ import annotations

SDKS = ("ollama",)  # what the [instruments] extra names
BODY = {
    "model": "llama3.2",
    "created_at": "2025-10-14T09:12:04.912345Z",
    "message": {"role": "assistant", "content": "ok"},
    "done_reason": "stop",
    "done": True,
    "prompt_eval_count": 3,
    "eval_count": 1,
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import httpx  # ollama is built on httpx
    import ollama

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=BODY))
    ollama.Client(transport=transport).chat("llama3.2", [{"role": "user", "content": "hi"}])
    return "chat llama3.2"
