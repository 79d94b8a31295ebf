"""google-genai function calling: declarations, calls, results, automatic function calling, chats."""

from __future__ import annotations

import json

from google.genai import types

from genotel.core.testing import Expected, assert_no_canary
from tests.google_generativeai.gemini_scenarios import (
    BASE,
    GEMINI_API_IDS,
    HELLO,
    HELLO_CONFIG,
    HELLO_TOKENS,
    MODEL,
    PROMPT,
    STREAM_ID,
    TEXT_ID,
    api_id,
    check,
    hello_expected,
)

QUESTION = "What's the weather in Paris?"
ANSWER = "It's 18°C and sunny in Paris."
PARAMETERS = {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}
WEATHER = {"name": "get_weather", "description": "Get the current weather for a city", "parameters": PARAMETERS}
WEATHER_LEGACY = {
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the current weather for a city",
    "llm.request.functions.0.parameters": (
        '{"properties":{"city":{"type":"STRING"}},"required":["city"],"type":"OBJECT"}'
    ),
}
WEATHER_DEFINITIONS = [{"type": "function", **WEATHER}]
CALL_ID = "1MbvaOK2LZeqz7IPmNm6oQs"
RESULT_ID = "2cbvaJmGDdWrz7IP4reQ8Qo"
ANSWER_MESSAGE = {"role": "assistant", "content": ANSWER}
SUNNY = {"temperature_c": 18, "sky": "sunny"}
WEATHER_CALL = {"name": "get_weather", "arguments": '{"city":"Paris"}'}  # 1.36 events: arguments as JSON text


def call_expected(thoughts: bool = True) -> Expected:
    """genai_tools: the model answers with one get_weather call (finish STOP, as Gemini sends it)."""
    usage = {"gen_ai.usage.input_tokens": 58, "gen_ai.usage.output_tokens": 60 if thoughts else 15}
    if thoughts:
        usage["gen_ai.usage.reasoning.output_tokens"] = 45
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        base={
            **BASE,
            **api_id(CALL_ID),
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["STOP"],
            **usage,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": QUESTION,
            **WEATHER_LEGACY,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.finish_reason": "STOP",
            "gen_ai.completion.0.tool_calls.0.name": "get_weather",
            "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
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
                        "tool_calls": [{"id": None, "type": "function", "function": WEATHER_CALL}],
                    },
                },
            ),
        ],
        latest={
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": QUESTION}]}],
            "gen_ai.output.messages": [
                {
                    "role": "assistant",
                    "parts": [{"type": "tool_call", "id": None, "name": "get_weather", "arguments": {"city": "Paris"}}],
                    "finish_reason": "stop",
                }
            ],
            "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
        },
    )


def test_function_declarations_and_a_function_call(otel, mode, instrument, call, replay):
    config = {"tools": [{"function_declarations": [WEATHER]}]}
    with replay("genai_tools"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=QUESTION, config=config))
    assert response.function_calls[0].args == {"city": "Paris"}
    check(otel, mode, call_expected(), {"input": 58, "output": 60})


def test_typed_tools(otel, mode, instrument, call, replay):
    tool = types.Tool(function_declarations=[types.FunctionDeclaration(**WEATHER)])
    config = types.GenerateContentConfig(tools=[tool])
    with replay("genai_tools"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=QUESTION, config=config))
    assert response.function_calls[0].name == "get_weather"
    check(otel, mode, call_expected(), {"input": 58, "output": 60})


RESULT_CONTENTS = [
    types.Content(role="user", parts=[types.Part(text=QUESTION)]),
    types.Content(role="model", parts=[types.Part.from_function_call(name="get_weather", args={"city": "Paris"})]),
    types.Content(role="user", parts=[types.Part.from_function_response(name="get_weather", response=SUNNY)]),
]


def result_messages() -> dict:
    """The three turns of a function-calling exchange: the result is a ``tool`` message (id: the function name)."""
    return {
        "legacy": {
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": QUESTION,
            "gen_ai.prompt.1.role": "assistant",
            "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
            "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
            "gen_ai.prompt.2.role": "tool",
            "gen_ai.prompt.2.tool_call_id": "get_weather",
            "gen_ai.prompt.2.content": '{"sky":"sunny","temperature_c":18}',
        },
        "events": [
            ("gen_ai.user.message", {"content": QUESTION}),
            (
                "gen_ai.assistant.message",
                {"tool_calls": [{"id": None, "type": "function", "function": WEATHER_CALL}]},
            ),
            ("gen_ai.tool.message", {"content": '{"sky":"sunny","temperature_c":18}', "id": "get_weather"}),
        ],
        "latest": [
            {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
            {
                "role": "assistant",
                "parts": [{"type": "tool_call", "id": None, "name": "get_weather", "arguments": {"city": "Paris"}}],
            },
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": "get_weather", "response": SUNNY}]},
        ],
    }


def result_expected() -> Expected:
    messages = result_messages()
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        base={
            **BASE,
            **api_id(RESULT_ID),
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["STOP"],
            "gen_ai.usage.input_tokens": 96,
            "gen_ai.usage.output_tokens": 11,
        },
        legacy={
            **messages["legacy"],
            **WEATHER_LEGACY,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": ANSWER,
            "gen_ai.completion.0.finish_reason": "STOP",
        },
        events=[
            *messages["events"],
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}},
            ),
        ],
        latest={
            "gen_ai.input.messages": messages["latest"],
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
            ],
            "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
        },
    )


def test_function_response_is_a_tool_message(otel, mode, instrument, call, replay):
    config = {"tools": [{"function_declarations": [WEATHER]}]}
    with replay("genai_tool_result"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=RESULT_CONTENTS, config=config))
    assert response.text == ANSWER
    check(otel, mode, result_expected(), {"input": 96, "output": 11}, canaries=("sunny", "Paris"))


def get_weather(city: str) -> dict:
    """Get the current weather for a city"""
    return SUNNY


# Real types, not the strings this module's annotations are: older SDKs read the signature as given.
get_weather.__annotations__ = {"city": str, "return": dict}


def test_automatic_function_calling_is_one_span_per_model_request(otel, mode, instrument, call, replay):
    """The SDK calls get_weather itself and asks again: two requests, two sibling spans, nothing doubled."""
    config = types.GenerateContentConfig(tools=[get_weather])
    with replay("genai_afc") as cassette:
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=QUESTION, config=config))
    assert cassette.play_count == 2
    assert response.text == ANSWER
    first, second = sorted(otel.spans(), key=lambda span: span.start_time)
    ids = [first.attributes.get("gen_ai.response.id"), second.attributes.get("gen_ai.response.id")]
    assert ids == ([CALL_ID, RESULT_ID] if GEMINI_API_IDS else [None, None])
    assert first.parent == second.parent  # siblings, under whatever the application had open
    assert (first.attributes["gen_ai.usage.input_tokens"], second.attributes["gen_ai.usage.input_tokens"]) == (58, 96)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 2
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        definition = {"llm.request.functions.0.name": "get_weather"}
        assert first.attributes["gen_ai.completion.0.tool_calls.0.name"] == "get_weather"
        # the SDK sends the function's return value as {"result": ...}
        messages = {
            **result_messages()["legacy"],
            "gen_ai.prompt.2.content": '{"result":{"sky":"sunny","temperature_c":18}}',
        }
        assert {key: second.attributes.get(key) for key in messages} == messages
        assert second.attributes["gen_ai.completion.0.content"] == ANSWER
        for span in (first, second):
            assert {key: span.attributes.get(key) for key in definition} == definition
            assert span.attributes["llm.request.functions.0.description"] == "Get the current weather for a city"
    if mode.capture_content and mode.latest and mode.use_legacy_attributes:
        *turns, result = result_messages()["latest"]
        result["parts"][0]["response"] = {"result": SUNNY}
        assert json.loads(second.attributes["gen_ai.input.messages"]) == [*turns, result]
    if not mode.capture_content:
        assert_no_canary(otel, ("sunny", "Paris"))


def test_chat_send_message_is_one_span(otel, mode, instrument, call, replay):
    with replay("genai_text"):
        response = call(lambda sdk: sdk.chats.create(model=MODEL, config=HELLO_CONFIG).send_message(PROMPT))
    assert response.text == HELLO
    check(otel, mode, hello_expected(TEXT_ID if GEMINI_API_IDS else None), HELLO_TOKENS)


def test_chat_send_message_stream_is_one_span(otel, mode, instrument, call, replay):
    chunks: list = []
    with replay("genai_stream"):
        call(lambda sdk: sdk.chats.create(model=MODEL, config=HELLO_CONFIG).send_message_stream(PROMPT), chunks)
    assert "".join(chunk.text for chunk in chunks) == HELLO
    check(otel, mode, hello_expected(STREAM_ID if GEMINI_API_IDS else None, stream=True), HELLO_TOKENS)
