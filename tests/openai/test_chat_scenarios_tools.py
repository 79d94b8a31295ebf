"""chat.completions with tools: parallel tool calls in the answer, then the tool results sent back.

Tool definitions, arguments and results are content: with capture off only ids and names remain
(in events mode), and the definitions are gone entirely.
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary
from tests.openai.scenarios import (
    CHAT_BASE,
    MINI_MODEL,
    NO_CACHE_NO_REASONING,
    WEATHER_DEFINITIONS,
    WEATHER_FUNCTION_LEGACY,
    WEATHER_QUESTION,
    WEATHER_TOOL,
    check_telemetry,
    event_tool_calls,
    latest_tool_calls,
    weather_calls_content,
)

PARIS_CALL = "call_paris8Kx2LmQ7vR3tN9wZcEh"
TOKYO_CALL = "call_tokyo5Hd1PbY6sJ4cF8gEuAq"
TOOLS = [WEATHER_TOOL]
CANARIES = ("weather in Paris", "Get the current weather", '"city"', "temp_c")
CALLS = [(PARIS_CALL, "Paris", '{"city":"Paris"}'), (TOKYO_CALL, "Tokyo", '{"city":"Tokyo"}')]


def _base(**values):
    return {**CHAT_BASE, **MINI_MODEL, **NO_CACHE_NO_REASONING, **values}


# --- the model answers with two parallel tool calls --------------------------------------------

CALLS_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": WEATHER_QUESTION}], "tools": TOOLS}

CALLS_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base=_base(
        **{
            "gen_ai.response.id": "chatcmpl-BoYPgSfAPyBGTKJ1cZzCWmpDIEsjN",
            "gen_ai.response.finish_reasons": ["tool_calls"],  # raw value
            "gen_ai.usage.input_tokens": 61,
            "gen_ai.usage.output_tokens": 46,
        }
    ),
    **weather_calls_content(WEATHER_QUESTION, CALLS),
)


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("chat_tool_calls"):
        completion = call(lambda sdk: sdk.chat.completions.create(**CALLS_REQUEST))
    calls = completion.choices[0].message.tool_calls
    assert [(tool_call.id, tool_call.function.arguments) for tool_call in calls] == [
        (PARIS_CALL, '{"city":"Paris"}'),
        (TOKYO_CALL, '{"city":"Tokyo"}'),
    ]
    check_telemetry(otel, mode, CALLS_EXPECTED, CANARIES)


# --- the tool results go back: assistant history with tool calls, then two tool messages -------

PARIS_RESULT = '{"temp_c": 18, "sky": "cloudy"}'
TOKYO_RESULT = '{"temp_c": 24, "sky": "clear"}'
ANSWER = "Paris is 18°C and cloudy; Tokyo is 24°C and clear."
RESULTS_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "user", "content": WEATHER_QUESTION},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": PARIS_CALL,
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                },
                {
                    "id": TOKYO_CALL,
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'},
                },
            ],
        },
        {"role": "tool", "tool_call_id": PARIS_CALL, "content": PARIS_RESULT},
        {"role": "tool", "tool_call_id": TOKYO_CALL, "content": TOKYO_RESULT},
    ],
    "tools": TOOLS,
}

RESULTS_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base=_base(
        **{
            "gen_ai.response.id": "chatcmpl-Bo3DcA7nGl79oIhYHBWmsU24skq6m",
            "gen_ai.response.finish_reasons": ["stop"],
            "gen_ai.usage.input_tokens": 124,
            "gen_ai.usage.output_tokens": 17,
        }
    ),
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": WEATHER_QUESTION,
        "gen_ai.prompt.1.role": "assistant",  # content None: no content key
        "gen_ai.prompt.1.tool_calls.0.id": PARIS_CALL,
        "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.prompt.1.tool_calls.1.id": TOKYO_CALL,
        "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.1.arguments": '{"city":"Tokyo"}',
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.tool_call_id": PARIS_CALL,
        "gen_ai.prompt.2.content": PARIS_RESULT,
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.tool_call_id": TOKYO_CALL,
        "gen_ai.prompt.3.content": TOKYO_RESULT,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        ("gen_ai.assistant.message", {"tool_calls": event_tool_calls(CALLS)}),
        ("gen_ai.tool.message", {"content": PARIS_RESULT, "id": PARIS_CALL}),
        ("gen_ai.tool.message", {"content": TOKYO_RESULT, "id": TOKYO_CALL}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": WEATHER_QUESTION}]},
            {"role": "assistant", "parts": latest_tool_calls(CALLS)},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS_CALL, "response": PARIS_RESULT}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO_CALL, "response": TOKYO_RESULT}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)


def test_tool_results(otel, mode, instrument, call, replay):
    with replay("chat_tool_results"):
        completion = call(lambda sdk: sdk.chat.completions.create(**RESULTS_REQUEST))
    assert completion.choices[0].message.content == ANSWER
    check_telemetry(otel, mode, RESULTS_EXPECTED, CANARIES)
    if not mode.capture_content:
        assert_no_canary(otel, ("cloudy", "clear", "°C"))
