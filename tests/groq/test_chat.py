"""Groq chat.completions.create, not streamed: text, with_raw_response, tools, tool results, reasoning, errors.

Every test runs with the sync and the async client, in all eight modes, against the real groq SDK.
"""

from __future__ import annotations

import asyncio
import inspect

import groq
import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected, sent_json
from tests.groq.scenarios import (
    BASE,
    CALLS,
    MESSAGES,
    METRIC,
    MODEL,
    PARIS,
    PROMPT,
    QUESTION,
    REASONING,
    REASONING_BASE,
    REASONING_CONTENT,
    REASONING_REQUEST,
    RMODEL,
    TEXT_EXPECTED,
    TEXT_ID,
    TEXT_REQUEST,
    TOKYO,
    TOOL_CALLS_EXPECTED,
    TOOL_DEFINITION_LEGACY,
    TOOL_DEFINITIONS_LATEST,
    TOOLS_REQUEST,
    WEATHER_TOOL,
    check,
    exchange,
)
from tests.openai.scenarios import assert_metrics


def test_chat_text(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("chat_text", sent):
        completion = call(lambda sdk: sdk.chat.completions.create(**TEXT_REQUEST))
    assert type(completion) is groq.types.chat.ChatCompletion
    assert completion.id == TEXT_ID
    assert completion.choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"
    assert sent_json(sent)["messages"] == MESSAGES  # the request went out unchanged
    check(otel, mode, TEXT_EXPECTED)


def test_with_raw_response(otel, mode, instrument, call, replay):
    with replay("chat_text"):
        raw = call(lambda sdk: sdk.chat.completions.with_raw_response.create(**TEXT_REQUEST))
    assert raw.headers["x-request-id"] == "req_01k7gq2f0bexr9n3x4c8w1m7dz"
    completion = raw.parse()
    if inspect.isawaitable(completion):  # groq >= 1 returns AsyncAPIResponse from the async client
        completion = asyncio.run(completion)
    assert completion.id == TEXT_ID and completion.usage.total_tokens == 60
    check(otel, mode, TEXT_EXPECTED)


def test_metrics(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        client.chat.completions.create(**TEXT_REQUEST)
    assert_metrics(otel, mode, METRIC, {"input": 49, "output": 11}, system="groq", provider="groq")


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("chat_tool_calls"):
        completion = call(lambda sdk: sdk.chat.completions.create(**TOOLS_REQUEST, tool_choice="auto"))
    assert [tool_call.id for tool_call in completion.choices[0].message.tool_calls] == [PARIS, TOKYO]
    check(otel, mode, TOOL_CALLS_EXPECTED)


# --- chat_tool_results: the history holds the calls and one tool message per result -----------------------

ANSWER = "Paris: 18C and sunny. Tokyo: 24C and cloudy. CANARY-COMPLETION-91c2"
HISTORY = [
    {"role": "user", "content": QUESTION},
    {"role": "assistant", "tool_calls": CALLS},
    {"role": "tool", "tool_call_id": PARIS, "content": "18C and sunny"},
    {"role": "tool", "tool_call_id": TOKYO, "content": "24C and cloudy"},
]
CALL_EVENTS = [
    {"id": PARIS, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
    {"id": TOKYO, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'}},
]
RESULTS_ANSWER = exchange([("user", QUESTION)], [{"type": "text", "content": ANSWER}])
TOOL_RESULTS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="groq",
    base={
        **BASE,
        "gen_ai.response.id": "chatcmpl-5e7a9c1b-3d5f-4b7d-9f1a-3c5e7a9c1b3d",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 298,
        "gen_ai.usage.output_tokens": 19,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        "gen_ai.prompt.1.role": "assistant",
        "gen_ai.prompt.1.tool_calls.0.id": PARIS,
        "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.prompt.1.tool_calls.1.id": TOKYO,
        "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.1.arguments": '{"city":"Tokyo"}',
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.content": "18C and sunny",
        "gen_ai.prompt.2.tool_call_id": PARIS,
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.content": "24C and cloudy",
        "gen_ai.prompt.3.tool_call_id": TOKYO,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
        **TOOL_DEFINITION_LEGACY,
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        ("gen_ai.assistant.message", {"tool_calls": CALL_EVENTS}),
        ("gen_ai.tool.message", {"content": "18C and sunny", "id": PARIS}),
        ("gen_ai.tool.message", {"content": "24C and cloudy", "id": TOKYO}),
        RESULTS_ANSWER["events"][-1],
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
            {
                "role": "assistant",
                "parts": [
                    {"type": "tool_call", "id": PARIS, "name": "get_weather", "arguments": {"city": "Paris"}},
                    {"type": "tool_call", "id": TOKYO, "name": "get_weather", "arguments": {"city": "Tokyo"}},
                ],
            },
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS, "response": "18C and sunny"}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO, "response": "24C and cloudy"}]},
        ],
        "gen_ai.output.messages": RESULTS_ANSWER["latest"]["gen_ai.output.messages"],
        "gen_ai.tool.definitions": TOOL_DEFINITIONS_LATEST,
    },
)


def test_tool_results(otel, mode, instrument, call, replay):
    with replay("chat_tool_results"):
        completion = call(lambda sdk: sdk.chat.completions.create(model=MODEL, messages=HISTORY, tools=[WEATHER_TOOL]))
    assert completion.choices[0].message.content == ANSWER
    check(otel, mode, TOOL_RESULTS_EXPECTED)


# --- chat_reasoning: reasoning_format="parsed" puts the model's reasoning beside the answer ---------------

REASONING_EXPECTED = Expected(
    span_name=f"chat {RMODEL}",
    provider_latest="groq",
    base={
        **REASONING_BASE,
        "gen_ai.response.id": "chatcmpl-8c0e2a4b-6d8f-4a0c-b2d4-6e8a0c2e4b6d",
        "gen_ai.usage.reasoning.output_tokens": 37,
    },
    **REASONING_CONTENT,
)


def test_reasoning(otel, mode, instrument, call, replay):
    with replay("chat_reasoning"):
        completion = call(lambda sdk: sdk.chat.completions.create(**REASONING_REQUEST))
    assert completion.choices[0].message.reasoning == REASONING
    check(otel, mode, REASONING_EXPECTED)


# --- errors: groq's own APIError classes name error.type ---------------------------------------------------

ERROR_REQUEST = {"model": MODEL, "messages": [{"role": "user", "content": PROMPT}], "temperature": 3.5}


def test_api_error(otel, mode, instrument, call, replay):
    with replay("chat_error_400"), pytest.raises(groq.BadRequestError) as caught:
        call(lambda sdk: sdk.chat.completions.create(**ERROR_REQUEST))
    assert caught.value.status_code == 400
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["error.type"] == "BadRequestError"
    assert span.attributes["gen_ai.request.temperature"] == 3.5
    assert "must be less than or equal to 2" in span.status.description  # an HTTP error, no content
    (exception,) = [event for event in span.events if event.name == "exception"]
    assert exception.attributes["exception.type"].endswith("BadRequestError")
    points = otel.metric_points()["gen_ai.client.operation.duration"]
    assert [point.attributes["error.type"] for point in points] == ["BadRequestError"]
