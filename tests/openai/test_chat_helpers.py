"""SDK helpers keep working and still make one complete span: with_raw_response and .stream()."""

from __future__ import annotations

from typing import Any

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
ANSWER = "Hello, CANARY-COMPLETION-91c2!"
MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]

# Content values shared by the chat_text and chat_stream cassettes (same prompt, same answer).
LEGACY = {
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": SYSTEM,
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": PROMPT,
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": ANSWER,
    "gen_ai.completion.0.finish_reason": "stop",
}
EVENTS: list[tuple[str, dict[str, Any]]] = [
    ("gen_ai.system.message", {"content": SYSTEM}),
    ("gen_ai.user.message", {"content": PROMPT}),
    ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
]
LATEST = {
    "gen_ai.input.messages": [
        {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
        {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
    ],
    "gen_ai.output.messages": [
        {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
    ],
}


# --- with_raw_response: the user gets the raw response; the span is the same as for create() ---

RAW_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": MESSAGES,
    "temperature": 0.2,
    "max_tokens": 50,
    "top_p": 0.9,
    "seed": 42,
    "stop": ["\n\n"],
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
}

# The chat_text scenario's expectations (tests/openai/test_chat_text.py), written out again.
RAW_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.temperature": 0.2,
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.top_p": 0.9,
        "gen_ai.request.seed": 42,
        "gen_ai.request.stop_sequences": ["\n\n"],
        "gen_ai.request.frequency_penalty": 0.1,
        "gen_ai.request.presence_penalty": 0.2,
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.id": "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 24,
        "gen_ai.usage.output_tokens": 9,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy=LEGACY,
    events=EVENTS,
    latest=LATEST,
)


def _check_raw(otel, mode, raw):
    assert type(raw).__name__ == "LegacyAPIResponse"
    assert raw.http_response.status_code == 200
    assert raw.headers["x-request-id"] == "req_c645eda725a3d80c5fd105fe59833bc0"
    completion = raw.parse()
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert completion.choices[0].message.content == ANSWER
    assert completion.usage.total_tokens == 33
    assert_telemetry(otel, mode, RAW_EXPECTED)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def test_with_raw_response_sync(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        raw = client.chat.completions.with_raw_response.create(**RAW_REQUEST)
    _check_raw(otel, mode, raw)


async def test_with_raw_response_async(otel, mode, instrument, async_client, replay):
    with replay("chat_text"):
        raw = await async_client.chat.completions.with_raw_response.create(**RAW_REQUEST)
    _check_raw(otel, mode, raw)


# --- chat.completions.stream(): events and get_final_completion() work; exactly one span -------

STREAM_REQUEST = {"model": "gpt-4o-mini", "messages": MESSAGES, "stream_options": {"include_usage": True}}

STREAM_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "server.address": "api.openai.com",
        "server.port": 443,
        "gen_ai.response.id": "chatcmpl-BoIitlEFDZsSSZ1OzhK7eS7YeVnYC",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 24,
        "gen_ai.usage.output_tokens": 6,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
    },
    legacy=LEGACY,
    events=EVENTS,
    latest=LATEST,
    stream=True,
)


def _check_stream(otel, mode, events, final):
    """The helper's own events and final completion are whole, whatever genotel buffers."""
    assert "".join(event.delta for event in events if event.type == "content.delta") == ANSWER
    assert [event.content for event in events if event.type == "content.done"] == [ANSWER]
    assert final.id == "chatcmpl-BoIitlEFDZsSSZ1OzhK7eS7YeVnYC"
    assert final.choices[0].message.content == ANSWER
    assert final.choices[0].finish_reason == "stop"
    assert final.usage.completion_tokens == 6
    assert_telemetry(otel, mode, STREAM_EXPECTED)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)
    points = otel.metric_points()
    (first_chunk,) = points["gen_ai.client.operation.time_to_first_chunk"]
    assert first_chunk.count == 1
    (duration,) = points["gen_ai.client.operation.duration"]
    assert duration.count == 1


def test_stream_helper_sync(otel, mode, instrument, client, replay):
    with replay("chat_stream"), client.chat.completions.stream(**STREAM_REQUEST) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    _check_stream(otel, mode, events, final)


async def test_stream_helper_async(otel, mode, instrument, async_client, replay):
    with replay("chat_stream"):
        async with async_client.chat.completions.stream(**STREAM_REQUEST) as stream:
            events = [event async for event in stream]
            final = await stream.get_final_completion()
    _check_stream(otel, mode, events, final)
