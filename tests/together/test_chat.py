"""Together AI chat.completions.create, streamed or not: text, tools, tool results, reasoning, errors, streams.

Sync and async clients, all eight modes, the real together SDK (2.x and 3.x).
"""

from __future__ import annotations

import gc

import pytest
import together
from opentelemetry.trace import StatusCode

from genotel.core.testing import sent_json
from tests.chat_content import exchange
from tests.openai.scenarios import assert_metrics
from tests.together.scenarios import (
    HELLO,
    MESSAGES,
    METRIC,
    MODEL,
    PARIS,
    PROMPT,
    QUESTION,
    SDK_3,
    STREAM_EXPECTED,
    STREAM_ID,
    STREAM_REQUEST,
    STREAM_TOOL_CALLS_EXPECTED,
    TEXT_EXPECTED,
    TEXT_ID,
    TEXT_REQUEST,
    TOKYO,
    TOOL,
    TOOL_CALLS_EXPECTED,
    TOOLS_REQUEST,
    answered,
    base,
    check,
    expected,
)


def test_chat_text(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("chat_text", sent):
        completion = call(lambda sdk: sdk.chat.completions.create(**TEXT_REQUEST))
    assert completion.id == TEXT_ID and completion.choices[0].message.content == HELLO
    assert sent_json(sent)["messages"] == MESSAGES
    check(otel, mode, TEXT_EXPECTED)


def test_with_raw_response(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        raw = client.chat.completions.with_raw_response.create(**TEXT_REQUEST)
    assert raw.parse().id == TEXT_ID
    check(otel, mode, TEXT_EXPECTED)


def test_metrics(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        client.chat.completions.create(**TEXT_REQUEST)
    assert_metrics(otel, mode, METRIC, {"input": 47, "output": 11}, system="together_ai", provider="together_ai")


def test_base_url_given_is_the_server(otel, mode, instrument, replay):
    """With a base_url of its own the SDK posts chat there, not to the inference host."""
    base_url = "https://api.together.xyz" if SDK_3 else "https://api.together.xyz/v1"  # 3.x paths start with /v1
    client = together.Together(api_key="tgp-test", base_url=base_url, max_retries=0)
    with replay("chat_text"):
        assert client.chat.completions.create(**TEXT_REQUEST).id == TEXT_ID
    (span,) = otel.spans()
    assert (span.attributes["server.address"], span.attributes["server.port"]) == ("api.together.xyz", 443)


def test_tool_calls(otel, mode, instrument, call, replay):
    with replay("chat_tool_calls"):
        completion = call(lambda sdk: sdk.chat.completions.create(**TOOLS_REQUEST))
    assert [tool_call.id for tool_call in completion.choices[0].message.tool_calls] == [PARIS, TOKYO]
    check(otel, mode, TOOL_CALLS_EXPECTED)


HISTORY = [
    {"role": "user", "content": QUESTION},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": "get_weather", "arguments": f'{{"city":"{city}"}}'},
            }
            for call_id, city in ((PARIS, "Paris"), (TOKYO, "Tokyo"))
        ],
    },
    {"role": "tool", "tool_call_id": PARIS, "content": "18C and sunny"},
    {"role": "tool", "tool_call_id": TOKYO, "content": "24C and cloudy"},
]
ANSWER = "Paris: 18C and sunny. Tokyo: 24C and cloudy. CANARY-COMPLETION-91c2"


def test_tool_results(otel, mode, instrument, call, replay):
    with replay("chat_tool_results"):
        completion = call(lambda sdk: sdk.chat.completions.create(model=MODEL, messages=HISTORY, tools=[TOOL]))
    assert completion.choices[0].message.content == ANSWER
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.finish_reasons"] == ("eos",)
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert span.attributes["gen_ai.prompt.1.tool_calls.1.id"] == TOKYO
        assert span.attributes["gen_ai.prompt.3.role"] == "tool"
        assert span.attributes["gen_ai.prompt.3.tool_call_id"] == TOKYO
        assert span.attributes["gen_ai.prompt.3.content"] == "24C and cloudy"


RMODEL = "deepseek-ai/DeepSeek-R1"
RPROMPT = "Is 17 prime? CANARY-PROMPT-7f3a"
REASONING = "17 is not divisible by 2, 3 or 4. CANARY-COMPLETION-91c2"


def test_reasoning(otel, mode, instrument, call, replay):
    with replay("chat_reasoning"):
        completion = call(
            lambda sdk: sdk.chat.completions.create(model=RMODEL, messages=[{"role": "user", "content": RPROMPT}])
        )
    assert completion.choices[0].message.reasoning == REASONING
    content = exchange(
        [("user", RPROMPT)],
        [
            {"type": "reasoning", "content": REASONING},
            {"type": "text", "content": "Yes, 17 is prime. CANARY-COMPLETION-91c2"},
        ],
    )
    attributes = base(model=RMODEL, **answered("oFx3fP2-6UHjtw-98e3c7d8e9f0a1b2", RMODEL, "stop", 14, 96))
    check(otel, mode, expected(f"chat {RMODEL}", attributes, content))


def test_api_error(otel, mode, instrument, call, replay):
    request = {"model": MODEL, "messages": [{"role": "user", "content": PROMPT}], "temperature": 3.5}
    with replay("chat_error_400"), pytest.raises(together.BadRequestError):
        call(lambda sdk: sdk.chat.completions.create(**request))
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["error.type"] == "BadRequestError"
    assert "`temperature` must be between 0 and 2" in span.status.description
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.attributes["error.type"] == "BadRequestError"


# --- streams ------------------------------------------------------------------------------------------------

STREAMS = {
    "chat_stream": (STREAM_REQUEST, STREAM_EXPECTED, 7),
    "chat_stream_tool_calls": ({**TOOLS_REQUEST, "stream": True}, STREAM_TOOL_CALLS_EXPECTED, 6),
}


@pytest.mark.parametrize("name", STREAMS)
def test_stream(otel, mode, instrument, call, replay, name):
    request, want, count = STREAMS[name]
    with replay(name):
        chunks = call(lambda sdk: sdk.chat.completions.create(**request), into=[])
    assert len(chunks) == count and chunks[-1].usage is not None
    assert isinstance(call.returned, together.AsyncStream if call.is_async else together.Stream)
    check(otel, mode, want)


def test_stream_with_and_metrics(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.create(**STREAM_REQUEST) as stream:
        text = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    assert text == HELLO
    assert_metrics(
        otel, mode, METRIC, {"input": 47, "output": 7}, stream=True, system="together_ai", provider="together_ai"
    )


def test_streamed_with_streaming_response(otel, mode, instrument, client, replay):
    """``with_streaming_response`` on a stream: what ``parse()`` returns inside the block is observed."""
    with replay("chat_stream"), client.chat.completions.with_streaming_response.create(**STREAM_REQUEST) as response:
        stream = response.parse()
        assert type(stream) is together.Stream
        text = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    assert text == HELLO
    check(otel, mode, STREAM_EXPECTED)


def test_break_then_gc(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        stream = client.chat.completions.create(**STREAM_REQUEST)
        for chunk in stream:
            if chunk.choices[0].delta.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.id"] == STREAM_ID
    assert "gen_ai.usage.input_tokens" not in span.attributes
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert span.attributes["gen_ai.completion.0.content"] == "Hello,"
