"""Azure OpenAI clients: the provider is Azure's, the server is the resource endpoint, port 443."""

from __future__ import annotations

import openai
import pytest
from scenarios import assert_metrics

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

ENDPOINT = "https://genotel-test.openai.azure.com"
REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello from Azure"}]}
ANSWER = "Hello! How can I assist you today?"

EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="azure.ai.openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "az.ai.openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "server.address": "genotel-test.openai.azure.com",
        "server.port": 443,
        "gen_ai.response.id": "chatcmpl-BobJgytgm4hFYRmP2lM8M9ckDfAAz",
        "gen_ai.response.model": "gpt-4o-mini",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.output_tokens": 10,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Hello from Azure",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": "Hello from Azure"}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Hello from Azure"}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
    },
)


@pytest.fixture
def client():
    """Overrides conftest's clients, so the ``call`` fixture makes its calls with Azure's."""
    return openai.AzureOpenAI(api_key="test", api_version="2024-10-21", azure_endpoint=ENDPOINT, max_retries=0)


@pytest.fixture
def async_client():
    return openai.AsyncAzureOpenAI(api_key="test", api_version="2024-10-21", azure_endpoint=ENDPOINT, max_retries=0)


def test_azure(otel, mode, instrument, call, replay):
    assert type(call.sdk).__name__ in ("AzureOpenAI", "AsyncAzureOpenAI")
    with replay("azure_chat"):
        completion = call(lambda sdk: sdk.chat.completions.create(**REQUEST))
    assert completion.id == "chatcmpl-BobJgytgm4hFYRmP2lM8M9ckDfAAz"
    assert completion.choices[0].message.content == ANSWER
    assert_telemetry(otel, mode, EXPECTED)
    # Neither the deployment path nor the api-version query of the request URL is telemetry.
    assert_no_canary(otel, ("deployments", "api-version", "2024-10-21"))
    if not mode.capture_content:
        assert_no_canary(otel, ("Hello from Azure", "assist you"))
    metric = {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini",
        "server.address": "genotel-test.openai.azure.com",
        "server.port": 443,
    }
    assert_metrics(otel, mode, metric, {"input": 11, "output": 10}, system="az.ai.openai", provider="azure.ai.openai")
