"""Scenario data shared by the OpenAI tests (cassettes/openai/INDEX.md), and the checks they all make.

Imported as ``from tests.openai.scenarios import ...`` (tests/ is a package).
"""

from __future__ import annotations

from typing import Any

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
SERVER = {"server.address": "api.openai.com", "server.port": 443}
CHAT_BASE = {
    "gen_ai.operation.name": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    **SERVER,
}
MINI_MODEL = {"gen_ai.response.model": "gpt-4o-mini-2024-07-18"}
NO_CACHE_NO_REASONING = {"gen_ai.usage.cache_read.input_tokens": 0, "gen_ai.usage.reasoning.output_tokens": 0}
DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
TOKEN_BUCKETS = [
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
]  # fmt: skip


def check_telemetry(otel, mode, expected: Expected, canaries: tuple[str, ...] = CANARIES) -> None:
    """The whole exported telemetry, and none of the canaries when content capture is off."""
    assert_telemetry(otel, mode, expected)
    if not mode.capture_content:
        assert_no_canary(otel, canaries)


def assert_metrics(otel, mode, attributes, tokens, *, stream=False, system="openai", provider="openai") -> None:
    """One call's metric points (DESIGN.md, "Metrics"): attributes, counts, sums and buckets.

    ``attributes`` leave out the provider attribute, added here as the mode names it;
    ``tokens`` maps each token type to its sum (empty: no token usage metric at all).
    """
    attributes = {**attributes, **({"gen_ai.provider.name": provider} if mode.latest else {"gen_ai.system": system})}
    points = otel.metric_points()
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == attributes
    assert duration.count == 1
    assert list(duration.explicit_bounds) == DURATION_BUCKETS
    if tokens:
        assert len(points["gen_ai.client.token.usage"]) == len(tokens)
        usage = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
        assert {kind: (point.sum, point.count) for kind, point in usage.items()} == {
            kind: (total, 1) for kind, total in tokens.items()
        }
        for kind, point in usage.items():
            assert dict(point.attributes) == {**attributes, "gen_ai.token.type": kind}
            assert list(point.explicit_bounds) == TOKEN_BUCKETS
    else:
        assert "gen_ai.client.token.usage" not in points
    if stream:
        (first_chunk,) = points["gen_ai.client.operation.time_to_first_chunk"]
        assert dict(first_chunk.attributes) == attributes
        assert first_chunk.count == 1
        assert first_chunk.sum == otel.spans()[0].attributes["gen_ai.response.time_to_first_chunk"]
        assert list(first_chunk.explicit_bounds) == DURATION_BUCKETS
    else:
        assert "gen_ai.client.operation.time_to_first_chunk" not in points


def streamed_text(chunks) -> str:
    """The text a chat completions stream delivered."""
    return "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)


# --- chat_text and chat_stream: the same system prompt, user prompt and answer ----------------------

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
CHAT_MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]

PROMPTS_LEGACY = {
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": SYSTEM,
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": PROMPT,
}
PROMPT_EVENTS: list[tuple[str, dict[str, Any]]] = [
    ("gen_ai.system.message", {"content": SYSTEM}),
    ("gen_ai.user.message", {"content": PROMPT}),
]
INPUT_MESSAGES = [
    {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
    {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
]
HELLO_LEGACY = {
    **PROMPTS_LEGACY,
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": HELLO,
    "gen_ai.completion.0.finish_reason": "stop",
}
HELLO_EVENTS = [
    *PROMPT_EVENTS,
    ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": HELLO}}),
]
HELLO_OUTPUT = [{"role": "assistant", "parts": [{"type": "text", "content": HELLO}], "finish_reason": "stop"}]

CHAT_TEXT_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": CHAT_MESSAGES,
    "temperature": 0.2,
    "max_tokens": 50,
    "top_p": 0.9,
    "seed": 42,
    "stop": ["\n\n"],
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
}
CHAT_TEXT_REQUEST_ATTRIBUTES = {
    **CHAT_BASE,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.max_tokens": 50,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.seed": 42,
    "gen_ai.request.stop_sequences": ["\n\n"],
    "gen_ai.request.frequency_penalty": 0.1,
    "gen_ai.request.presence_penalty": 0.2,
}
CHAT_TEXT_ID = "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
CHAT_TEXT_RESPONSE_ATTRIBUTES = {
    "gen_ai.response.id": CHAT_TEXT_ID,
    **MINI_MODEL,
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.usage.input_tokens": 24,
    "gen_ai.usage.output_tokens": 9,
    **NO_CACHE_NO_REASONING,
}
CHAT_TEXT_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={**CHAT_TEXT_REQUEST_ATTRIBUTES, **CHAT_TEXT_RESPONSE_ATTRIBUTES},
    legacy=HELLO_LEGACY,
    events=HELLO_EVENTS,
    latest={"gen_ai.input.messages": INPUT_MESSAGES, "gen_ai.output.messages": HELLO_OUTPUT},
)
# The metric attributes of every api.openai.com gpt-4o-mini chat call (provider attribute aside).
CHAT_METRIC = {"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", **MINI_MODEL, **SERVER}

CHAT_STREAM_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": CHAT_MESSAGES,
    "stream": True,
    "stream_options": {"include_usage": True},
}
CHAT_STREAM_ID = "chatcmpl-BoIitlEFDZsSSZ1OzhK7eS7YeVnYC"
CHAT_STREAM_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    stream=True,
    base={
        **CHAT_BASE,
        **MINI_MODEL,
        "gen_ai.response.id": CHAT_STREAM_ID,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 24,
        "gen_ai.usage.output_tokens": 6,
        **NO_CACHE_NO_REASONING,
    },
    legacy=HELLO_LEGACY,
    events=HELLO_EVENTS,
    latest={"gen_ai.input.messages": INPUT_MESSAGES, "gen_ai.output.messages": HELLO_OUTPUT},
)

# --- chat_missing_usage: no usage key in the response ---------------------------------------------

MISSING_USAGE_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Reply with OK."}]}
MISSING_USAGE_ID = "chatcmpl-BovR9HEJgeVSzQUHaXRxnZj676mOQ"
MISSING_USAGE_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        **CHAT_BASE,
        **MINI_MODEL,
        "gen_ai.response.id": MISSING_USAGE_ID,
        "gen_ai.response.finish_reasons": ["stop"],
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Reply with OK.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "OK",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": "Reply with OK."}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "OK"}}),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Reply with OK."}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "OK"}], "finish_reason": "stop"}
        ],
    },
)

# --- the get_weather tool of the chat and Responses tool cassettes --------------------------------

WEATHER_QUESTION = "What's the weather in Paris and in Tokyo?"
WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
WEATHER_TOOL = {  # as chat.completions takes it
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": WEATHER_PARAMETERS,
    },
}
WEATHER_FUNCTION_LEGACY = {  # legacy attributes: parameters as a JSON string
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the current weather for a city",
    "llm.request.functions.0.parameters": (
        '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
    ),
}
WEATHER_DEFINITIONS = [  # latest gen_ai.tool.definitions
    {
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }
]


def event_tool_calls(calls) -> list[dict[str, Any]]:
    """get_weather calls as 1.36 events carry them; ``calls`` are (id, city, arguments as sent)."""
    return [
        {"id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": arguments}}
        for call_id, _city, arguments in calls
    ]


def latest_tool_calls(calls) -> list[dict[str, Any]]:
    """The same calls as latest parts: arguments parsed to objects."""
    return [
        {"type": "tool_call", "id": call_id, "name": "get_weather", "arguments": {"city": city}}
        for call_id, city, _arguments in calls
    ]


def weather_calls_content(question, calls) -> dict[str, Any]:
    """Expected(legacy=..., events=..., latest=...) of one user question answered by get_weather calls."""
    legacy = {
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": question,
        **WEATHER_FUNCTION_LEGACY,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.finish_reason": "tool_calls",  # raw value
    }
    for index, (call_id, _city, arguments) in enumerate(calls):
        legacy[f"gen_ai.completion.0.tool_calls.{index}.id"] = call_id
        legacy[f"gen_ai.completion.0.tool_calls.{index}.name"] = "get_weather"
        legacy[f"gen_ai.completion.0.tool_calls.{index}.arguments"] = arguments
    choice = {
        "index": 0,
        "finish_reason": "tool_calls",  # the 1.36 enum
        "message": {"role": "assistant", "tool_calls": event_tool_calls(calls)},
    }
    return {
        "legacy": legacy,
        "events": [("gen_ai.user.message", {"content": question}), ("gen_ai.choice", choice)],
        "latest": {
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": question}]}],
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": latest_tool_calls(calls), "finish_reason": "tool_call"}  # latest enum
            ],
            "gen_ai.tool.definitions": WEATHER_DEFINITIONS,
        },
    }


# --- completions_text and completions_stream: the same prompt and completion ------------------------

COMPLETIONS_REQUEST = {
    "model": "gpt-3.5-turbo-instruct",
    "prompt": "Say this is a test",
    "max_tokens": 7,
    "temperature": 0,
}
COMPLETION = "\n\nThis is a test."
COMPLETIONS_BASE = {
    "gen_ai.operation.name": "text_completion",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-3.5-turbo-instruct",
    "gen_ai.request.max_tokens": 7,
    "gen_ai.request.temperature": 0,
    **SERVER,
    "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
    "gen_ai.response.finish_reasons": ["length"],
}
COMPLETIONS_CONTENT: dict[str, Any] = {  # Expected(legacy=..., events=..., latest=...)
    "legacy": {
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Say this is a test",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": COMPLETION,
        "gen_ai.completion.0.finish_reason": "length",
    },
    "events": [
        ("gen_ai.user.message", {"content": "Say this is a test"}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": COMPLETION}},
        ),
    ],
    "latest": {
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Say this is a test"}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": COMPLETION}], "finish_reason": "length"}
        ],
    },
}
COMPLETIONS_METRIC = {
    "gen_ai.operation.name": "text_completion",
    "gen_ai.request.model": "gpt-3.5-turbo-instruct",
    "gen_ai.response.model": "gpt-3.5-turbo-instruct:20230824-v2",
    **SERVER,
}

# --- responses_text and responses_stream: chat_text's prompts as instructions + input ----------------

RESPONSES_REQUEST = {
    "model": "gpt-4.1-mini",
    "instructions": SYSTEM,
    "input": PROMPT,
    "max_output_tokens": 50,
    "temperature": 0.2,
}
RESPONSES_BASE = {
    "gen_ai.operation.name": "chat",
    "gen_ai.system": "openai",
    "gen_ai.request.model": "gpt-4.1-mini",
    "gen_ai.request.max_tokens": 50,
    "gen_ai.request.temperature": 0.2,
    **SERVER,
    "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.usage.input_tokens": 20,
    "gen_ai.usage.output_tokens": 9,
    **NO_CACHE_NO_REASONING,
}
RESPONSES_CONTENT: dict[str, Any] = {  # instructions are the system prompt; latest has them apart
    "legacy": HELLO_LEGACY,
    "events": HELLO_EVENTS,
    "latest": {
        "gen_ai.system_instructions": [{"type": "text", "content": SYSTEM}],
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}],
        "gen_ai.output.messages": HELLO_OUTPUT,
    },
}
RESPONSES_METRIC = {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-4.1-mini",
    "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
    **SERVER,
}
