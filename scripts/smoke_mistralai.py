"""`python scripts/smoke_installed.py mistralai`: one chat completion, answered offline."""

from __future__ import annotations

from smoke_stainless import http_client  # a canned JSON answer through an httpx mock transport

SDKS = ("mistralai",)  # what the [instruments] extra names
BODY = {
    "id": "cmpl-smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "mistral-small-latest",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    try:  # mistralai >= 2
        from mistralai.client import Mistral
    except ImportError:
        from mistralai import Mistral

    client = Mistral(api_key="smoke", client=http_client(BODY))
    client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}])
    return "chat mistral-small-latest"
