"""embeddings.create / create_async: operation embeddings, inputs as user prompts (content on), no vectors."""

from __future__ import annotations

import inspect

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import check
from tests.mistralai.scenarios import SERVER

INPUTS = ["Embed CANARY-PROMPT-7f3a.", "A second sentence."]
EXPECTED = Expected(
    span_name="embeddings mistral-embed",
    provider_latest="mistral_ai",
    base={
        "gen_ai.operation.name": "embeddings",
        "gen_ai.system": "mistral_ai",
        "gen_ai.request.model": "mistral-embed",
        **SERVER,
        "gen_ai.response.id": "9b3e7d1c5a8f4e2096d0c4b8a2f6e1d3",
        "gen_ai.response.model": "mistral-embed",
        "gen_ai.usage.input_tokens": 15,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": INPUTS[0],
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": INPUTS[1],
    },
    events=[("gen_ai.user.message", {"content": INPUTS[0]}), ("gen_ai.user.message", {"content": INPUTS[1]})],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": INPUTS[0]}]},
            {"role": "user", "parts": [{"type": "text", "content": INPUTS[1]}]},
        ]
    },
)


def test_embeddings(otel, mode, instrument, call, replay):
    with replay("embeddings"):
        response = call(lambda sdk: sdk.embeddings.create(model="mistral-embed", inputs=INPUTS))
    assert type(response).__name__ == "EmbeddingResponse"
    assert len(response.data) == 2 and len(response.data[0].embedding) == 1024
    check(otel, mode, EXPECTED, {"input": 15})
    vector_start = repr(response.data[0].embedding[0])
    assert_no_canary(otel, (vector_start,))  # vectors are never recorded, content on or off


def test_dimension_and_encoding_from_the_request(otel, instrument, client, replay):
    """``encoding_format`` and, where the SDK takes it (newer than 1.9), ``output_dimension`` are request attributes."""
    options = {"encoding_format": "float"}
    takes_dimension = "output_dimension" in inspect.signature(type(client.embeddings).create).parameters
    if takes_dimension:
        options["output_dimension"] = 1024
    with replay("embeddings"):
        client.embeddings.create(model="mistral-embed", inputs=INPUTS, **options)
    (span,) = otel.spans()
    assert list(span.attributes["gen_ai.request.encoding_formats"]) == ["float"]
    assert span.attributes.get("gen_ai.embeddings.dimension.count") == (1024 if takes_dimension else None)
