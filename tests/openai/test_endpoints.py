"""completions.create and embeddings.create, sync and async, in every mode.

Legacy Completions prompts are role ``user``; embeddings inputs are user prompts when content is
captured, one per input, and their vectors are never recorded.
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]

COMPLETIONS_REQUEST = {
    "model": "gpt-3.5-turbo-instruct",
    "prompt": "Say this is a test",
    "max_tokens": 7,
    "temperature": 0,
}

COMPLETIONS = Expected(
    span_name="text_completion gpt-3.5-turbo-instruct",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "text_completion",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-3.5-turbo-instruct",
        "gen_ai.request.max_tokens": 7,
        "gen_ai.request.temperature": 0,
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.id": "cmpl-Bon9y4Csl4EUILirNy0ZtjgFm6EbT",
        "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
        "gen_ai.response.finish_reasons": ["length"],
        "gen_ai.usage.input_tokens": 5,
        "gen_ai.usage.output_tokens": 7,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Say this is a test",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "\n\nThis is a test.",
        "gen_ai.completion.0.finish_reason": "length",
    },
    events=[
        ("gen_ai.user.message", {"content": "Say this is a test"}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": "\n\nThis is a test."}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Say this is a test"}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": "\n\nThis is a test."}],
                "finish_reason": "length",
            }
        ],
    },
)

EMBEDDINGS_REQUEST = {
    "model": "text-embedding-3-small",
    "input": ["CANARY-PROMPT-7f3a first", "second text"],
    "dimensions": 8,
    "encoding_format": "float",
}

EMBEDDINGS = Expected(
    span_name="embeddings text-embedding-3-small",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "embeddings",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "text-embedding-3-small",
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.model": "text-embedding-3-small",
        "gen_ai.usage.input_tokens": 7,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "CANARY-PROMPT-7f3a first",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "second text",
    },
    events=[
        ("gen_ai.user.message", {"content": "CANARY-PROMPT-7f3a first"}),
        ("gen_ai.user.message", {"content": "second text"}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": "CANARY-PROMPT-7f3a first"}]},
            {"role": "user", "parts": [{"type": "text", "content": "second text"}]},
        ],
    },
)


def _check_completion(otel, mode, completion):
    assert completion.id == "cmpl-Bon9y4Csl4EUILirNy0ZtjgFm6EbT"
    assert completion.choices[0].text == "\n\nThis is a test."
    assert completion.choices[0].finish_reason == "length"
    assert_telemetry(otel, mode, COMPLETIONS)


def test_completions_text_sync(otel, mode, instrument, client, replay):
    with replay("completions_text"):
        completion = client.completions.create(**COMPLETIONS_REQUEST)
    _check_completion(otel, mode, completion)


async def test_completions_text_async(otel, mode, instrument, async_client, replay):
    with replay("completions_text"):
        completion = await async_client.completions.create(**COMPLETIONS_REQUEST)
    _check_completion(otel, mode, completion)


def test_completions_text_metrics(otel, mode, instrument, client, replay):
    with replay("completions_text"):
        client.completions.create(**COMPLETIONS_REQUEST)
    provider_key = "gen_ai.provider.name" if mode.latest else "gen_ai.system"
    attributes = {
        "gen_ai.operation.name": "text_completion",
        provider_key: "openai",
        "gen_ai.request.model": "gpt-3.5-turbo-instruct",
        "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
        "server.address": "api.openai.com",
        "server.port": 443,
    }
    points = otel.metric_points()
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == attributes
    assert list(duration.explicit_bounds) == DURATION_BUCKETS
    tokens = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
    assert {kind: (point.sum, point.count) for kind, point in tokens.items()} == {"input": (5, 1), "output": (7, 1)}


def _check_embeddings(otel, mode, result):
    assert [item.index for item in result.data] == [0, 1]
    assert result.data[0].embedding[0] == 0.4112604
    assert result.data[1].embedding[0] == -0.07158408
    assert_telemetry(otel, mode, EMBEDDINGS)
    _assert_no_vector(otel)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def _assert_no_vector(otel):
    """No embedding value appears anywhere in the exported telemetry."""
    exported = repr(
        [dict(span.attributes) for span in otel.spans()] + [(event.body, event.attributes) for event in otel.events()]
    )
    for value in ("0.4112604", "-0.07158408", "0.55500189", "0.40530702"):
        assert value not in exported


def test_embeddings_sync(otel, mode, instrument, client, replay):
    with replay("embeddings"):
        result = client.embeddings.create(**EMBEDDINGS_REQUEST)
    _check_embeddings(otel, mode, result)


async def test_embeddings_async(otel, mode, instrument, async_client, replay):
    with replay("embeddings"):
        result = await async_client.embeddings.create(**EMBEDDINGS_REQUEST)
    _check_embeddings(otel, mode, result)


def test_embeddings_single_string_input_is_one_prompt(otel, mode, instrument, client, replay):
    """``input="..."`` is one user prompt (the cassette answers the same whatever the body)."""
    with replay("embeddings"):
        client.embeddings.create(model="text-embedding-3-small", input="CANARY-PROMPT-7f3a only")
    expected = Expected(
        span_name=EMBEDDINGS.span_name,
        provider_latest="openai",
        base=EMBEDDINGS.base,
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "CANARY-PROMPT-7f3a only"},
        events=[("gen_ai.user.message", {"content": "CANARY-PROMPT-7f3a only"})],
        latest={
            "gen_ai.input.messages": [
                {"role": "user", "parts": [{"type": "text", "content": "CANARY-PROMPT-7f3a only"}]}
            ]
        },
    )
    assert_telemetry(otel, mode, expected)


def test_embeddings_metrics_have_input_tokens_only(otel, mode, instrument, client, replay):
    with replay("embeddings"):
        client.embeddings.create(**EMBEDDINGS_REQUEST)
    points = otel.metric_points()
    (usage,) = points["gen_ai.client.token.usage"]
    provider_key = "gen_ai.provider.name" if mode.latest else "gen_ai.system"
    assert dict(usage.attributes) == {
        "gen_ai.operation.name": "embeddings",
        provider_key: "openai",
        "gen_ai.request.model": "text-embedding-3-small",
        "gen_ai.response.model": "text-embedding-3-small",
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.token.type": "input",
    }
    assert (usage.sum, usage.count) == (7, 1)
