"""invoke_model and invoke_model_with_response_stream, every family, through boto3 and aioboto3,
in every mode: the span, events and metrics key by key, and the application's own result unchanged."""

from __future__ import annotations

import json

import pytest

from genotel.core.testing import Expected
from tests.bedrock.expect import base, check, family_expected
from tests.bedrock.invoke_cases import CASES, COHERE_EMBED_ID
from tests.bedrock.scenarios import HELLO, SCENARIOS

NON_STREAM = sorted(CASES)
STREAMED = sorted(name for name in CASES if f"invoke_stream_{name}" in SCENARIOS)


@pytest.mark.parametrize("family", NON_STREAM)
def test_invoke_model(family, otel, mode, instrument, call, replay):
    scenario = SCENARIOS[f"invoke_{family}"]
    with replay(scenario.name):
        response, data = call.invoke(scenario.model, scenario.request)
    assert json.loads(data) == scenario.response  # the application reads the whole body, as sent
    assert response["contentType"] == "application/json"
    assert HELLO in data.decode()
    check(otel, mode, family_expected(CASES[family], scenario))


@pytest.mark.parametrize("family", STREAMED)
def test_invoke_model_with_response_stream(family, otel, mode, instrument, call, replay):
    scenario = SCENARIOS[f"invoke_stream_{family}"]
    events: list = []
    with replay(scenario.name):
        call.invoke_stream(scenario.model, scenario.request, events)
    sent = [json.loads(event["chunk"]["bytes"]) for event in events]
    assert sent == [body for _, body in scenario.response]  # every chunk, unchanged
    check(otel, mode, family_expected(CASES[family], scenario))


@pytest.mark.parametrize("name", ["invoke_unknown", "invoke_stream_unknown"])
def test_a_body_of_no_known_family_gets_a_complete_span_without_content(name, otel, mode, instrument, call, replay):
    scenario = SCENARIOS[name]
    with replay(name):
        if scenario.stream:
            events: list = []
            call.invoke_stream(scenario.model, scenario.request, events)
            assert len(events) == 1
        else:
            _, data = call.invoke(scenario.model, scenario.request)
            assert json.loads(data) == {"answer": HELLO}
    usage = {"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 9}
    expected = Expected(
        span_name=f"chat {scenario.model}",
        provider_latest="aws.bedrock",
        stream=scenario.stream,
        base=base("chat", scenario.model, **usage),
    )
    check(otel, mode, expected)


EMBEDDINGS = {
    "invoke_titan_embed": ({"gen_ai.usage.input_tokens": 11}, None),
    "invoke_cohere_embed": ({"gen_ai.usage.input_tokens": 15, "gen_ai.usage.output_tokens": 0}, COHERE_EMBED_ID),
}


@pytest.mark.parametrize("name", sorted(EMBEDDINGS))
def test_embedding_models(name, otel, mode, instrument, call, replay):
    """``embeddings`` spans: each input a user message when content is captured, never a vector."""
    scenario = SCENARIOS[name]
    with replay(name):
        _, data = call.invoke(scenario.model, scenario.request)
    assert json.loads(data) == scenario.response
    usage, response_id = EMBEDDINGS[name]
    texts = scenario.request.get("texts") or [scenario.request["inputText"]]
    expected = Expected(
        span_name=f"embeddings {scenario.model}",
        provider_latest="aws.bedrock",
        base=base(
            "embeddings", scenario.model, **usage, **({"gen_ai.response.id": response_id} if response_id else {})
        ),
        legacy={
            key: value
            for index, text in enumerate(texts)
            for key, value in ((f"gen_ai.prompt.{index}.role", "user"), (f"gen_ai.prompt.{index}.content", text))
        },
        events=[("gen_ai.user.message", {"content": text}) for text in texts],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": t}]} for t in texts]},
    )
    check(otel, mode, expected)
