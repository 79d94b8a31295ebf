"""AWS Bedrock through boto3: invoke_model (Claude), converse, converse_stream, and an S3 call beside them.

botocore's ``before-send`` event answers each request with a canned ``AWSResponse`` over a real
urllib3 response object, so botocore parses, checks CRCs and builds its ``StreamingBody`` and
``EventStream`` exactly as it does off the network. Sync only: aiobotocore answers through its own
response classes, which this canned transport does not build.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from canned import CHUNKS

sys.path.append(str(Path(__file__).resolve().parents[2]))  # the repository root: the tests' event-stream encoder
from tests.bedrock.eventstream import stream as event_stream

FLOOR = False
CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
NOVA = "us.amazon.nova-lite-v1:0"
SCENARIOS = {
    "bedrock invoke claude": "`invoke_model`, an Anthropic Messages body (`system`, one user message), the body read",
    "bedrock converse": "`converse`, `system` and one user message",
    "bedrock converse stream": f"`converse_stream`: {CHUNKS} text deltas, `messageStop`, `metadata` with usage",
    "bedrock s3 call": "`s3.list_buckets()` on a client of the same session: not a GenAI call, nothing to add",
}
VERSIONS = {
    "sdk": ("boto3", "botocore"),
    "genotel": ("genotel-instrumentation-bedrock",),
    "openllmetry": ("opentelemetry-instrumentation-bedrock",),
    "official": ("opentelemetry-instrumentation-botocore",),
}
SYSTEM = "You are a terse assistant."
MESSAGES = [{"role": "user", "content": [{"text": "Say hello."}]}]
CLAUDE_BODY = json.dumps(
    {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 256,
        "system": SYSTEM,
        "messages": [{"role": "user", "content": "Say hello."}],
    }
)
_JSON = {"Content-Type": "application/json"}
_CLAUDE_ANSWER = {
    "id": "msg_bdrk_bench",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{"type": "text", "text": "Hello there!"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 24, "output_tokens": 9},
}
_CONVERSE_ANSWER = {
    "output": {"message": {"role": "assistant", "content": [{"text": "Hello there!"}]}},
    "stopReason": "end_turn",
    "usage": {"inputTokens": 24, "outputTokens": 9, "totalTokens": 33},
    "metrics": {"latencyMs": 312},
}
_CONVERSE_STREAM = event_stream(
    [
        ("messageStart", {"role": "assistant"}),
        *(("contentBlockDelta", {"delta": {"text": f"w{i} "}, "contentBlockIndex": 0}) for i in range(CHUNKS)),
        ("contentBlockStop", {"contentBlockIndex": 0}),
        ("messageStop", {"stopReason": "end_turn"}),
        ("metadata", {"usage": {"inputTokens": 24, "outputTokens": CHUNKS, "totalTokens": 24 + CHUNKS}}),
    ]
)
_S3_BUCKETS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    b"<Owner><ID>bench</ID></Owner><Buckets><Bucket><Name>bench-bucket</Name>"
    b"<CreationDate>2025-10-06T09:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>"
)
_ANSWERS: dict[str, tuple[dict[str, str], bytes]] = {
    "/invoke": (
        {
            **_JSON,
            "x-amzn-bedrock-input-token-count": "24",
            "x-amzn-bedrock-output-token-count": "9",
            "x-amzn-bedrock-invocation-latency": "312",
        },
        json.dumps(_CLAUDE_ANSWER).encode(),
    ),
    "/converse": (_JSON, json.dumps(_CONVERSE_ANSWER).encode()),
    "/converse-stream": ({"Content-Type": "application/vnd.amazon.eventstream"}, _CONVERSE_STREAM),
    "/": ({"Content-Type": "application/xml"}, _S3_BUCKETS),
}


def _answer(request: Any, **kwargs: Any) -> Any:
    from botocore.awsrequest import AWSResponse
    from urllib3.response import HTTPResponse

    path = request.url.split("?", 1)[0].split(".amazonaws.com", 1)[1]
    suffix = next(key for key in _ANSWERS if path.endswith(key))
    headers, body = _ANSWERS[suffix]
    raw = HTTPResponse(body=io.BytesIO(body), headers=headers, status=200, preload_content=False)
    return AWSResponse(request.url, 200, {**headers, "Content-Length": str(len(body))}, raw)


def _client(service: str) -> Any:
    import boto3

    client = boto3.client(
        service, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLEBENCH", aws_secret_access_key="bench"
    )
    client.meta.events.register("before-send", _answer)
    return client


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    if is_async:
        return {}
    bedrock, s3 = _client("bedrock-runtime"), _client("s3")
    system = [{"text": SYSTEM}]

    def invoke() -> Any:
        response = bedrock.invoke_model(modelId=CLAUDE, body=CLAUDE_BODY)
        return json.loads(response["body"].read())

    return {
        "bedrock invoke claude": invoke,
        "bedrock converse": lambda: bedrock.converse(modelId=NOVA, system=system, messages=MESSAGES),
        "bedrock converse stream": lambda: bedrock.converse_stream(modelId=NOVA, system=system, messages=MESSAGES)[
            "stream"
        ],
        "bedrock s3 call": s3.list_buckets,
    }


def environment(implementation: str, content: bool) -> dict[str, str]:
    """The official botocore extension reads its own spelling of the capture variable: true or false."""
    if implementation != "official":
        return {}
    return {"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true" if content else "false"}


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.bedrock import BedrockInstrumentor

        BedrockInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.bedrock import BedrockInstrumentor as TraceloopBedrock

        TraceloopBedrock(use_attributes=legacy).instrument(**providers)
    elif implementation == "official":
        from opentelemetry.instrumentation.botocore import BotocoreInstrumentor

        BotocoreInstrumentor().instrument(**providers)
