"""`python scripts/smoke_installed.py bedrock`: one Converse call, answered offline by botocore's own hook."""

from __future__ import annotations

import json

SDKS = ("botocore",)  # what the [instruments] extra names
BODY = {
    "output": {"message": {"role": "assistant", "content": [{"text": "ok"}]}},
    "stopReason": "end_turn",
    "usage": {"inputTokens": 3, "outputTokens": 1, "totalTokens": 4},
    "metrics": {"latencyMs": 10},
}


class _Raw:
    def stream(self, **kwargs):
        yield json.dumps(BODY).encode()


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    import botocore.session
    from botocore.awsrequest import AWSResponse

    client = botocore.session.get_session().create_client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="smoke", aws_secret_access_key="smoke"
    )
    client.meta.events.register("before-send", lambda request, **kwargs: AWSResponse(request.url, 200, {}, _Raw()))
    model = "us.amazon.nova-micro-v1:0"
    client.converse(modelId=model, messages=[{"role": "user", "content": [{"text": "hi"}]}])
    return f"chat {model}"
