"""responses.create, sync and async, in every mode.

``instructions`` are system instructions (prompt 0 with role ``system``, the first
``gen_ai.system.message`` event, ``gen_ai.system_instructions`` in latest). The API has no
finish reason: it is derived, ``stop`` for a completed response and ``tool_calls`` when it
called functions; ``function_call`` output items are tool calls.
"""

from __future__ import annotations

import openai

from genotel.core import OutputMessage
from genotel.core.testing import Expected, assert_telemetry
from genotel.instrumentation.openai.responses import ResponsesAdapter
from tests.openai.scenarios import (
    HELLO,
    NO_CACHE_NO_REASONING,
    RESPONSES_BASE,
    RESPONSES_CONTENT,
    RESPONSES_METRIC,
    RESPONSES_REQUEST,
    SERVER,
    WEATHER_PARAMETERS,
    assert_metrics,
    check_telemetry,
    weather_calls_content,
)

TEXT_ID = "resp_68667264abc58190711e61d7ef7642e7389630ebbc037ccc"
TEXT = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    base={**RESPONSES_BASE, "gen_ai.response.id": TEXT_ID},
    **RESPONSES_CONTENT,
)

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
        **SERVER,
        "gen_ai.response.id": "resp_6866728275f1819081be758deec35ab8a2ffb2ba3fdeebc2",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "gen_ai.response.finish_reasons": ["tool_calls"],
        "gen_ai.usage.input_tokens": 58,
        "gen_ai.usage.output_tokens": 16,
        **NO_CACHE_NO_REASONING,
    },
    **weather_calls_content(
        "What's the weather in Paris?", [("call_Rq4mTz8WbN2vKx6LpA9dHs3J", "Paris", '{"city":"Paris"}')]
    ),
)


def test_responses_text(otel, mode, instrument, call, replay):
    with replay("responses_text"):
        response = call(lambda sdk: sdk.responses.create(**RESPONSES_REQUEST))
    assert response.id == TEXT_ID
    assert response.output_text == HELLO
    check_telemetry(otel, mode, TEXT)


def test_responses_tools(otel, mode, instrument, call, replay):
    with replay("responses_tools"):
        response = call(lambda sdk: sdk.responses.create(**TOOLS_REQUEST))
    (function_call,) = response.output
    assert (function_call.type, function_call.call_id, function_call.name) == (
        "function_call",
        "call_Rq4mTz8WbN2vKx6LpA9dHs3J",
        "get_weather",
    )
    assert function_call.arguments == '{"city":"Paris"}'
    assert_telemetry(otel, mode, TOOLS)


def test_responses_metrics(otel, mode, instrument, client, replay):
    with replay("responses_text"):
        client.responses.create(**RESPONSES_REQUEST)
    assert_metrics(otel, mode, RESPONSES_METRIC, {"input": 20, "output": 9})


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
