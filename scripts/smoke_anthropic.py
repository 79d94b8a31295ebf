"""`python scripts/smoke_installed.py anthropic`: one message, answered offline."""

from __future__ import annotations

from smoke_stainless import http_client

SDKS = ("anthropic",)  # what the [instruments] extra names
BODY = {
    "id": "msg_smoke",
    "type": "message",
    "role": "assistant",
    "model": "claude-haiku-4-5-20251001",
    "content": [{"type": "text", "text": "ok"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import anthropic

    client = anthropic.Anthropic(api_key="smoke", http_client=http_client(BODY))
    client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}])
    return "chat claude-haiku-4-5"
