"""`python scripts/smoke_installed.py openai`: one chat completion, answered offline."""

from __future__ import annotations

from smoke_stainless import http_client

SDKS = ("openai",)  # what the [instruments] extra names
BODY = {
    "id": "chatcmpl-smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import openai

    client = openai.OpenAI(api_key="smoke", http_client=http_client(BODY))
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    return "chat gpt-4o-mini"
