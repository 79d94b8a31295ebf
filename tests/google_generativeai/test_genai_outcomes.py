"""google-genai: several candidates, Vertex AI, embeddings, a blocked prompt, an API error."""

from __future__ import annotations

import pytest
from google import genai
from google.genai import errors
from google.oauth2.credentials import Credentials

from genotel.core.testing import Call, Expected
from tests.google_generativeai.gemini_scenarios import (
    BASE,
    HELLO,
    HELLO_CONFIG,
    HELLO_REQUEST_ATTRIBUTES,
    HELLO_TOKENS,
    MODEL,
    PROMPT,
    VERTEX_ID,
    api_id,
    check,
    hello_expected,
)

COLOUR = "Name a colour."


def candidates_expected() -> Expected:
    """Two candidates are two choices; the thought part is reasoning; cached tokens count in the input."""
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        base={
            **BASE,
            "gen_ai.request.max_tokens": 5,
            "gen_ai.request.choice.count": 2,
            **api_id("38bvaOz3H4qoz7IPw5PWuAE"),
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["STOP", "MAX_TOKENS"],
            "gen_ai.usage.input_tokens": 5,
            "gen_ai.usage.output_tokens": 13,
            "gen_ai.usage.cache_read.input_tokens": 4,
            "gen_ai.usage.reasoning.output_tokens": 6,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": COLOUR,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": "Teal.",
            "gen_ai.completion.0.finish_reason": "STOP",
            "gen_ai.completion.0.reasoning": "The user wants one colour.",
            "gen_ai.completion.1.role": "assistant",
            "gen_ai.completion.1.content": "A lovely shade",
            "gen_ai.completion.1.finish_reason": "MAX_TOKENS",
        },
        events=[
            ("gen_ai.user.message", {"content": COLOUR}),
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Teal."}},
            ),
            (
                "gen_ai.choice",
                {"index": 1, "finish_reason": "length", "message": {"role": "assistant", "content": "A lovely shade"}},
            ),
        ],
        latest={
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": COLOUR}]}],
            "gen_ai.output.messages": [
                {
                    "role": "assistant",
                    "parts": [
                        {"type": "reasoning", "content": "The user wants one colour."},
                        {"type": "text", "content": "Teal."},
                    ],
                    "finish_reason": "stop",
                },
                {
                    "role": "assistant",
                    "parts": [{"type": "text", "content": "A lovely shade"}],
                    "finish_reason": "length",
                },
            ],
        },
    )


def test_several_candidates_are_several_choices(otel, mode, instrument, call, replay):
    config = {"candidate_count": 2, "max_output_tokens": 5}
    with replay("genai_candidates"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=COLOUR, config=config))
    assert len(response.candidates) == 2
    check(otel, mode, candidates_expected(), {"input": 5, "output": 13}, canaries=("Teal", "colour"))


VERTEX_SERVER = {"server.address": "us-central1-aiplatform.googleapis.com", "server.port": 443}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_vertex_ai(otel, mode, instrument, replay, is_async):
    """A fixed access token: the SDK refreshes nothing, so no Google credentials are needed offline."""
    credentials = Credentials(token="ya29.test-not-a-real-token")
    client = genai.Client(vertexai=True, project="genotel-test", location="us-central1", credentials=credentials)
    call = Call(client.aio if is_async else client, is_async)
    with replay("genai_vertex"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=PROMPT, config=HELLO_CONFIG))
    assert response.text == HELLO
    base = {**HELLO_REQUEST_ATTRIBUTES, "gen_ai.system": "vertex_ai", **VERTEX_SERVER}
    check(otel, mode, hello_expected(VERTEX_ID, base=base, provider_latest="gcp.vertex_ai"), HELLO_TOKENS)


EMBED_INPUTS = ["CANARY-PROMPT-7f3a one", "two"]


def test_embed_content(otel, mode, instrument, call, replay):
    with replay("genai_embed"):
        response = call(
            lambda sdk: sdk.models.embed_content(
                model="gemini-embedding-001", contents=EMBED_INPUTS, config={"output_dimensionality": 4}
            )
        )
    assert [len(embedding.values) for embedding in response.embeddings] == [4, 4]
    expected = Expected(
        span_name="embeddings gemini-embedding-001",
        provider_latest="gcp.gemini",
        base={
            "gen_ai.operation.name": "embeddings",
            "gen_ai.system": "gemini",
            "gen_ai.request.model": "gemini-embedding-001",
            "server.address": "generativelanguage.googleapis.com",
            "server.port": 443,
            "gen_ai.embeddings.dimension.count": 4,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": EMBED_INPUTS[0],
            "gen_ai.prompt.1.role": "user",
            "gen_ai.prompt.1.content": EMBED_INPUTS[1],
        },
        events=[("gen_ai.user.message", {"content": text}) for text in EMBED_INPUTS],
        latest={
            "gen_ai.input.messages": [
                {"role": "user", "parts": [{"type": "text", "content": text}]} for text in EMBED_INPUTS
            ]
        },
    )
    check(otel, mode, expected, {}, canaries=("CANARY-PROMPT-7f3a",))


def test_a_blocked_prompt_has_usage_and_no_choice(otel, mode, instrument, call, replay):
    with replay("genai_blocked"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=PROMPT))
    assert response.prompt_feedback.block_reason.name == "SAFETY"
    assert not response.candidates
    expected = Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        base={
            **BASE,
            **api_id("F8fvaL3jJtKoz7IPz8a3wQ4"),
            "gen_ai.response.model": MODEL,
            "gen_ai.usage.input_tokens": 9,
            # promptFeedback.blockReason, and the category rated HIGH behind it.
            "gen_ai.policy.violation": True,
            "gen_ai.policy.action": ["SAFETY"],
            "gen_ai.policy.confidence": ["HIGH"],
            "gen_ai.compliance.request_triggered": True,
            "gen_ai.compliance.violation_detected": True,
            "gen_ai.compliance.violation_code": ["HARM_CATEGORY_DANGEROUS_CONTENT"],
        },
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": PROMPT},
        events=[("gen_ai.user.message", {"content": PROMPT})],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}]},
    )
    check(otel, mode, expected, {"input": 9})


def test_api_error(otel, mode, instrument, call, replay):
    with replay("genai_error_400"), pytest.raises(errors.ClientError) as raised:
        call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=PROMPT, config={"max_output_tokens": -1}))
    assert raised.value.code == 400
    # the API's own message describes the request, not its content: recorded in every mode
    (span,) = otel.spans()
    assert span.status.description == str(raised.value)
    assert "max_output_tokens: must be positive" in span.status.description
    expected = Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        error=True,
        base={**BASE, "gen_ai.request.max_tokens": -1, "error.type": "ClientError"},
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": PROMPT},
        events=[("gen_ai.user.message", {"content": PROMPT})],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}]},
    )
    check(otel, mode, expected, {})
