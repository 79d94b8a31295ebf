"""Long conversations under the SDK's span limits: the contract's attributes always survive.

The SDK keeps 128 attributes per span by default and evicts the oldest (request model, provider,
...) with a warning each; a 60-message history with tool calls has far more content keys than
that. Content fills what the contract's own attributes leave, oldest turns dropped first.
"""

from __future__ import annotations

import json
import logging

import pytest
from opentelemetry.sdk.trace import SpanLimits

from genotel.core.testing import MODES, OtelHarness, instrumented
from genotel.instrumentation.openai import OpenAIInstrumentor
from tests.openai.scenarios import CHAT_TEXT_EXPECTED, CHAT_TEXT_REQUEST, HELLO, PROMPT, SYSTEM, WEATHER_TOOL

CONTENT_MODE = MODES[0]  # 1.36, legacy attributes, content on: the default with capture
LATEST_ATTRIBUTES = next(mode for mode in MODES if mode.latest and mode.use_legacy_attributes and mode.capture_content)


def history(turns: int) -> list[dict]:
    """A system prompt, then ``turns`` rounds of question, tool call, tool result and answer."""
    messages: list[dict] = [{"role": "system", "content": SYSTEM}]
    for turn in range(turns):
        call_id = f"call_{turn:03d}"
        messages += [
            {"role": "user", "content": f"Question {turn}: the weather in city {turn}?"},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": json.dumps({"city": f"city {turn}"})},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": call_id, "content": f"Sunny, {turn} degrees"},
            {"role": "assistant", "content": f"Answer {turn}: sunny."},
        ]
    return messages


LONG = history(15)  # 61 messages: well over 128 content keys
REQUEST = {**CHAT_TEXT_REQUEST, "messages": LONG, "tools": [WEATHER_TOOL]}


def run(otel: OtelHarness, client, replay, mode, caplog, request=REQUEST) -> dict:
    warnings = caplog.at_level(logging.WARNING, logger="opentelemetry")
    with instrumented(OpenAIInstrumentor(), otel, mode), replay("chat_text"), warnings:
        completion = client.chat.completions.create(**request)
    assert completion.choices[0].message.content == HELLO
    assert [record.getMessage() for record in caplog.records if record.name.startswith("opentelemetry")] == []
    (span,) = otel.spans()
    return dict(span.attributes)


def contract_attributes(mode) -> dict:
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in CHAT_TEXT_EXPECTED.base_for(mode).items()
    }


@pytest.mark.parametrize("limits", [None, SpanLimits(max_span_attributes=40)], ids=["default-128", "limit-40"])
def test_every_mode_keeps_the_contract_attributes(mode, limits, client, replay, caplog):
    otel = OtelHarness(span_limits=limits)
    attributes = run(otel, client, replay, mode, caplog)
    got = {key: list(value) if isinstance(value, tuple) else value for key, value in attributes.items()}
    for key, value in contract_attributes(mode).items():
        assert got.get(key) == value, key
    assert len(attributes) <= (limits.max_span_attributes if limits else 128)
    otel.shutdown()


@pytest.mark.parametrize("limit", [128, 40])
def test_oldest_turns_are_left_out_first(limit, client, replay, caplog):
    otel = OtelHarness(span_limits=SpanLimits(max_span_attributes=limit))
    attributes = run(otel, client, replay, CONTENT_MODE, caplog)
    # full, bar less than the next message's keys (role, content or tool call id, name, arguments)
    assert limit - 5 < len(attributes) <= limit
    omitted = attributes["genotel.prompt.omitted_messages"]
    kept = len(LONG) - 1 - omitted
    assert 0 < kept < len(LONG) - 1
    # the system prompt stays at index 0, the newest turns follow without a gap, oldest first
    assert attributes["gen_ai.prompt.0.role"] == "system"
    assert attributes["gen_ai.prompt.0.content"] == SYSTEM
    newest = LONG[-kept:]
    for index, message in enumerate(newest, start=1):
        assert attributes[f"gen_ai.prompt.{index}.role"] == message["role"]
    assert attributes[f"gen_ai.prompt.{kept}.content"] == LONG[-1]["content"]
    assert f"gen_ai.prompt.{kept + 1}.role" not in attributes
    # the completion is whole
    assert attributes["gen_ai.completion.0.content"] == HELLO
    assert attributes["gen_ai.completion.0.finish_reason"] == "stop"
    otel.shutdown()


def test_a_short_conversation_is_never_trimmed(client, replay, caplog):
    otel = OtelHarness()
    with instrumented(OpenAIInstrumentor(), otel, CONTENT_MODE), replay("chat_text"):
        client.chat.completions.create(**CHAT_TEXT_REQUEST)
    (span,) = otel.spans()
    assert "genotel.prompt.omitted_messages" not in span.attributes
    assert span.attributes["gen_ai.prompt.1.role"] == "user"
    otel.shutdown()


def test_latest_json_stays_valid_under_a_value_length_limit(client, replay, caplog):
    otel = OtelHarness(span_limits=SpanLimits(max_span_attribute_length=400))
    attributes = run(otel, client, replay, LATEST_ATTRIBUTES, caplog)
    for key in ("gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions"):
        assert len(attributes[key]) <= 400, key
        json.loads(attributes[key])  # valid JSON: shortened inside, not cut by the SDK
    inputs = json.loads(attributes["gen_ai.input.messages"])
    assert inputs[-1]["role"] == "assistant"  # the newest messages stay; the oldest go first
    assert inputs[-1]["parts"][0]["content"] == LONG[-1]["content"][: len(inputs[-1]["parts"][0]["content"])]
    output = json.loads(attributes["gen_ai.output.messages"])
    assert output[0]["parts"][0]["content"] == HELLO
    assert attributes["gen_ai.request.model"] == "gpt-4o-mini"
    otel.shutdown()


def test_legacy_json_values_stay_valid_under_a_value_length_limit(client, replay, caplog):
    otel = OtelHarness(span_limits=SpanLimits(max_span_attribute_length=30))
    attributes = run(otel, client, replay, CONTENT_MODE, caplog, {**CHAT_TEXT_REQUEST, "tools": [WEATHER_TOOL]})
    assert attributes["gen_ai.prompt.1.content"] == PROMPT[:30]
    parameters = attributes["llm.request.functions.0.parameters"]
    assert len(parameters) <= 30
    assert isinstance(json.loads(parameters), dict)
    otel.shutdown()
