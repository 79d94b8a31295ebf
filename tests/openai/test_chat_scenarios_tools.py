"""chat.completions with tools: parallel tool calls in the answer, then the tool results sent back.

Tool definitions, arguments and results are content: with capture off only ids and names remain
(in events mode), and the definitions are gone entirely.
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

WEATHER_QUESTION = "What's the weather in Paris and in Tokyo?"
PARIS_CALL = "call_paris8Kx2LmQ7vR3tN9wZcEh"
TOKYO_CALL = "call_tokyo5Hd1PbY6sJ4cF8gEuAq"
PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather for a city",
            "parameters": PARAMETERS,
        },
    }
]
CANARIES = ("weather in Paris", "Get the current weather", '"city"', "temp_c")

# Legacy attributes for the tool definition (parameters as a JSON string).
FUNCTION_ATTRIBUTES = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the current weather for a city",
    "llm.request.functions.0.parameters": (
        '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
    ),
}
TOOL_DEFINITIONS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }
]
# The two calls as 1.36 events carry them.
EVENT_TOOL_CALLS = [
    {"id": PARIS_CALL, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
    {"id": TOKYO_CALL, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'}},
]
# ... and as latest parts: arguments parsed to objects.
LATEST_TOOL_CALLS = [
    {"type": "tool_call", "id": PARIS_CALL, "name": "get_weather", "arguments": {"city": "Paris"}},
    {"type": "tool_call", "id": TOKYO_CALL, "name": "get_weather", "arguments": {"city": "Tokyo"}},
]


def _base(**values):
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
        **values,
    }


def _check(otel, mode, expected):
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


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
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": WEATHER_QUESTION,
        **FUNCTION_ATTRIBUTES,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.finish_reason": "tool_calls",
        "gen_ai.completion.0.tool_calls.0.id": PARIS_CALL,
        "gen_ai.completion.0.tool_calls.0.name": "get_weather",
        "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.completion.0.tool_calls.1.id": TOKYO_CALL,
        "gen_ai.completion.0.tool_calls.1.name": "get_weather",
        "gen_ai.completion.0.tool_calls.1.arguments": '{"city":"Tokyo"}',
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "tool_calls",  # the 1.36 enum
                "message": {"role": "assistant", "tool_calls": EVENT_TOOL_CALLS},
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": WEATHER_QUESTION}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": LATEST_TOOL_CALLS, "finish_reason": "tool_call"}  # the latest enum
        ],
        "gen_ai.tool.definitions": TOOL_DEFINITIONS,
    },
)


def _check_calls(otel, mode, completion):
    calls = completion.choices[0].message.tool_calls
    assert [(call.id, call.function.arguments) for call in calls] == [
        (PARIS_CALL, '{"city":"Paris"}'),
        (TOKYO_CALL, '{"city":"Tokyo"}'),
    ]
    _check(otel, mode, CALLS_EXPECTED)


def test_tool_calls_sync(otel, mode, instrument, client, replay):
    with replay("chat_tool_calls"):
        completion = client.chat.completions.create(**CALLS_REQUEST)
    _check_calls(otel, mode, completion)


async def test_tool_calls_async(otel, mode, instrument, async_client, replay):
    with replay("chat_tool_calls"):
        completion = await async_client.chat.completions.create(**CALLS_REQUEST)
    _check_calls(otel, mode, completion)


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
        **FUNCTION_ATTRIBUTES,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        ("gen_ai.assistant.message", {"tool_calls": EVENT_TOOL_CALLS}),
        ("gen_ai.tool.message", {"content": PARIS_RESULT, "id": PARIS_CALL}),
        ("gen_ai.tool.message", {"content": TOKYO_RESULT, "id": TOKYO_CALL}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": WEATHER_QUESTION}]},
            {"role": "assistant", "parts": LATEST_TOOL_CALLS},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS_CALL, "response": PARIS_RESULT}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO_CALL, "response": TOKYO_RESULT}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": TOOL_DEFINITIONS,
    },
)


def _check_results(otel, mode, completion):
    assert completion.choices[0].message.content == ANSWER
    _check(otel, mode, RESULTS_EXPECTED)
    if not mode.capture_content:
        assert_no_canary(otel, ("cloudy", "clear", "°C"))


def test_tool_results_sync(otel, mode, instrument, client, replay):
    with replay("chat_tool_results"):
        completion = client.chat.completions.create(**RESULTS_REQUEST)
    _check_results(otel, mode, completion)


async def test_tool_results_async(otel, mode, instrument, async_client, replay):
    with replay("chat_tool_results"):
        completion = await async_client.chat.completions.create(**RESULTS_REQUEST)
    _check_results(otel, mode, completion)
