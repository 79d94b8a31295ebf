"""responses.create, sync and async, in every mode.

``instructions`` are system instructions (prompt 0 with role ``system``, the first
``gen_ai.system.message`` event, ``gen_ai.system_instructions`` in latest). The API has no
finish reason: it is derived, ``stop`` for a completed response and ``tool_calls`` when it
called functions; ``function_call`` output items are tool calls.
"""

from __future__ import annotations

import openai

from genotel.core import OutputMessage
from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from genotel.instrumentation.openai.responses import ResponsesAdapter

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")

TEXT_REQUEST = {
    "model": "gpt-4.1-mini",
    "instructions": "You are a terse assistant.",
    "input": "Say hello to CANARY-PROMPT-7f3a.",
    "max_output_tokens": 50,
    "temperature": 0.2,
}

TEXT = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.temperature": 0.2,
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.id": "resp_68667264abc58190711e61d7ef7642e7389630ebbc037ccc",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 20,
        "gen_ai.usage.output_tokens": 9,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "You are a terse assistant.",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "Say hello to CANARY-PROMPT-7f3a.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Hello, CANARY-COMPLETION-91c2!",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.system.message", {"content": "You are a terse assistant."}),
        ("gen_ai.user.message", {"content": "Say hello to CANARY-PROMPT-7f3a."}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": "Hello, CANARY-COMPLETION-91c2!"},
            },
        ),
    ],
    latest={
        "gen_ai.system_instructions": [{"type": "text", "content": "You are a terse assistant."}],
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": "Say hello to CANARY-PROMPT-7f3a."}]}
        ],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": "Hello, CANARY-COMPLETION-91c2!"}],
                "finish_reason": "stop",
            }
        ],
    },
)

WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS_REQUEST = {
    "model": "gpt-4.1-mini",
    "input": [{"role": "user", "content": "What's the weather in Paris?"}],
    "tools": [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Get the current weather for a city",
            "parameters": WEATHER_PARAMETERS,
            "strict": False,
        }
    ],
}

TOOLS = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.id": "resp_6866728275f1819081be758deec35ab8a2ffb2ba3fdeebc2",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "gen_ai.response.finish_reasons": ["tool_calls"],
        "gen_ai.usage.input_tokens": 58,
        "gen_ai.usage.output_tokens": 16,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "What's the weather in Paris?",
        "llm.request.functions.0.name": "get_weather",
        "llm.request.functions.0.description": "Get the current weather for a city",
        "llm.request.functions.0.parameters": (
            '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
        ),
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.finish_reason": "tool_calls",
        "gen_ai.completion.0.tool_calls.0.id": "call_Rq4mTz8WbN2vKx6LpA9dHs3J",
        "gen_ai.completion.0.tool_calls.0.name": "get_weather",
        "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
    },
    events=[
        ("gen_ai.user.message", {"content": "What's the weather in Paris?"}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "id": "call_Rq4mTz8WbN2vKx6LpA9dHs3J",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                        }
                    ],
                },
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": "What's the weather in Paris?"}]}
        ],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [
                    {
                        "type": "tool_call",
                        "id": "call_Rq4mTz8WbN2vKx6LpA9dHs3J",
                        "name": "get_weather",
                        "arguments": {"city": "Paris"},
                    }
                ],
                "finish_reason": "tool_call",
            }
        ],
        "gen_ai.tool.definitions": [
            {
                "type": "function",
                "name": "get_weather",
                "description": "Get the current weather for a city",
                "parameters": WEATHER_PARAMETERS,
            }
        ],
    },
)


def _check_text(otel, mode, response):
    assert response.id == "resp_68667264abc58190711e61d7ef7642e7389630ebbc037ccc"
    assert response.output_text == "Hello, CANARY-COMPLETION-91c2!"
    assert_telemetry(otel, mode, TEXT)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def test_responses_text_sync(otel, mode, instrument, client, replay):
    with replay("responses_text"):
        response = client.responses.create(**TEXT_REQUEST)
    _check_text(otel, mode, response)


async def test_responses_text_async(otel, mode, instrument, async_client, replay):
    with replay("responses_text"):
        response = await async_client.responses.create(**TEXT_REQUEST)
    _check_text(otel, mode, response)


def _check_tools(otel, mode, response):
    (call,) = response.output
    assert (call.type, call.call_id, call.name) == ("function_call", "call_Rq4mTz8WbN2vKx6LpA9dHs3J", "get_weather")
    assert call.arguments == '{"city":"Paris"}'
    assert_telemetry(otel, mode, TOOLS)


def test_responses_tools_sync(otel, mode, instrument, client, replay):
    with replay("responses_tools"):
        response = client.responses.create(**TOOLS_REQUEST)
    _check_tools(otel, mode, response)


async def test_responses_tools_async(otel, mode, instrument, async_client, replay):
    with replay("responses_tools"):
        response = await async_client.responses.create(**TOOLS_REQUEST)
    _check_tools(otel, mode, response)


def test_responses_metrics(otel, mode, instrument, client, replay):
    with replay("responses_text"):
        client.responses.create(**TEXT_REQUEST)
    provider_key = "gen_ai.provider.name" if mode.latest else "gen_ai.system"
    points = otel.metric_points()
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == {
        "gen_ai.operation.name": "chat",
        provider_key: "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "server.address": "api.openai.com",
        "server.port": 443,
    }
    tokens = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
    assert {kind: (point.sum, point.count) for kind, point in tokens.items()} == {"input": (20, 1), "output": (9, 1)}


def _response(status, output=(), incomplete_details=None):
    """An SDK Response object as the API returns it in a given status (no network needed)."""
    return openai.types.responses.Response.model_construct(
        id="resp_unit",
        model="gpt-4.1-mini-2025-04-14",
        status=status,
        output=list(output),
        incomplete_details=incomplete_details,
        usage=None,
    )


def test_background_response_still_queued_has_no_output_message():
    """``background=True`` returns before generating: no choice, so no invented finish reason."""
    for status in ("queued", "in_progress"):
        response = ResponsesAdapter().to_response(_response(status), with_messages=True)
        assert (response.id, response.model, response.messages, response.usage) == (
            "resp_unit",
            "gpt-4.1-mini-2025-04-14",
            [],
            None,
        )


def test_incomplete_and_failed_responses_derive_their_finish_reason():
    incomplete = _response("incomplete", incomplete_details={"reason": "max_output_tokens"})
    assert ResponsesAdapter().to_response(incomplete, with_messages=True).messages == [
        OutputMessage("assistant", [], "max_output_tokens")
    ]
    assert ResponsesAdapter().to_response(_response("failed"), with_messages=False).messages == [
        OutputMessage("assistant", [], "error")
    ]
