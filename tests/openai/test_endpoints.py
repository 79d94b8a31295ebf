"""completions.create and embeddings.create, sync and async, in every mode.

Legacy Completions prompts are role ``user``; embeddings inputs are user prompts when content is
captured, one per input, and their vectors are never recorded.
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_telemetry
from tests.openai.scenarios import (
    COMPLETION,
    COMPLETIONS_BASE,
    COMPLETIONS_CONTENT,
    COMPLETIONS_METRIC,
    COMPLETIONS_REQUEST,
    SERVER,
    assert_metrics,
    check_telemetry,
)

COMPLETIONS = Expected(
    span_name="text_completion gpt-3.5-turbo-instruct",
    provider_latest="openai",
    base={
        **COMPLETIONS_BASE,
        "gen_ai.response.id": "cmpl-Bon9y4Csl4EUILirNy0ZtjgFm6EbT",
        "gen_ai.usage.input_tokens": 5,
        "gen_ai.usage.output_tokens": 7,
    },
    **COMPLETIONS_CONTENT,
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
        "gen_ai.embeddings.dimension.count": 8,
        "gen_ai.request.encoding_formats": ["float"],
        **SERVER,
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


def test_completions_text(otel, mode, instrument, call, replay):
    with replay("completions_text"):
        completion = call(lambda sdk: sdk.completions.create(**COMPLETIONS_REQUEST))
    assert completion.id == "cmpl-Bon9y4Csl4EUILirNy0ZtjgFm6EbT"
    assert completion.choices[0].text == COMPLETION
    assert completion.choices[0].finish_reason == "length"
    assert_telemetry(otel, mode, COMPLETIONS)


def test_completions_text_metrics(otel, mode, instrument, client, replay):
    with replay("completions_text"):
        client.completions.create(**COMPLETIONS_REQUEST)
    assert_metrics(otel, mode, COMPLETIONS_METRIC, {"input": 5, "output": 7})


def _assert_no_vector(otel):
    """No embedding value appears anywhere in the exported telemetry."""
    exported = repr(
        [dict(span.attributes) for span in otel.spans()] + [(event.body, event.attributes) for event in otel.events()]
    )
    for value in ("0.4112604", "-0.07158408", "0.55500189", "0.40530702"):
        assert value not in exported


def test_embeddings(otel, mode, instrument, call, replay):
    with replay("embeddings"):
        result = call(lambda sdk: sdk.embeddings.create(**EMBEDDINGS_REQUEST))
    assert [item.index for item in result.data] == [0, 1]
    assert result.data[0].embedding[0] == 0.4112604
    assert result.data[1].embedding[0] == -0.07158408
    check_telemetry(otel, mode, EMBEDDINGS)
    _assert_no_vector(otel)


def test_embeddings_single_string_input_is_one_prompt(otel, mode, instrument, client, replay):
    """``input="..."`` is one user prompt (the cassette answers the same whatever the body)."""
    with replay("embeddings"):
        client.embeddings.create(model="text-embedding-3-small", input="CANARY-PROMPT-7f3a only")
    unrequested = ("gen_ai.embeddings.dimension.count", "gen_ai.request.encoding_formats")
    expected = Expected(
        span_name=EMBEDDINGS.span_name,
        provider_latest="openai",
        base={key: value for key, value in EMBEDDINGS.base.items() if key not in unrequested},
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
    metric = {
        "gen_ai.operation.name": "embeddings",
        "gen_ai.request.model": "text-embedding-3-small",
        "gen_ai.response.model": "text-embedding-3-small",
        **SERVER,
    }
    assert_metrics(otel, mode, metric, {"input": 7})
