"""ClientV2 and v1 ``Client`` ``embed``: operation embeddings, texts as user prompts (content on), no
vectors; usage from ``meta.billed_units`` (embed reports no ``tokens``)."""

from __future__ import annotations

import cohere

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import check
from tests.cohere.scenarios import SERVER

TEXTS = ["Embed CANARY-PROMPT-7f3a.", "A second sentence."]
REQUEST = {
    "model": "embed-english-v3.0",
    "texts": TEXTS,
    "input_type": "search_document",
    "embedding_types": ["float"],
}
EXPECTED = Expected(
    span_name="embeddings embed-english-v3.0",
    provider_latest="cohere",
    base={
        "gen_ai.operation.name": "embeddings",
        "gen_ai.system": "cohere",
        "gen_ai.request.model": "embed-english-v3.0",
        **SERVER,
        "gen_ai.request.encoding_formats": ["float"],
        "cohere.embed.input_type": "search_document",
        "gen_ai.response.id": "5807ee2e-0cda-445a-9ec8-864c60a06606",
        "gen_ai.embeddings.dimension.count": 1024,  # the returned vectors' length: none was requested
        "gen_ai.usage.input_tokens": 12,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": TEXTS[0],
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": TEXTS[1],
    },
    events=[("gen_ai.user.message", {"content": TEXTS[0]}), ("gen_ai.user.message", {"content": TEXTS[1]})],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": TEXTS[0]}]},
            {"role": "user", "parts": [{"type": "text", "content": TEXTS[1]}]},
        ]
    },
)


def test_embed(otel, mode, instrument, call, replay):
    with replay("v2_embed"):
        response = call(lambda sdk: sdk.embed(**REQUEST))
    assert isinstance(response, cohere.EmbedByTypeResponse)
    assert len(response.embeddings.float_) == 2 and len(response.embeddings.float_[0]) == 1024
    check(otel, mode, EXPECTED, {"input": 12})
    assert_no_canary(otel, (repr(response.embeddings.float_[0][0]),))  # vectors never recorded


def test_requested_dimension(otel, instrument, client, replay):
    with replay("v2_embed"):
        client.embed(**REQUEST, output_dimension=1024)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.embeddings.dimension.count"] == 1024


V1_EXPECTED = Expected(
    span_name=EXPECTED.span_name,
    provider_latest="cohere",
    base={
        key: value
        for key, value in {**EXPECTED.base, "gen_ai.response.id": "3b1d5f7a-9c2e-4d6f-8a0b-2c4e6f8a0b1d"}.items()
        if key != "gen_ai.request.encoding_formats"  # none requested: v1 answers with float vectors
    },
    legacy=EXPECTED.legacy,
    events=EXPECTED.events,
    latest=EXPECTED.latest,
)


def test_v1_embed(otel, mode, instrument, v1, replay):
    """v1 ``Client.embed`` (LangChain's ``CohereEmbeddings`` calls it): one span for the call, whose
    texts the SDK sends in batches from a thread pool."""
    with replay("v1_embed"):
        response = v1(lambda sdk: sdk.embed(texts=TEXTS, model="embed-english-v3.0", input_type="search_document"))
    assert isinstance(response, cohere.EmbeddingsFloatsEmbedResponse) and len(response.embeddings[0]) == 1024
    check(otel, mode, V1_EXPECTED, {"input": 12})
    assert_no_canary(otel, (repr(response.embeddings[0][0]),))


def test_v1_embed_without_batching(otel, instrument, replay):
    with replay("v1_embed"):
        cohere.Client(api_key="test-cohere-key-not-real").embed(texts=TEXTS, model="embed-english-v3.0", batching=False)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.usage.input_tokens"] == 12
