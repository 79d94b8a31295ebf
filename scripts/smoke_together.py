"""`python scripts/smoke_installed.py together`: one Together AI chat completion, answered offline."""

from __future__ import annotations

SDKS = ("together",)  # what the [instruments] extra names
BODY = {
    "id": "smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "eos"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import httpx  # together is built on httpx
    import together

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=BODY))
    client = together.Together(api_key="smoke", http_client=httpx.Client(transport=transport))
    client.chat.completions.create(
        model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=[{"role": "user", "content": "hi"}]
    )
    return "chat meta-llama/Llama-3.3-70B-Instruct-Turbo"
