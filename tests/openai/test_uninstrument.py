"""OpenAIInstrumentor lifecycle: exact restore, re-instrument, no double wrap."""

from __future__ import annotations

import logging

import pytest

from genotel.core.testing import own_attributes
from genotel.instrumentation.openai import OpenAIInstrumentor
from genotel.instrumentation.openai.patch_table import ENDPOINTS

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello to CANARY-PROMPT-7f3a."}]}
CHAT_MODULE = "openai.resources.chat.completions"
RESPONSES_MODULE = "openai.resources.responses"
PATCHED = {
    (CHAT_MODULE, "Completions.create", False),
    (CHAT_MODULE, "AsyncCompletions.create", True),
    (CHAT_MODULE, "Completions.parse", False),
    (CHAT_MODULE, "AsyncCompletions.parse", True),
    ("openai.resources.completions", "Completions.create", False),
    ("openai.resources.completions", "AsyncCompletions.create", True),
    ("openai.resources.embeddings", "Embeddings.create", False),
    ("openai.resources.embeddings", "AsyncEmbeddings.create", True),
    (RESPONSES_MODULE, "Responses.create", False),
    (RESPONSES_MODULE, "AsyncResponses.create", True),
    (RESPONSES_MODULE, "Responses.parse", False),
    (RESPONSES_MODULE, "AsyncResponses.parse", True),
}


def snapshot():
    """What each patched class's own ``__dict__`` holds for every endpoint in the patch table."""
    return own_attributes(ENDPOINTS)


@pytest.fixture
def instrumentor():
    instrumentor = OpenAIInstrumentor()
    assert not instrumentor.is_instrumented_by_opentelemetry
    yield instrumentor
    if instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.uninstrument()


def test_patch_table_names_the_sdk_methods():
    """The public methods genotel wraps, each present in both supported SDK versions (1.92 and latest)."""
    assert {(endpoint.module, endpoint.attribute, endpoint.is_async) for endpoint in ENDPOINTS} == PATCHED
    assert len(snapshot()) == len(ENDPOINTS) == 12


def test_uninstrument_restores_every_attribute_exactly(instrumentor, otel):
    before = snapshot()
    instrumentor.instrument(**otel.providers)
    during = snapshot()
    for endpoint, original in before.items():
        assert during[endpoint] is not original, endpoint.attribute
        assert during[endpoint].__wrapped__ is original, endpoint.attribute
    instrumentor.uninstrument()
    after = snapshot()
    for endpoint, original in before.items():
        assert after[endpoint] is original, endpoint.attribute


def test_no_span_after_uninstrument(instrumentor, otel, client, replay):
    instrumentor.instrument(**otel.providers)
    instrumentor.uninstrument()
    with replay("chat_text"):
        completion = client.chat.completions.create(**CHAT)
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert otel.spans() == []
    assert otel.metric_points() == {}


def test_instrument_uninstrument_instrument_produces_spans_again(instrumentor, otel, client, replay):
    instrumentor.instrument(**otel.providers)
    with replay("chat_text"):
        client.chat.completions.create(**CHAT)
    instrumentor.uninstrument()
    with replay("chat_text"):
        client.chat.completions.create(**CHAT)
    assert len(otel.spans()) == 1
    instrumentor.instrument(**otel.providers)
    with replay("chat_text"):
        completion = client.chat.completions.create(**CHAT)
    assert completion.choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"
    spans = otel.spans()
    assert [span.name for span in spans] == ["chat gpt-4o-mini", "chat gpt-4o-mini"]
    assert spans[1].attributes["gen_ai.response.id"] == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"


def test_reinstrument_uses_the_new_configuration(instrumentor, otel, client, replay):
    instrumentor.instrument(semconv="1.36", **otel.providers)
    instrumentor.uninstrument()
    instrumentor.instrument(semconv="latest", **otel.providers)
    with replay("chat_text"):
        client.chat.completions.create(**CHAT)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.provider.name"] == "openai"
    assert "gen_ai.system" not in span.attributes


def test_instrument_twice_does_not_double_wrap(instrumentor, otel, client, replay, caplog):
    assert OpenAIInstrumentor() is instrumentor  # BaseInstrumentor is a singleton
    instrumentor.instrument(**otel.providers)
    wrapped = snapshot()
    with caplog.at_level(logging.WARNING):
        OpenAIInstrumentor().instrument(**otel.providers)
    assert "Attempting to instrument while already instrumented" in caplog.text
    assert snapshot() == wrapped
    for endpoint, current in snapshot().items():
        assert current is wrapped[endpoint]
    with replay("chat_text"):
        client.chat.completions.create(**CHAT)
    (span,) = otel.spans()
    assert span.name == "chat gpt-4o-mini"
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


async def test_async_no_span_after_uninstrument(instrumentor, otel, async_client, replay):
    instrumentor.instrument(**otel.providers)
    with replay("chat_text"):
        await async_client.chat.completions.create(**CHAT)
    instrumentor.uninstrument()
    with replay("chat_text"):
        await async_client.chat.completions.create(**CHAT)
    assert [span.name for span in otel.spans()] == ["chat gpt-4o-mini"]


def test_instrumentation_dependencies_name_the_sdk():
    assert list(OpenAIInstrumentor().instrumentation_dependencies()) == ["openai >= 1.92.0"]
