"""converse and converse_stream through boto3 and aioboto3, in every mode: text with a system prompt
and cached tokens, an inference-profile ARN, and a tool turn with reasoning, an image, a document
and an earlier tool result (the stream assembles the same message from its deltas)."""

from __future__ import annotations

import json

import pytest

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import text_exchange
from tests.bedrock import converse_cases as c
from tests.bedrock.expect import base, check
from tests.bedrock.features import CACHE_COUNTS, DOCUMENTS, REASONING, supported
from tests.bedrock.scenarios import CLAUDE, CLAUDE_ARN, HELLO, PROMPT, SCENARIOS, SYSTEM

END_TURN = ("end_turn", "stop", "stop")
TEXT_USAGE = c.TEXT_USAGE_KEPT
TEXT_EXPECTED = {
    stream: Expected(
        span_name=f"chat {CLAUDE}",
        provider_latest="aws.bedrock",
        stream=stream,
        base=base(
            "chat", CLAUDE, **c.TEXT_PARAMETERS, **{"gen_ai.response.finish_reasons": ["end_turn"]}, **TEXT_USAGE
        ),
        **text_exchange(PROMPT, HELLO, END_TURN, system=SYSTEM),
    )
    for stream in (False, True)
}


def test_converse(otel, mode, instrument, call, replay):
    with replay("converse_text"):
        response = call.converse(CLAUDE, **c.CONVERSE_TEXT)
    assert response["output"]["message"]["content"] == [{"text": HELLO}]
    assert response["usage"].get("cacheReadInputTokens") == (8 if CACHE_COUNTS else None)
    check(otel, mode, TEXT_EXPECTED[False])


def test_converse_stream(otel, mode, instrument, call, replay):
    events: list = []
    with replay("converse_stream_text"):
        response = call.converse_stream(CLAUDE, events, **c.CONVERSE_TEXT)
    assert [next(iter(event)) for event in events] == [name for name, _ in SCENARIOS["converse_stream_text"].response]
    assert "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e) == HELLO
    assert set(response) >= {"stream", "ResponseMetadata"}
    check(otel, mode, TEXT_EXPECTED[True])


def test_an_inference_profile_arn_is_the_model_exactly_as_passed(otel, mode, instrument, call, replay):
    with replay("converse_arn"):
        call.converse(CLAUDE_ARN, messages=[{"role": "user", "content": [{"text": PROMPT}]}])
    expected = Expected(
        span_name=f"chat {CLAUDE_ARN}",
        provider_latest="aws.bedrock",
        base=base(
            "chat",
            CLAUDE_ARN,
            **{"gen_ai.response.finish_reasons": ["end_turn"]},
            **{"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 9},
        ),
        **text_exchange(PROMPT, HELLO, END_TURN),
    )
    check(otel, mode, expected)


# --- the tool turn --------------------------------------------------------------------------------
LYON_CALL = {
    "id": c.EARLIER_CALL,
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city":"Lyon"}'},
}
PARIS_CALL = {
    "id": c.NEW_CALL,
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
}
RESULT = '{"rain":false,"temp_c":18}'
MEDIA = [
    {"type": "blob", "modality": "image", "mime_type": "image/png", "content": f"<elided {len(c.PNG)} bytes>"},
    {"type": "blob", "modality": "document", "mime_type": "application/pdf", "content": f"<elided {len(c.PDF)} bytes>"},
][: 2 if DOCUMENTS else 1]
QUESTION_PARTS = [*MEDIA, {"type": "text", "content": c.WEATHER_QUESTION}]
QUESTION_TEXT = json.dumps(QUESTION_PARTS, separators=(",", ":"))
ANSWER_PARTS = [
    {"type": "text", "content": c.CHECKING},
    {"type": "tool_call", "id": c.NEW_CALL, "name": "get_weather", "arguments": {"city": "Paris"}},
]


def output_parts(stream: bool) -> list:
    """The reasoning block; a botocore that does not model it hands Converse's over as an unknown member
    (a part named by it), and ConverseStream's deltas as empty ones (nothing)."""
    if REASONING:
        return [{"type": "reasoning", "content": c.THINKING}, *ANSWER_PARTS]
    return ANSWER_PARTS if stream else [{"type": "reasoningContent"}, *ANSWER_PARTS]


def answer_text(stream: bool) -> str:
    """The completion's content: its text, or the JSON of its parts when one is not text."""
    parts = [part for part in output_parts(stream) if part["type"] != "tool_call"]
    if all(part["type"] in ("text", "reasoning") for part in parts):
        return c.CHECKING
    return json.dumps(parts, separators=(",", ":"))


SCHEMA = c.WEATHER_SPEC["inputSchema"]["json"]
TOOLS_EXPECTED = {
    stream: Expected(
        span_name=f"chat {CLAUDE}",
        provider_latest="aws.bedrock",
        stream=stream,
        base=base(
            "chat",
            CLAUDE,
            **{"gen_ai.request.max_tokens": 1024, "gen_ai.response.finish_reasons": ["tool_use"]},
            **{"gen_ai.usage.input_tokens": 512, "gen_ai.usage.output_tokens": 64},
        ),
        legacy={
            "gen_ai.prompt.0.role": "system",
            "gen_ai.prompt.0.content": SYSTEM,
            "gen_ai.prompt.1.role": "user",
            "gen_ai.prompt.1.content": "Is it raining in Lyon?",
            "gen_ai.prompt.2.role": "assistant",
            "gen_ai.prompt.2.tool_calls.0.id": c.EARLIER_CALL,
            "gen_ai.prompt.2.tool_calls.0.name": "get_weather",
            "gen_ai.prompt.2.tool_calls.0.arguments": '{"city":"Lyon"}',
            "gen_ai.prompt.3.role": "tool",
            "gen_ai.prompt.3.tool_call_id": c.EARLIER_CALL,
            "gen_ai.prompt.3.content": RESULT,
            "gen_ai.prompt.4.role": "user",
            "gen_ai.prompt.4.content": QUESTION_TEXT,
            "llm.request.functions.0.name": "get_weather",
            "llm.request.functions.0.description": "Get the current weather for a city",
            "llm.request.functions.0.parameters": json.dumps(SCHEMA, separators=(",", ":")),
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": answer_text(stream),
            "gen_ai.completion.0.finish_reason": "tool_use",
            **({"gen_ai.completion.0.reasoning": c.THINKING} if REASONING else {}),
            "gen_ai.completion.0.tool_calls.0.id": c.NEW_CALL,
            "gen_ai.completion.0.tool_calls.0.name": "get_weather",
            "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Paris"}',
        },
        events=[
            ("gen_ai.system.message", {"content": SYSTEM}),
            ("gen_ai.user.message", {"content": "Is it raining in Lyon?"}),
            ("gen_ai.assistant.message", {"tool_calls": [LYON_CALL]}),
            ("gen_ai.tool.message", {"id": c.EARLIER_CALL, "content": RESULT}),
            ("gen_ai.user.message", {"content": QUESTION_TEXT}),
            (
                "gen_ai.choice",
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {"role": "assistant", "content": answer_text(stream), "tool_calls": [PARIS_CALL]},
                },
            ),
        ],
        latest={
            "gen_ai.system_instructions": [{"type": "text", "content": SYSTEM}],
            "gen_ai.input.messages": [
                {"role": "user", "parts": [{"type": "text", "content": "Is it raining in Lyon?"}]},
                {
                    "role": "assistant",
                    "parts": [
                        {
                            "type": "tool_call",
                            "id": c.EARLIER_CALL,
                            "name": "get_weather",
                            "arguments": {"city": "Lyon"},
                        }
                    ],
                },
                {
                    "role": "tool",
                    "parts": [
                        {"type": "tool_call_response", "id": c.EARLIER_CALL, "response": {"rain": False, "temp_c": 18}}
                    ],
                },
                {"role": "user", "parts": QUESTION_PARTS},
            ],
            "gen_ai.output.messages": [
                {"role": "assistant", "parts": output_parts(stream), "finish_reason": "tool_call"}
            ],
            "gen_ai.tool.definitions": [
                {
                    "type": "function",
                    "name": "get_weather",
                    "description": "Get the current weather for a city",
                    "parameters": SCHEMA,
                }
            ],
        },
    )
    for stream in (False, True)
}


@pytest.mark.parametrize("stream", [False, True], ids=["converse", "converse_stream"])
def test_a_tool_turn_with_reasoning_media_and_an_earlier_result(stream, otel, mode, instrument, call, replay):
    with replay("converse_stream_tools" if stream else "converse_tools"):
        if stream:
            events: list = []
            call.converse_stream(CLAUDE, events, **supported(c.TOOL_REQUEST))
            assert len(events) == len(SCENARIOS["converse_stream_tools"].response)
        else:
            response = call.converse(CLAUDE, **supported(c.TOOL_REQUEST))
            assert response["stopReason"] == "tool_use"
    check(otel, mode, TOOLS_EXPECTED[stream])
