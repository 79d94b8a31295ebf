"""Tools: a text block with two parallel tool_use blocks, then the tool results sent back.

Anthropic puts tool results inside a user turn; the contract makes each one a ``tool``
message with its call id. Tool inputs are objects: compact JSON in the legacy attributes and
1.36 events, objects again in the latest JSON.
"""

from __future__ import annotations

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import (
    CHAT_BASE,
    CHECKING,
    MODEL,
    NO_CACHE,
    PARIS_CALL,
    TOKYO_CALL,
    WEATHER_DEFINITIONS,
    WEATHER_FUNCTION_LEGACY,
    WEATHER_QUESTION,
    WEATHER_TOOL,
    check,
)

CANARIES = ("Paris", "Tokyo", "cloudy", "both cities", "weather in")
QUESTION = {"role": "user", "content": WEATHER_QUESTION}
TOOL_USES = [
    {"type": "text", "text": CHECKING},
    {"type": "tool_use", "id": PARIS_CALL, "name": "get_weather", "input": {"city": "Paris"}},
    {"type": "tool_use", "id": TOKYO_CALL, "name": "get_weather", "input": {"city": "Tokyo"}},
]
CALLS_LEGACY = {  # after gen_ai.completion.0 / gen_ai.prompt.1
    "tool_calls.0.id": PARIS_CALL,
    "tool_calls.0.name": "get_weather",
    "tool_calls.0.arguments": '{"city":"Paris"}',
    "tool_calls.1.id": TOKYO_CALL,
    "tool_calls.1.name": "get_weather",
    "tool_calls.1.arguments": '{"city":"Tokyo"}',
}
CALLS_EVENTS = [
    {"id": PARIS_CALL, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
    {"id": TOKYO_CALL, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'}},
]
CALLS_PARTS = [
    {"type": "text", "content": CHECKING},
    {"type": "tool_call", "id": PARIS_CALL, "name": "get_weather", "arguments": {"city": "Paris"}},
    {"type": "tool_call", "id": TOKYO_CALL, "name": "get_weather", "arguments": {"city": "Tokyo"}},
]
QUESTION_PARTS = {"role": "user", "parts": [{"type": "text", "content": WEATHER_QUESTION}]}

TOOLS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 1024,
        "gen_ai.response.id": "msg_01mWwJvjCCBLccrGjysAL8Fo",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["tool_use"],  # raw
        "gen_ai.usage.input_tokens": 412,
        "gen_ai.usage.output_tokens": 96,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": WEATHER_QUESTION,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": CHECKING,
        "gen_ai.completion.0.finish_reason": "tool_use",
        **{f"gen_ai.completion.0.{key}": value for key, value in CALLS_LEGACY.items()},
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "tool_calls",  # the 1.36 enum
                "message": {"role": "assistant", "content": CHECKING, "tool_calls": CALLS_EVENTS},
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [QUESTION_PARTS],
        "gen_ai.output.messages": [{"role": "assistant", "parts": CALLS_PARTS, "finish_reason": "tool_call"}],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)


def test_messages_tools(otel, mode, instrument, call, replay):
    request = {"model": MODEL, "max_tokens": 1024, "tools": [WEATHER_TOOL], "messages": [QUESTION]}
    with replay("messages_tools"):
        message = call(lambda sdk: sdk.messages.create(**request))
    assert message.stop_reason == "tool_use"
    assert [block.type for block in message.content] == ["text", "tool_use", "tool_use"]
    assert message.content[2].input == {"city": "Tokyo"}
    check(otel, mode, TOOLS_EXPECTED, {"input": 412, "output": 96}, CANARIES)


# --- the results: one string, one list of text blocks ------------------------------------------

PARIS_RESULT = '{"temp_c": 18, "sky": "cloudy"}'
TOKYO_RESULT = '{"temp_c": 24, "sky": "clear"}'
ANSWER = "Paris is 18°C and cloudy; Tokyo is 24°C and clear."
RESULTS_REQUEST = {
    "model": MODEL,
    "max_tokens": 1024,
    "tools": [WEATHER_TOOL],
    "messages": [
        QUESTION,
        {"role": "assistant", "content": TOOL_USES},
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": PARIS_CALL, "content": PARIS_RESULT},
                {"type": "tool_result", "tool_use_id": TOKYO_CALL, "content": [{"type": "text", "text": TOKYO_RESULT}]},
            ],
        },
    ],
}
RESULTS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 1024,
        "gen_ai.response.id": "msg_01raEMJZzqdMPVw5oHPxK2Q9",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 559,
        "gen_ai.usage.output_tokens": 22,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": WEATHER_QUESTION,
        "gen_ai.prompt.1.role": "assistant",
        "gen_ai.prompt.1.content": CHECKING,
        **{f"gen_ai.prompt.1.{key}": value for key, value in CALLS_LEGACY.items()},
        # the user turn holding two results is two tool messages
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.tool_call_id": PARIS_CALL,
        "gen_ai.prompt.2.content": PARIS_RESULT,
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.tool_call_id": TOKYO_CALL,
        "gen_ai.prompt.3.content": TOKYO_RESULT,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "end_turn",
    },
    events=[
        ("gen_ai.user.message", {"content": WEATHER_QUESTION}),
        ("gen_ai.assistant.message", {"content": CHECKING, "tool_calls": CALLS_EVENTS}),
        ("gen_ai.tool.message", {"id": PARIS_CALL, "content": PARIS_RESULT}),
        ("gen_ai.tool.message", {"id": TOKYO_CALL, "content": TOKYO_RESULT}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            QUESTION_PARTS,
            {"role": "assistant", "parts": CALLS_PARTS},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS_CALL, "response": PARIS_RESULT}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO_CALL, "response": TOKYO_RESULT}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)


def test_messages_tool_results(otel, mode, instrument, call, replay):
    with replay("messages_tool_results"):
        message = call(lambda sdk: sdk.messages.create(**RESULTS_REQUEST))
    assert message.content[0].text == ANSWER
    check(otel, mode, RESULTS_EXPECTED, {"input": 559, "output": 22}, CANARIES)
