"""Ollama ``chat``: text, options, tools, tool results, thinking, images, server, errors, the module functions.

Sync and async clients (and ``ollama.chat`` itself), all eight modes, the real ollama SDK.
"""

from __future__ import annotations

import base64
import json

import ollama
import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import sent_json
from tests.ollama.scenarios import (
    CALLS,
    HELLO,
    HELLO_CONTENT,
    MESSAGES,
    METRIC,
    MODEL,
    OPTIONS,
    PROMPT,
    QUESTION,
    TEXT_EXPECTED,
    THINK_BASE,
    THINK_CONTENT,
    THINK_REQUEST,
    THINKING,
    TOOL,
    TOOL_CALLS_EXPECTED,
    TOOL_DEFINITIONS,
    TOOLS_REQUEST,
    answered,
    base,
    check,
    expected,
)
from tests.openai.scenarios import assert_metrics


def test_chat_text(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("chat_text", sent):
        response = call(lambda sdk: sdk.chat(MODEL, MESSAGES, options=OPTIONS))  # model and messages positional
    assert type(response) is ollama.ChatResponse
    assert response.message.content == HELLO
    body = sent_json(sent)  # the request went out unchanged
    assert (body["model"], body["messages"], body["options"], body["stream"]) == (MODEL, MESSAGES, OPTIONS, False)
    check(otel, mode, TEXT_EXPECTED)


def test_module_function_is_traced(otel, mode, instrument, replay, monkeypatch):
    """``ollama.chat`` is the default client's method, bound at import: it is traced too."""
    with replay("chat_text"):
        response = ollama.chat(model=MODEL, messages=MESSAGES, options=ollama.Options(**OPTIONS))
    assert response["message"]["content"] == HELLO  # the SDK's subscriptable model, unchanged
    check(otel, mode, TEXT_EXPECTED)


def test_metrics(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        client.chat(MODEL, MESSAGES, options=OPTIONS)
    assert_metrics(otel, mode, METRIC, {"input": 31, "output": 11}, system="ollama", provider="ollama")


def test_server_from_the_client_host_and_a_missing_count_is_zero(otel, mode, instrument, replay):
    """The host the client was made with; the prompt was cached, so Ollama left prompt_eval_count out."""
    with replay("chat_remote_host"):
        ollama.Client(host="ollama.internal:11500").chat(MODEL, MESSAGES)
    remote = {"server.address": "ollama.internal", "server.port": 11500}
    check(otel, mode, expected(f"chat {MODEL}", {**base(**answered(MODEL, 0, 11)), **remote}, HELLO_CONTENT))


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("chat_tool_calls"):
        response = call(lambda sdk: sdk.chat(**TOOLS_REQUEST))
    assert [tool_call.function.arguments for tool_call in response.message.tool_calls] == [
        {"city": "Paris"},
        {"city": "Tokyo"},
    ]
    check(otel, mode, TOOL_CALLS_EXPECTED)


def get_weather(city: str) -> str:
    """Get the current weather for a city

    Args:
      city: The city
    """
    return "18C and sunny"


def test_python_function_tools_are_described_as_the_sdk_sends_them(otel, mode, instrument, client, replay):
    sent: list = []
    with replay("chat_tool_calls", sent):
        client.chat("qwen3", [{"role": "user", "content": QUESTION}], tools=[get_weather])
    assert sent_json(sent)["tools"] == [TOOL]
    check(otel, mode, TOOL_CALLS_EXPECTED)


ANSWER = "Paris: 18C and sunny. Tokyo: 24C and cloudy. CANARY-COMPLETION-91c2"
HISTORY = [
    {"role": "user", "content": QUESTION},
    {"role": "assistant", "content": "", "tool_calls": CALLS},
    {"role": "tool", "content": "18C and sunny", "tool_name": "get_weather"},
    {"role": "tool", "content": "24C and cloudy", "tool_name": "get_weather"},
]
CALL_EVENTS = [
    {"id": None, "type": "function", "function": {"name": "get_weather", "arguments": f'{{"city":"{city}"}}'}}
    for city in ("Paris", "Tokyo")
]
TOOL_RESULTS_EXPECTED = expected(
    "chat qwen3",
    base(model="qwen3", **answered("qwen3", 214, 21)),
    {
        "legacy": {
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": QUESTION,
            "gen_ai.prompt.1.role": "assistant",
            "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
            "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
            "gen_ai.prompt.1.tool_calls.1.name": "get_weather",
            "gen_ai.prompt.1.tool_calls.1.arguments": '{"city":"Tokyo"}',
            "gen_ai.prompt.2.role": "tool",
            "gen_ai.prompt.2.content": "18C and sunny",
            "gen_ai.prompt.3.role": "tool",
            "gen_ai.prompt.3.content": "24C and cloudy",
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": ANSWER,
            "gen_ai.completion.0.finish_reason": "stop",
            **TOOL_DEFINITIONS["legacy"],
        },
        "events": [
            ("gen_ai.user.message", {"content": QUESTION}),
            ("gen_ai.assistant.message", {"tool_calls": CALL_EVENTS}),
            ("gen_ai.tool.message", {"id": None, "content": "18C and sunny"}),
            ("gen_ai.tool.message", {"id": None, "content": "24C and cloudy"}),
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}},
            ),
        ],
        "latest": {
            "gen_ai.input.messages": [
                {"role": "user", "parts": [{"type": "text", "content": QUESTION}]},
                {
                    "role": "assistant",
                    "parts": [
                        {"type": "tool_call", "id": None, "name": "get_weather", "arguments": {"city": city}}
                        for city in ("Paris", "Tokyo")
                    ],
                },
                {"role": "tool", "parts": [{"type": "tool_call_response", "id": None, "response": "18C and sunny"}]},
                {"role": "tool", "parts": [{"type": "tool_call_response", "id": None, "response": "24C and cloudy"}]},
            ],
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
            ],
            **TOOL_DEFINITIONS["latest"],
        },
    },
)


def test_tool_results(otel, mode, instrument, call, replay):
    history = [*HISTORY[:1], ollama.Message(**HISTORY[1]), *HISTORY[2:]]  # dicts and the SDK's Message alike
    with replay("chat_tool_results"):
        response = call(lambda sdk: sdk.chat("qwen3", history, tools=[TOOL]))
    assert response.message.content == ANSWER
    check(otel, mode, TOOL_RESULTS_EXPECTED)


def test_thinking(otel, mode, instrument, call, replay):
    with replay("chat_thinking"):
        response = call(lambda sdk: sdk.chat(**THINK_REQUEST))
    assert response.message.thinking == THINKING
    check(otel, mode, expected("chat qwen3", THINK_BASE, THINK_CONTENT))


IMAGE_PROMPT = "What is in this picture? CANARY-PROMPT-7f3a"
IMAGE_ANSWER = "A red square. CANARY-COMPLETION-91c2"
IMAGE_PART = {"type": "blob", "modality": "image", "content": "<elided 68 bytes>"}


@pytest.mark.parametrize("image", ["base64", "bytes"])
def test_images_are_elided(otel, mode, instrument, client, replay, image):
    data = bytes(range(68))
    value = base64.b64encode(data).decode() if image == "base64" else data
    with replay("chat_image"):
        client.chat("llava", [{"role": "user", "content": IMAGE_PROMPT, "images": [value]}])
    user_content = [{"type": "text", "content": IMAGE_PROMPT}, IMAGE_PART]
    as_json = json.dumps(user_content, separators=(",", ":"))  # a message with a non-text part: its JSON list
    content = {
        "legacy": {
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": as_json,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": IMAGE_ANSWER,
            "gen_ai.completion.0.finish_reason": "stop",
        },
        "events": [
            ("gen_ai.user.message", {"content": as_json}),
            (
                "gen_ai.choice",
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": IMAGE_ANSWER}},
            ),
        ],
        "latest": {
            "gen_ai.input.messages": [{"role": "user", "parts": user_content}],
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": [{"type": "text", "content": IMAGE_ANSWER}], "finish_reason": "stop"}
            ],
        },
    }
    check(otel, mode, expected("chat llava", base(model="llava", **answered("llava", 590, 7)), content))


def test_response_error(otel, mode, instrument, call, replay):
    with replay("chat_error_404"), pytest.raises(ollama.ResponseError) as caught:
        call(lambda sdk: sdk.chat("llama3.3", [{"role": "user", "content": PROMPT}]))
    assert caught.value.status_code == 404
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.status.description == 'model "llama3.3" not found, try pulling it first (status code: 404)'
    attributes = {k: v for k, v in span.attributes.items() if not k.startswith(("gen_ai.prompt", "gen_ai.input"))}
    provider = {"gen_ai.provider.name": "ollama"} if mode.latest else {"gen_ai.system": "ollama"}
    request = {k: v for k, v in base(model="llama3.3").items() if k != "gen_ai.system"}
    assert attributes == {**request, **provider, "error.type": "ResponseError"}
    assert span.attributes["error.type"] == "ResponseError"
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.attributes["error.type"] == "ResponseError"
