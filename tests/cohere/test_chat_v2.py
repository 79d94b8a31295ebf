"""ClientV2 / AsyncClientV2 ``chat`` through the real cohere SDK, every mode: text, tools, tool results."""

from __future__ import annotations

import cohere

from genotel.core.testing import Expected, sent_json
from tests.anthropic.claude_scenarios import check
from tests.cohere.scenarios import (
    CALLS,
    CHAT_BASE,
    HELLO,
    HELLO_TOKENS,
    MODEL,
    PARIS,
    PLAN,
    QUESTION,
    TEXT_ID,
    TEXT_REQUEST,
    TOKYO,
    TOOLS_REQUEST,
    WEATHER_DEFINITIONS,
    WEATHER_FUNCTION_LEGACY,
    WEATHER_TOOL,
    hello_expected,
    latest_call,
    tools_expected,
)

# the v2 chat response class: ChatResponse in cohere 5.x, V2ChatResponse in 7.x
V2_CHAT_RESPONSE = getattr(cohere, "V2ChatResponse", None) or cohere.ChatResponse


def test_chat_text(otel, mode, instrument, call, replay):
    with replay("v2_chat_text"):
        response = call(lambda sdk: sdk.chat(**TEXT_REQUEST))
    assert isinstance(response, V2_CHAT_RESPONSE)
    assert response.id == TEXT_ID
    assert response.message.content[0].text == HELLO
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_the_request_sent_is_unchanged(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("v2_chat_text", sent):
        call(lambda sdk: sdk.chat(**TEXT_REQUEST))
    body = sent_json(sent)
    assert body["messages"] == TEXT_REQUEST["messages"]
    assert (body["k"], body["p"], body["seed"]) == (40, 0.9, 7)


def test_v2_through_the_v1_client(otel, mode, instrument, replay):
    """``Client().v2.chat`` is the same V2 resource."""
    with replay("v2_chat_text"):
        cohere.Client(api_key="test").v2.chat(**TEXT_REQUEST)
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_custom_base_url(otel, instrument, replay):
    client = cohere.ClientV2(api_key="test", base_url="https://api.cohere.com")
    with replay("v2_chat_text"):
        client.chat(**TEXT_REQUEST)
    (span,) = otel.spans()
    assert (span.attributes["server.address"], span.attributes["server.port"]) == ("api.cohere.com", 443)


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("v2_chat_tools"):
        response = call(lambda sdk: sdk.chat(**TOOLS_REQUEST))
    assert response.message.tool_plan == PLAN
    assert [c.id for c in response.message.tool_calls] == [PARIS, TOKYO]
    check(otel, mode, tools_expected("e2b0f0a4-5c3d-4f1e-9a7b-8c6d5e4f3a21"), {"input": 1395, "output": 77})


ANSWER = "Paris is 18°C and cloudy; Tokyo is 24°C and sunny."
PARIS_DATA, TOKYO_DATA = '{"temp_c": 18, "sky": "cloudy"}', '{"temp_c": 24, "sky": "sunny"}'
RESULTS_REQUEST = {
    "model": MODEL,
    "tools": [WEATHER_TOOL],
    "messages": [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "tool_plan": PLAN, "tool_calls": CALLS},
        {"role": "tool", "tool_call_id": PARIS, "content": [{"type": "document", "document": {"data": PARIS_DATA}}]},
        {"role": "tool", "tool_call_id": TOKYO, "content": [{"type": "document", "document": {"data": TOKYO_DATA}}]},
    ],
}
RESULTS_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="cohere",
    base={
        **CHAT_BASE,
        "gen_ai.response.id": "a7f3c9e1-4b2d-4f6a-8e0c-1d3b5f7a9c2e",
        "gen_ai.response.finish_reasons": ["COMPLETE"],
        "gen_ai.usage.input_tokens": 1621,
        "gen_ai.usage.output_tokens": 50,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": QUESTION,
        "gen_ai.prompt.1.role": "assistant",
        # the plan is a reasoning part: the content is the JSON list of the turn's non-call parts
        "gen_ai.prompt.1.content": '[{"type":"reasoning","content":"' + PLAN + '"}]',
        "gen_ai.prompt.1.tool_calls.0.id": PARIS,
        "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.0.arguments": CALLS[0]["function"]["arguments"],
        "gen_ai.prompt.1.tool_calls.1.id": TOKYO,
        "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
        "gen_ai.prompt.1.tool_calls.1.arguments": CALLS[1]["function"]["arguments"],
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.content": PARIS_DATA,
        "gen_ai.prompt.2.tool_call_id": PARIS,
        "gen_ai.prompt.3.role": "tool",
        "gen_ai.prompt.3.content": TOKYO_DATA,
        "gen_ai.prompt.3.tool_call_id": TOKYO,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "COMPLETE",
    },
    events=[
        ("gen_ai.user.message", {"content": QUESTION}),
        (
            "gen_ai.assistant.message",
            {"content": '[{"type":"reasoning","content":"' + PLAN + '"}]', "tool_calls": CALLS},
        ),
        ("gen_ai.tool.message", {"content": PARIS_DATA, "id": PARIS}),
        ("gen_ai.tool.message", {"content": TOKYO_DATA, "id": TOKYO}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
            {
                "role": "assistant",
                "parts": [
                    {"type": "reasoning", "content": PLAN},
                    latest_call(PARIS, CALLS[0]["function"]["arguments"]),
                    latest_call(TOKYO, CALLS[1]["function"]["arguments"]),
                ],
            },
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": PARIS, "response": PARIS_DATA}]},
            {"role": "tool", "parts": [{"type": "tool_call_response", "id": TOKYO, "response": TOKYO_DATA}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
        "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
    },
)


def test_tool_results(otel, mode, instrument, call, replay):
    with replay("v2_chat_tool_results"):
        response = call(lambda sdk: sdk.chat(**RESULTS_REQUEST))
    assert response.message.content[0].text == ANSWER
    check(otel, mode, RESULTS_EXPECTED, {"input": 1621, "output": 50}, canaries=("cloudy", "sunny"))
