"""`python scripts/smoke_installed.py cohere`: one v2 chat, answered offline."""

from __future__ import annotations

SDKS = ("cohere",)  # what the [instruments] extra names
BODY = {
    "id": "c14c80c3-smoke",
    "message": {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
    "finish_reason": "COMPLETE",
    "usage": {
        "billed_units": {"input_tokens": 3, "output_tokens": 1},
        "tokens": {"input_tokens": 3, "output_tokens": 1},
    },
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import cohere
    import httpx  # cohere's own HTTP client

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=BODY))
    client = cohere.ClientV2(api_key="smoke", httpx_client=httpx.Client(transport=transport))
    client.chat(model="command-a-03-2025", messages=[{"role": "user", "content": "hi"}])
    return "chat command-a-03-2025"
