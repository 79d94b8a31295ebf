"""``crs.action.gen_ai.id``: the GenAI response ids of the calls inside an action, set on it automatically."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from genotel.core.testing import cassette, instrumented
from genotel.crs import action, task
from genotel.instrumentation.openai import OpenAIInstrumentor
from tests.crs.conftest import METADATA

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "crs"
DIAGNOSIS_ID = "chatcmpl-CrsDiag0001pngReadChunkA1"
PATCH_ID = "chatcmpl-CrsPatch0002pngReadChunkB2"
MESSAGES = [{"role": "user", "content": "The fuzzer crashed in png_read_chunk. Why?"}]


@pytest.fixture
def client() -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)


def ask(client: openai.OpenAI) -> str:
    return client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, temperature=0).id


def test_every_call_of_an_action_is_findable_the_latest_is_the_actions_id(otel, mode, client):
    with (
        instrumented(OpenAIInstrumentor(), otel, mode),
        cassette(CASSETTES, "patch_generation"),
        task(METADATA),
        action("patch_generation", "fix png_read_chunk", tracer_provider=otel.tracer_provider),
    ):
        assert [ask(client), ask(client)] == [DIAGNOSIS_ID, PATCH_ID]
    patch = otel.attributes("fix png_read_chunk")
    assert patch == {
        **METADATA,
        "crs.action.category": "patch_generation",
        "crs.action.name": "fix png_read_chunk",
        "crs.action.gen_ai.id": PATCH_ID,
        "crs.action.gen_ai.ids": (DIAGNOSIS_ID, PATCH_ID),
    }
    calls = [span for span in otel.spans() if span.name == "chat gpt-4o-mini"]
    assert [span.attributes["gen_ai.response.id"] for span in calls] == [DIAGNOSIS_ID, PATCH_ID]
    for span in calls:
        assert span.parent.span_id == otel.span("fix png_read_chunk").context.span_id
        assert {key: span.attributes[key] for key in METADATA} == METADATA


def test_a_call_deeper_inside_links_to_the_innermost_action_only(otel, client):
    provider = otel.tracer_provider
    with (
        instrumented(OpenAIInstrumentor(), otel),
        cassette(CASSETTES, "patch_generation"),
        action("patch_generation", "outer", tracer_provider=provider),
    ):
        with otel.tracer.start_as_current_span("own step"):
            ask(client)
        with action("testing", "inner", tracer_provider=provider):
            ask(client)
    assert otel.attributes("outer")["crs.action.gen_ai.ids"] == (DIAGNOSIS_ID,)
    assert otel.attributes("outer")["crs.action.gen_ai.id"] == DIAGNOSIS_ID
    assert otel.attributes("inner")["crs.action.gen_ai.ids"] == (PATCH_ID,)
    assert "crs.action.gen_ai.id" not in otel.attributes("own step")


def test_calls_outside_an_action_link_nothing(otel, client):
    with instrumented(OpenAIInstrumentor(), otel), cassette(CASSETTES, "patch_generation"):
        ask(client)
        with action("patch_generation", "idle", tracer_provider=otel.tracer_provider):
            pass
    assert "crs.action.gen_ai.id" not in otel.attributes("idle")
    assert not any(key.startswith("crs.") for key in otel.attributes("chat gpt-4o-mini"))


def test_a_call_ending_after_its_action_changes_nothing(otel, caplog):
    with action("patch_generation", "short", tracer_provider=otel.tracer_provider):
        late = otel.tracer.start_span("chat late", attributes={"gen_ai.response.id": "chatcmpl-late"})
    late.end()
    assert "crs.action.gen_ai.id" not in otel.attributes("short")
    assert "ended span" not in caplog.text


def test_spans_without_a_response_id_leave_the_action_alone(otel):
    with action("fuzzing", "run", tracer_provider=otel.tracer_provider):
        with otel.tracer.start_as_current_span("chat failed", attributes={"gen_ai.operation.name": "chat"}):
            pass
        with otel.tracer.start_as_current_span("odd", attributes={"gen_ai.response.id": ""}):
            pass
    assert not any(key.startswith("crs.action.gen_ai") for key in otel.attributes("run"))
