"""Azure OpenAI clients: the provider is Azure's, the server is the resource endpoint, port 443."""

from __future__ import annotations

import openai
import pytest

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.openai.scenarios import assert_metrics

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
        # Azure's content filters ran on the prompt (jailbreak included) and the answer: nothing flagged.
        "gen_ai.policy.violation": False,
        "gen_ai.compliance.request_triggered": False,
        "gen_ai.compliance.response_triggered": False,
        "gen_ai.compliance.violation_detected": False,
        "gen_ai.threat.detected": False,
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


# --- azure_chat_stream: Azure's first chunk is a prompt-filter annotation (empty id, model, choices) ---

STREAM_ID = "chatcmpl-BobKQz7rVt2mXn4Lp8Jd0Hs6Wc1Ey"
STREAM_EXPECTED = Expected(
    span_name=EXPECTED.span_name,
    provider_latest=EXPECTED.provider_latest,
    stream=True,
    base={**EXPECTED.base, "gen_ai.response.id": STREAM_ID, "gen_ai.response.model": "gpt-4o-mini-2024-07-18"},
    legacy=EXPECTED.legacy,
    events=EXPECTED.events,
    latest=EXPECTED.latest,
)


def test_azure_stream_keeps_the_response_id_and_model(otel, mode, instrument, call, replay):
    request = {**REQUEST, "stream": True, "stream_options": {"include_usage": True}}
    with replay("azure_chat_stream"):
        chunks = call(lambda sdk: sdk.chat.completions.create(**request), into=[])
    assert (chunks[0].id, chunks[0].model, chunks[0].choices) == ("", "", [])  # the annotation, as Azure sends it
    assert "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices) == ANSWER
    assert_telemetry(otel, mode, STREAM_EXPECTED)
    metric = {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "server.address": "genotel-test.openai.azure.com",
        "server.port": 443,
    }
    tokens = {"input": 11, "output": 10}
    assert_metrics(otel, mode, metric, tokens, stream=True, system="az.ai.openai", provider="azure.ai.openai")


def test_time_to_first_chunk_counts_from_the_first_output(otel, mode, instrument, client, replay, monkeypatch):
    """The annotation chunk is not the first chunk: the clock stops at the first chunk with a choice."""
    import genotel.core.invocation as invocation

    now = [0.0]
    monkeypatch.setattr(invocation, "perf_counter", lambda: now[0])
    with replay("azure_chat_stream"):
        stream = client.chat.completions.create(**REQUEST, stream=True)  # starts at 0
        now[0] = 1.0
        next(stream)  # the annotation
        now[0] = 2.0
        next(stream)  # the first chunk with a choice
        list(stream)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.time_to_first_chunk"] == 2.0
