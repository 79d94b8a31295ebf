"""chat.completions.create, plain text: the reference scenario, sync and async, in every mode."""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")

REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a terse assistant."},
        {"role": "user", "content": "Say hello to CANARY-PROMPT-7f3a."},
    ],
    "temperature": 0.2,
    "max_tokens": 50,
    "top_p": 0.9,
    "seed": 42,
    "stop": ["\n\n"],
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
}

EXPECTED = Expected(
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
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "You are a terse assistant.",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "Say hello to CANARY-PROMPT-7f3a.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Hello, CANARY-COMPLETION-91c2!",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.system.message", {"content": "You are a terse assistant."}),
        ("gen_ai.user.message", {"content": "Say hello to CANARY-PROMPT-7f3a."}),
        (
            "gen_ai.choice",
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": "Hello, CANARY-COMPLETION-91c2!"},
            },
        ),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "system", "parts": [{"type": "text", "content": "You are a terse assistant."}]},
            {"role": "user", "parts": [{"type": "text", "content": "Say hello to CANARY-PROMPT-7f3a."}]},
        ],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": "Hello, CANARY-COMPLETION-91c2!"}],
                "finish_reason": "stop",
            }
        ],
    },
)


def _check(otel, mode, completion):
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert completion.choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"
    assert_telemetry(otel, mode, EXPECTED)
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def test_sync(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        completion = client.chat.completions.create(**REQUEST)
    _check(otel, mode, completion)


async def test_async(otel, mode, instrument, async_client, replay):
    with replay("chat_text"):
        completion = await async_client.chat.completions.create(**REQUEST)
    _check(otel, mode, completion)


def test_metrics(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        client.chat.completions.create(**REQUEST)
    points = otel.metric_points()
    provider_key = "gen_ai.provider.name" if mode.latest else "gen_ai.system"
    attributes = {
        "gen_ai.operation.name": "chat",
        provider_key: "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "server.address": "api.openai.com",
        "server.port": 443,
    }
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == attributes
    assert duration.count == 1
    assert list(duration.explicit_bounds) == [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]  # fmt: skip
    tokens = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
    assert tokens["input"].sum == 24 and tokens["input"].count == 1
    assert tokens["output"].sum == 9 and tokens["output"].count == 1
    assert dict(tokens["input"].attributes) == {**attributes, "gen_ai.token.type": "input"}
    assert list(tokens["input"].explicit_bounds) == [
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]  # fmt: skip
    assert "gen_ai.client.operation.time_to_first_chunk" not in points
