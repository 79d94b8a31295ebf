"""Claude through AWS Bedrock and Google Vertex AI clients: the platform is the provider.

Both clients move the model into the URL; the span keeps the model id exactly as passed (the
Bedrock "us." inference-profile id, the Vertex "@" version) and names the platform's host.
Client arguments are INDEX.md's; the SDK's own spans (anthropic >= 2) go to the test exporter.
"""

from __future__ import annotations

import anthropic
import pytest

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import (
    END_TURN,
    HELLO,
    HELLO_MESSAGES,
    HELLO_TOKENS,
    MODEL,
    NO_CACHE,
    PROMPT,
    SYSTEM,
    Call,
    check,
    sdk_tracing,
    text_exchange,
)

BEDROCK_OPTIONS = {
    "aws_access_key": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aws_region": "us-east-1",
    "max_retries": 0,
}
VERTEX_OPTIONS = {"region": "us-east5", "project_id": "genotel-test", "access_token": "test-token", "max_retries": 0}
BEDROCK_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
VERTEX_MODEL = "claude-sonnet-4-5@20250929"
SECRETS = ("wJalrXUtnFEMI", "AKIAIOSFODNN7EXAMPLE", "test-token")


def platform_expected(model: str, system: str, provider_latest: str, host: str, response_id: str) -> Expected:
    """messages_text's exchange (no sampling parameters) on a platform client."""
    return Expected(
        span_name=f"chat {model}",
        provider_latest=provider_latest,
        base={
            "gen_ai.operation.name": "chat",
            "gen_ai.system": system,
            "gen_ai.request.model": model,
            "gen_ai.request.max_tokens": 256,
            "server.address": host,
            "server.port": 443,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,  # the body's model, without the platform's decorations
            "gen_ai.response.finish_reasons": ["end_turn"],
            "gen_ai.usage.input_tokens": 21,
            "gen_ai.usage.output_tokens": 12,
            **NO_CACHE,
        },
        **text_exchange(PROMPT, HELLO, END_TURN, system=SYSTEM),
    )


@pytest.fixture(params=["sync", "async"])
def bedrock(request, otel) -> Call:
    client_class = anthropic.AsyncAnthropicBedrock if request.param == "async" else anthropic.AnthropicBedrock
    return Call(client_class(**BEDROCK_OPTIONS, **sdk_tracing(otel, client_class)))


@pytest.fixture(params=["sync", "async"])
def vertex(request, otel) -> Call:
    client_class = anthropic.AsyncAnthropicVertex if request.param == "async" else anthropic.AnthropicVertex
    return Call(client_class(**VERTEX_OPTIONS, **sdk_tracing(otel, client_class)))


def test_bedrock_messages(otel, mode, instrument, bedrock, replay):
    request = {"model": BEDROCK_MODEL, "max_tokens": 256, "system": SYSTEM, "messages": HELLO_MESSAGES}
    with replay("bedrock_messages"):
        message = bedrock(lambda sdk: sdk.messages.create(**request))
    assert message.id == "msg_bdrk_01WksrUmWKKmz4w8dJMoPVeV"
    assert message.content[0].text == HELLO
    expected = platform_expected(
        BEDROCK_MODEL,
        "aws.bedrock",
        "aws.bedrock",
        "bedrock-runtime.us-east-1.amazonaws.com",
        "msg_bdrk_01WksrUmWKKmz4w8dJMoPVeV",
    )
    check(otel, mode, expected, HELLO_TOKENS)
    assert_no_canary(otel, SECRETS)  # credentials: never, in any mode


def test_vertex_messages(otel, mode, instrument, vertex, replay):
    request = {"model": VERTEX_MODEL, "max_tokens": 256, "system": SYSTEM, "messages": HELLO_MESSAGES}
    with replay("vertex_messages"):
        message = vertex(lambda sdk: sdk.messages.create(**request))
    assert message.id == "msg_vrtx_01E7rWtgAGFVcCtNSjXRWu5f"
    assert message.content[0].text == HELLO
    expected = platform_expected(
        VERTEX_MODEL,
        "vertex_ai",
        "gcp.vertex_ai",
        "us-east5-aiplatform.googleapis.com",
        "msg_vrtx_01E7rWtgAGFVcCtNSjXRWu5f",
    )
    check(otel, mode, expected, HELLO_TOKENS)
    assert_no_canary(otel, SECRETS)  # credentials: never, in any mode
