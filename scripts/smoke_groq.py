"""`python scripts/smoke_installed.py groq`: one Groq chat completion, answered offline."""

from __future__ import annotations

SDKS = ("groq",)  # what the [instruments] extra names
BODY = {
    "id": "chatcmpl-smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "llama-3.3-70b-versatile",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    "x_groq": {"id": "req_smoke"},
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import groq
    import httpx  # groq is built on httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=BODY))
    client = groq.Groq(api_key="smoke", http_client=httpx.Client(transport=transport))
    client.chat.completions.create(model="llama-3.3-70b-versatile", messages=[{"role": "user", "content": "hi"}])
    return "chat llama-3.3-70b-versatile"
