"""The v1 Client / AsyncClient ``chat`` and ``chat_stream`` (NDJSON events), every mode.

``preamble`` is the system instructions, ``chat_history`` the earlier turns, ``message`` the new
user turn; ``tool_results`` are tool messages (v1 tool calls have no id). Usage from ``meta``:
``tokens`` before ``billed_units``.
"""

from __future__ import annotations

import inspect

import cohere

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import check
from tests.cohere.scenarios import (
    COMPLETE,
    HELLO,
    PLAN,
    PROMPT,
    QUESTION,
    SAMPLING,
    SAMPLING_ATTRIBUTES,
    SERVER,
    SYSTEM,
    V1_MODEL,
)

BASE = {"gen_ai.operation.name": "chat", "gen_ai.system": "cohere", "gen_ai.request.model": V1_MODEL, **SERVER}
HISTORY = [{"role": "USER", "message": "Hi there."}, {"role": "CHATBOT", "message": "Hi! How can I help?"}]
TEXT_REQUEST = {"message": PROMPT, "model": V1_MODEL, "preamble": SYSTEM, "chat_history": HISTORY, **SAMPLING}


def hello_expected(response_id: str, stream: bool = False) -> Expected:
    raw, choice, latest = COMPLETE
    history_latest = [
        {"role": "user", "parts": [{"type": "text", "content": "Hi there."}]},
        {"role": "assistant", "parts": [{"type": "text", "content": "Hi! How can I help?"}]},
        {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
    ]
    return Expected(
        span_name=f"chat {V1_MODEL}",
        provider_latest="cohere",
        stream=stream,
        base={
            **BASE,
            **SAMPLING_ATTRIBUTES,
            "gen_ai.response.id": response_id,
            "gen_ai.response.finish_reasons": [raw],
            "gen_ai.usage.input_tokens": 88,
            "gen_ai.usage.output_tokens": 9,
        },
        legacy={
            "gen_ai.prompt.0.role": "system",
            "gen_ai.prompt.0.content": SYSTEM,
            "gen_ai.prompt.1.role": "user",
            "gen_ai.prompt.1.content": "Hi there.",
            "gen_ai.prompt.2.role": "assistant",
            "gen_ai.prompt.2.content": "Hi! How can I help?",
            "gen_ai.prompt.3.role": "user",
            "gen_ai.prompt.3.content": PROMPT,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": HELLO,
            "gen_ai.completion.0.finish_reason": raw,
        },
        events=[
            ("gen_ai.system.message", {"content": SYSTEM}),
            ("gen_ai.user.message", {"content": "Hi there."}),
            ("gen_ai.assistant.message", {"content": "Hi! How can I help?"}),
            ("gen_ai.user.message", {"content": PROMPT}),
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": choice, "message": {"role": "assistant", "content": HELLO}},
            ),
        ],
        latest={
            "gen_ai.system_instructions": [{"type": "text", "content": SYSTEM}],
            "gen_ai.input.messages": history_latest,
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": [{"type": "text", "content": HELLO}], "finish_reason": latest}
            ],
        },
    )


def test_v1_chat_text(otel, mode, instrument, v1, replay):
    with replay("v1_chat_text"):
        response = v1(lambda sdk: sdk.chat(**TEXT_REQUEST))
    assert isinstance(response, cohere.NonStreamedChatResponse)
    assert response.text == HELLO
    check(otel, mode, hello_expected("2e4f6a8c-0b1d-4e3f-a5b7-c9d1e3f5a7b9"), {"input": 88, "output": 9})


def test_v1_chat_stream(otel, mode, instrument, v1, replay):
    """NDJSON events; stream-end carries the whole response (its response_id is the span's id)."""
    events: list = []
    with replay("v1_chat_stream"):
        v1(lambda sdk: sdk.chat_stream(**TEXT_REQUEST), into=events)
    assert (inspect.isasyncgen if v1.is_async else inspect.isgenerator)(v1.returned)
    assert events[0].event_type == "stream-start"
    assert "".join(e.text for e in events if e.event_type == "text-generation") == HELLO
    expected = hello_expected("6d8f0b2c-4e6a-4c8e-a0b2-d4f6a8c0e2a4", stream=True)
    check(otel, mode, expected, {"input": 88, "output": 9})


TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "parameter_definitions": {"city": {"description": "The city", "type": "str", "required": True}},
}
TOOL_LEGACY = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Current weather for a city.",
    "llm.request.functions.0.parameters": '{"city":{"description":"The city","type":"str","required":true}}',
}
TOOL_LATEST = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {"city": {"description": "The city", "type": "str", "required": True}},
    }
]
V1_CALLS = [
    {"name": "get_weather", "parameters": {"city": "Paris"}},
    {"name": "get_weather", "parameters": {"city": "Tokyo"}},
]


def _event_call(city: str) -> dict:
    """v1 tool calls have no id: the key is there, null."""
    return {"id": None, "type": "function", "function": {"name": "get_weather", "arguments": f'{{"city":"{city}"}}'}}


def _latest_call(city: str) -> dict:
    return {"type": "tool_call", "id": None, "name": "get_weather", "arguments": {"city": city}}


TOOLS_EXPECTED = Expected(
    span_name=f"chat {V1_MODEL}",
    provider_latest="cohere",
    base={
        **BASE,
        "gen_ai.response.id": "5a7c9e1f-3b5d-4f7b-9d1f-3a5c7e9b1d3f",
        "gen_ai.response.finish_reasons": ["COMPLETE"],
        "gen_ai.usage.input_tokens": 1188,
        "gen_ai.usage.output_tokens": 58,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        **TOOL_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": PLAN,
        "gen_ai.completion.0.finish_reason": "COMPLETE",
        "gen_ai.completion.0.tool_calls.0.name": "get_weather",
        "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.completion.0.tool_calls.1.name": "get_weather",
        "gen_ai.completion.0.tool_calls.1.arguments": '{"city":"Tokyo"}',
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {
                    "role": "assistant",
                    "content": PLAN,
                    "tool_calls": [_event_call("Paris"), _event_call("Tokyo")],
                },
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": QUESTION}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": PLAN}, _latest_call("Paris"), _latest_call("Tokyo")],
                "finish_reason": "stop",
            }
        ],
        "gen_ai.tool.definitions": TOOL_LATEST,
    },
)


def test_v1_tool_calls(otel, mode, instrument, v1, replay):
    with replay("v1_chat_tools"):
        response = v1(lambda sdk: sdk.chat(message=QUESTION, model=V1_MODEL, tools=[TOOL]))
    assert [call.parameters for call in response.tool_calls] == [{"city": "Paris"}, {"city": "Tokyo"}]
    check(otel, mode, TOOLS_EXPECTED, {"input": 1188, "output": 58})


ANSWER = "Paris is 18°C and cloudy; Tokyo is 24°C and sunny."
PARIS_OUT, TOKYO_OUT = [{"temp_c": 18, "sky": "cloudy"}], [{"temp_c": 24, "sky": "sunny"}]
RESULTS_REQUEST = {
    "message": "",
    "model": V1_MODEL,
    "tools": [TOOL],
    "chat_history": [
        {"role": "USER", "message": QUESTION},
        {"role": "CHATBOT", "message": PLAN, "tool_calls": V1_CALLS},
    ],
    "tool_results": [{"call": V1_CALLS[0], "outputs": PARIS_OUT}, {"call": V1_CALLS[1], "outputs": TOKYO_OUT}],
}
RESULTS_EXPECTED = Expected(
    span_name=f"chat {V1_MODEL}",
    provider_latest="cohere",
    base={
        **BASE,
        "gen_ai.response.id": "4f6b8d0e-2a4c-4e6a-b8d0-f2a4c6e8b0d2",
        "gen_ai.response.finish_reasons": ["COMPLETE"],
        "gen_ai.usage.input_tokens": 1320,
        "gen_ai.usage.output_tokens": 17,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        "gen_ai.prompt.1.role": "assistant",
        "gen_ai.prompt.1.content": PLAN,
        "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
        "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.1.arguments": '{"city":"Tokyo"}',
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.content": '[{"temp_c":18,"sky":"cloudy"}]',
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.content": '[{"temp_c":24,"sky":"sunny"}]',
        **TOOL_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "COMPLETE",
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        ("gen_ai.assistant.message", {"content": PLAN, "tool_calls": [_event_call("Paris"), _event_call("Tokyo")]}),
        ("gen_ai.tool.message", {"id": None, "content": '[{"temp_c":18,"sky":"cloudy"}]'}),
        ("gen_ai.tool.message", {"id": None, "content": '[{"temp_c":24,"sky":"sunny"}]'}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": PLAN}, _latest_call("Paris"), _latest_call("Tokyo")],
            },
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": None, "response": PARIS_OUT}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": None, "response": TOKYO_OUT}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": TOOL_LATEST,
    },
)


def test_v1_tool_results(otel, mode, instrument, v1, replay):
    with replay("v1_chat_tool_results"):
        response = v1(lambda sdk: sdk.chat(**RESULTS_REQUEST))
    assert response.text == ANSWER
    check(otel, mode, RESULTS_EXPECTED, {"input": 1320, "output": 17}, canaries=("cloudy", "sunny"))
