"""chat.complete / complete_async through the real mistralai SDK, every mode: text, tools, tool results, reasoning."""

from __future__ import annotations

import json

import pydantic
import pytest

from genotel.core.testing import Expected, sent_json
from tests.anthropic.claude_scenarios import check
from tests.mistralai.scenarios import (
    CHAT_BASE,
    HELLO,
    HELLO_TOKENS,
    MODEL,
    PARIS,
    PARIS_ARGS,
    QUESTION,
    TEXT_ID,
    TEXT_REQUEST,
    TOKYO,
    TOKYO_ARGS,
    TOOLS_REQUEST,
    WEATHER_DEFINITIONS,
    WEATHER_FUNCTION_LEGACY,
    WEATHER_TOOL,
    hello_expected,
    models,
    tools_expected,
)


def test_chat_text(otel, mode, instrument, call, replay):
    with replay("chat_text"):
        completion = call(lambda sdk: sdk.chat.complete(**TEXT_REQUEST))
    assert type(completion).__name__ == "ChatCompletionResponse"
    assert completion.id == TEXT_ID
    assert completion.choices[0].message.content == HELLO
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_the_request_sent_is_unchanged(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("chat_text", sent):
        call(lambda sdk: sdk.chat.complete(**TEXT_REQUEST))
    body = sent_json(sent)
    assert body["messages"] == TEXT_REQUEST["messages"]
    assert body["random_seed"] == 42
    assert body["stop"] == ["\n\n"]


def test_self_hosted_server(otel, mode, instrument, replay):
    """server.address and server.port come from the client's server_url (its port kept)."""
    from tests.mistralai.scenarios import Mistral

    client = Mistral(api_key="test", server_url="http://mistral.internal:8080")
    with replay("chat_self_hosted"):
        client.chat.complete(**TEXT_REQUEST)
    expected = hello_expected(
        "cmpl-4c0f8e2a6b1d4937a5e3c7b9d1f0a2e8", server={"server.address": "mistral.internal", "server.port": 8080}
    )
    check(otel, mode, expected, HELLO_TOKENS)


def test_per_call_server_url(otel, mode, instrument, client, replay):
    with replay("chat_self_hosted"):
        client.chat.complete(**TEXT_REQUEST, server_url="http://mistral.internal:8080")
    (span,) = otel.spans()
    assert span.attributes["server.address"] == "mistral.internal"
    assert span.attributes["server.port"] == 8080


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("chat_tools"):
        completion = call(lambda sdk: sdk.chat.complete(**TOOLS_REQUEST))
    assert [c.id for c in completion.choices[0].message.tool_calls] == [PARIS, TOKYO]
    check(otel, mode, tools_expected("7c4e2b9f1a0d4c3e8b6f5a2d9e1c0b74"), {"input": 96, "output": 40})


ANSWER = "Paris: 18°C and cloudy. Tokyo: 24°C and sunny."
PARIS_RESULT, TOKYO_RESULT = '{"temp_c": 18, "sky": "cloudy"}', '{"temp_c": 24, "sky": "sunny"}'
RESULTS_REQUEST = {
    "model": MODEL,
    "tools": [WEATHER_TOOL],
    "messages": [
        {"role": "user", "content": QUESTION},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": PARIS, "type": "function", "function": {"name": "get_weather", "arguments": PARIS_ARGS}},
                {"id": TOKYO, "type": "function", "function": {"name": "get_weather", "arguments": TOKYO_ARGS}},
            ],
        },
        {"role": "tool", "content": PARIS_RESULT, "tool_call_id": PARIS, "name": "get_weather"},
        {"role": "tool", "content": TOKYO_RESULT, "tool_call_id": TOKYO, "name": "get_weather"},
    ],
}


def _event_call(call_id: str, arguments: str) -> dict:
    return {"id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": arguments}}


def _latest_call(call_id: str, arguments: str) -> dict:
    return {"type": "tool_call", "id": call_id, "name": "get_weather", "arguments": json.loads(arguments)}


RESULTS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="mistral_ai",
    base={
        **CHAT_BASE,
        "gen_ai.response.id": "1d8f3b6e9c2a4f07b5e1a3c9d7f2b084",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 187,
        "gen_ai.usage.output_tokens": 19,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        "gen_ai.prompt.1.role": "assistant",
        "gen_ai.prompt.1.tool_calls.0.id": PARIS,
        "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments": PARIS_ARGS,
        "gen_ai.prompt.1.tool_calls.1.id": TOKYO,
        "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.1.arguments": TOKYO_ARGS,
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.content": PARIS_RESULT,
        "gen_ai.prompt.2.tool_call_id": PARIS,
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.content": TOKYO_RESULT,
        "gen_ai.prompt.3.tool_call_id": TOKYO,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        ("gen_ai.assistant.message", {"tool_calls": [_event_call(PARIS, PARIS_ARGS), _event_call(TOKYO, TOKYO_ARGS)]}),
        ("gen_ai.tool.message", {"content": PARIS_RESULT, "id": PARIS}),
        ("gen_ai.tool.message", {"content": TOKYO_RESULT, "id": TOKYO}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
            {"role": "assistant", "parts": [_latest_call(PARIS, PARIS_ARGS), _latest_call(TOKYO, TOKYO_ARGS)]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS, "response": PARIS_RESULT}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO, "response": TOKYO_RESULT}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)


def test_tool_results(otel, mode, instrument, call, replay):
    with replay("chat_tool_results"):
        completion = call(lambda sdk: sdk.chat.complete(**RESULTS_REQUEST))
    assert completion.choices[0].message.content == ANSWER
    check(otel, mode, RESULTS_EXPECTED, {"input": 187, "output": 19}, canaries=("cloudy", "sunny"))


# --- chat_thinking: a magistral answer whose content is a thinking chunk then text, cut by max_tokens ---
THINKING = "1001 = 7 × 143 and 143 = 11 × 13, so it is composite."  # noqa: RUF001
VERDICT = "No: 1001 = 7 × 11 × 13."  # noqa: RUF001
THINKING_EXPECTED = Expected(
    span_name="chat magistral-medium-latest",
    provider_latest="mistral_ai",
    base={
        **CHAT_BASE,
        "gen_ai.request.model": "magistral-medium-latest",
        "gen_ai.request.max_tokens": 200,
        "gen_ai.response.id": "5a2c8e1f7b9d4036a4c2e8f1b6d9a307",
        "gen_ai.response.model": "magistral-medium-2509",
        "gen_ai.response.finish_reasons": ["length"],
        "gen_ai.usage.input_tokens": 10,
        "gen_ai.usage.output_tokens": 200,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Is 1001 prime?",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": VERDICT,
        "gen_ai.completion.0.reasoning": THINKING,
        "gen_ai.completion.0.finish_reason": "length",
    },
    events=[
        ("gen_ai.user.message", {"content": "Is 1001 prime?"}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": VERDICT}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Is 1001 prime?"}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "reasoning", "content": THINKING}, {"type": "text", "content": VERDICT}],
                "finish_reason": "length",
            }
        ],
    },
)


def test_thinking_chunks_are_reasoning(otel, mode, instrument, call, replay):
    """Newer SDKs parse thinking chunks; older ones (before ``ThinkChunk``) reject the answer, which
    the span records as the SDK's own error."""
    request = {
        "model": "magistral-medium-latest",
        "max_tokens": 200,
        "messages": [{"role": "user", "content": "Is 1001 prime?"}],
    }
    if not hasattr(models, "ThinkChunk"):
        with replay("chat_thinking"), pytest.raises(pydantic.ValidationError):
            call(lambda sdk: sdk.chat.complete(**request))
        (span,) = otel.spans()
        assert span.attributes["error.type"] == "ValidationError"
        return
    with replay("chat_thinking"):
        completion = call(lambda sdk: sdk.chat.complete(**request))
    assert completion.choices[0].message.content[1].text == VERDICT
    check(otel, mode, THINKING_EXPECTED, {"input": 10, "output": 200}, canaries=("composite", "7 × 11"))  # noqa: RUF001
