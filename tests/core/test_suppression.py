"""Suppression: no span when OpenTelemetry instrumentation is suppressed, no nested duplicate span.

The user's result is the same object the SDK returned in every case.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openai
import pytest
from opentelemetry import trace
from opentelemetry.instrumentation.utils import suppress_instrumentation

from genotel.core import Config, Endpoint
from genotel.core.invocation import Telemetry
from genotel.core.patching import apply, revert
from genotel.core.testing import cassette, instrumented
from genotel.instrumentation.openai import OpenAIInstrumentor
from tests.core.fake_sdk import ADAPTER, build, endpoints

SDK = "genotel_tests_fake_sdk_suppression"
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello to CANARY-PROMPT-7f3a."}]}


@pytest.fixture
def patched(monkeypatch, otel):
    """The fake SDK, instrumented with the harness providers for the test."""
    module = build(SDK)
    monkeypatch.setitem(sys.modules, SDK, module)
    patches = apply(endpoints(SDK), Telemetry(Config(**otel.providers), "test", "0"))
    yield module
    revert(patches)


def test_no_span_when_instrumentation_is_suppressed(patched, otel):
    with suppress_instrumentation():
        result = patched.Resource().create(model="m")
    assert result == {"id": f"{SDK}-create", "model": "m"}
    assert otel.spans() == []
    assert otel.metric_points() == {}
    patched.Resource().create(model="after")
    assert [span.name for span in otel.spans()] == ["chat after"]


async def test_no_span_when_suppressed_async(patched, otel):
    with suppress_instrumentation():
        result = await patched.AsyncResource().create(model="m")
    assert result == {"id": f"{SDK}-acreate", "model": "m"}
    assert otel.spans() == []


def test_nested_instrumented_call_gets_no_second_span(patched, otel):
    result = patched.Resource().outer(model="m")
    assert result == {"id": f"{SDK}-create", "model": "m"}
    (span,) = otel.spans()
    assert span.name == "chat m"
    assert span.parent is None
    assert otel.metric_points()["gen_ai.client.operation.duration"][0].count == 1


async def test_nested_instrumented_call_gets_no_second_span_async(patched, otel):
    result = await patched.AsyncResource().outer(model="m")
    assert result == {"id": f"{SDK}-acreate", "model": "m"}
    assert [span.name for span in otel.spans()] == ["chat m"]


def test_calls_after_a_nested_call_are_traced_again(patched, otel):
    patched.Resource().outer(model="one")
    patched.Resource().create(model="two")
    assert [span.name for span in otel.spans()] == ["chat one", "chat two"]


def test_genai_span_is_child_of_the_users_span_and_current_inside_the_call(monkeypatch, otel):
    """Inside the SDK call the GenAI span is current, so HTTP spans nest under it."""
    seen = []

    def inner(self, **kwargs):
        seen.append(trace.get_current_span().get_span_context().span_id)
        return {"id": "x", "model": kwargs["model"]}

    module = build(SDK, inner_call=inner)
    monkeypatch.setitem(sys.modules, SDK, module)
    patches = apply((Endpoint(SDK, "Resource.outer", ADAPTER),), Telemetry(Config(**otel.providers), "test", "0"))
    try:
        with otel.tracer_provider.get_tracer("user").start_as_current_span("user work"):
            module.Resource().outer(model="m")
    finally:
        revert(patches)
    genai, user = otel.spans()
    assert (genai.name, user.name) == ("chat m", "user work")
    assert genai.parent.span_id == user.context.span_id
    assert seen == [genai.context.span_id]


@pytest.fixture
def openai_instrumented(otel):
    with instrumented(OpenAIInstrumentor(), otel, capture_content=True) as instrumentor:
        yield instrumentor


def test_openai_call_under_suppression_has_no_span(openai_instrumented, otel):
    client = openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
    with cassette(CASSETTES, "chat_text"), suppress_instrumentation():
        completion = client.chat.completions.create(**CHAT)
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert completion.choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"
    assert otel.spans() == []
    assert otel.events() == []


def test_openai_call_inside_another_genotel_call_has_no_span(monkeypatch, openai_instrumented, otel):
    """An instrumented wrapper method that calls openai: only the outer call gets a span."""
    client = openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
    returned = []

    def inner(self, **kwargs):
        completion = client.chat.completions.create(**CHAT)
        returned.append(completion)
        return {"id": completion.id, "model": kwargs["model"]}

    module = build(SDK, inner_call=inner)
    monkeypatch.setitem(sys.modules, SDK, module)
    patches = apply((Endpoint(SDK, "Resource.outer", ADAPTER),), Telemetry(Config(**otel.providers), "test", "0"))
    try:
        with cassette(CASSETTES, "chat_text"):
            result = module.Resource().outer(model="router")
    finally:
        revert(patches)
    assert result == {"id": "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx", "model": "router"}
    assert returned[0].choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"
    (span,) = otel.spans()
    assert span.name == "chat router"
    assert span.instrumentation_scope.name == "test"
    assert otel.events() == []
