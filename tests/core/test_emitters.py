"""The emitters of every mode, fed a hand-built neutral request and response (no SDK, no instrumentor).

One conversation exercises every part kind: system instructions, user text with an image
blob, an assistant tool call, a tool result, joined user text, reasoning and a tool call in
the completion, and a tool definition.
"""

from __future__ import annotations

import json

import pytest
from opentelemetry.trace import SpanKind, StatusCode

from genotel.core import (
    BlobPart,
    Config,
    Message,
    OutputMessage,
    Provider,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    Usage,
)
from genotel.core.invocation import Telemetry

PROVIDER = Provider("openai", "openai")

PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def make_request() -> Request:
    return Request(
        operation="chat",
        provider=PROVIDER,
        model="gpt-test",
        max_tokens=100,
        temperature=0.5,
        server_address="api.example.com",
        server_port=443,
        system_instructions=[TextPart("Be brief.")],
        messages=[
            Message("user", [TextPart("What is this?"), BlobPart("image", "image/png", 79)]),
            Message("assistant", [ToolCallPart("call_1", "get_weather", '{"city":"Paris"}')]),
            Message("tool", [ToolCallResponsePart("call_1", '{"temp_c":18}')]),
            Message("user", [TextPart("Thanks."), TextPart("And Tokyo?")]),
        ],
        tool_definitions=[ToolDefinition("get_weather", "Get the weather", PARAMETERS)],
    )


def make_response() -> Response:
    return Response(
        id="resp-1",
        model="gpt-test-2025",
        messages=[
            OutputMessage(
                "assistant",
                [
                    ReasoningPart("Think."),
                    TextPart("Tokyo is next."),
                    ToolCallPart("call_2", "get_weather", '{"city":"Tokyo"}'),
                ],
                "tool_calls",
            )
        ],
        usage=Usage(input_tokens=10, output_tokens=20, cache_read_input_tokens=2, reasoning_output_tokens=5),
    )


REQUEST_BASE = {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-test",
    "gen_ai.request.max_tokens": 100,
    "gen_ai.request.temperature": 0.5,
    "server.address": "api.example.com",
    "server.port": 443,
}
BASE = {
    **REQUEST_BASE,
    "gen_ai.response.id": "resp-1",
    "gen_ai.response.model": "gpt-test-2025",
    "gen_ai.response.finish_reasons": ("tool_calls",),
    "gen_ai.usage.input_tokens": 10,
    "gen_ai.usage.output_tokens": 20,
    "gen_ai.usage.cache_read.input_tokens": 2,
    "gen_ai.usage.reasoning.output_tokens": 5,
}
BASE_1_36 = {**BASE, "gen_ai.system": "openai"}
BASE_LATEST = {**BASE, "gen_ai.provider.name": "openai"}

USER_IMAGE_JSON = (
    '[{"type":"text","content":"What is this?"},'
    '{"type":"blob","modality":"image","mime_type":"image/png","content":"<elided 79 bytes>"}]'
)

LEGACY = {
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": "Be brief.",
    "gen_ai.prompt.1.role": "user",
    "gen_ai.prompt.1.content": USER_IMAGE_JSON,
    "gen_ai.prompt.2.role": "assistant",
    "gen_ai.prompt.2.tool_calls.0.id": "call_1",
    "gen_ai.prompt.2.tool_calls.0.name": "get_weather",
    "gen_ai.prompt.2.tool_calls.0.arguments": '{"city":"Paris"}',
    "gen_ai.prompt.3.role": "tool",
    "gen_ai.prompt.3.tool_call_id": "call_1",
    "gen_ai.prompt.3.content": '{"temp_c":18}',
    "gen_ai.prompt.4.role": "user",
    "gen_ai.prompt.4.content": "Thanks.\nAnd Tokyo?",
    "llm.request.functions.0.name": "get_weather",
    "llm.request.functions.0.description": "Get the weather",
    "llm.request.functions.0.parameters": (
        '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
    ),
    "gen_ai.completion.0.role": "assistant",
    "gen_ai.completion.0.content": "Tokyo is next.",
    "gen_ai.completion.0.finish_reason": "tool_calls",
    "gen_ai.completion.0.reasoning": "Think.",
    "gen_ai.completion.0.tool_calls.0.id": "call_2",
    "gen_ai.completion.0.tool_calls.0.name": "get_weather",
    "gen_ai.completion.0.tool_calls.0.arguments": '{"city":"Tokyo"}',
}

EVENTS_WITH_CONTENT = [
    ("gen_ai.system.message", {"content": "Be brief."}),
    ("gen_ai.user.message", {"content": USER_IMAGE_JSON}),
    (
        "gen_ai.assistant.message",
        {
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                }
            ]
        },
    ),
    ("gen_ai.tool.message", {"id": "call_1", "content": '{"temp_c":18}'}),
    ("gen_ai.user.message", {"content": "Thanks.\nAnd Tokyo?"}),
    (
        "gen_ai.choice",
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": "Tokyo is next.",
                "tool_calls": [
                    {
                        "id": "call_2",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city":"Tokyo"}'},
                    }
                ],
            },
        },
    ),
]

EVENTS_WITHOUT_CONTENT = [
    ("gen_ai.system.message", {}),
    ("gen_ai.user.message", {}),
    (
        "gen_ai.assistant.message",
        {"tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather"}}]},
    ),
    ("gen_ai.tool.message", {"id": "call_1"}),
    ("gen_ai.user.message", {}),
    (
        "gen_ai.choice",
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "tool_calls": [{"id": "call_2", "type": "function", "function": {"name": "get_weather"}}],
            },
        },
    ),
]

LATEST = {
    "gen_ai.system_instructions": [{"type": "text", "content": "Be brief."}],
    "gen_ai.input.messages": [
        {
            "role": "user",
            "parts": [
                {"type": "text", "content": "What is this?"},
                {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 79 bytes>"},
            ],
        },
        {
            "role": "assistant",
            "parts": [{"type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": {"city": "Paris"}}],
        },
        {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1", "response": '{"temp_c":18}'}]},
        {"role": "user", "parts": [{"type": "text", "content": "Thanks."}, {"type": "text", "content": "And Tokyo?"}]},
    ],
    "gen_ai.output.messages": [
        {
            "role": "assistant",
            "parts": [
                {"type": "reasoning", "content": "Think."},
                {"type": "text", "content": "Tokyo is next."},
                {"type": "tool_call", "id": "call_2", "name": "get_weather", "arguments": {"city": "Tokyo"}},
            ],
            "finish_reason": "tool_call",
        }
    ],
    "gen_ai.tool.definitions": [
        {"type": "function", "name": "get_weather", "description": "Get the weather", "parameters": PARAMETERS}
    ],
}


def run(otel, error=None, **config):
    """One invocation through a Telemetry built straight from a Config; returns the single span.

    With ``error`` the call failed: no response, the exception instead.
    """
    telemetry = Telemetry(Config(**config, **otel.providers), "test", "0")
    telemetry.start(make_request()).finish(None if error else make_response(), error)
    spans = otel.spans()
    assert len(spans) == 1
    span = spans[0]
    assert span.name == "chat gpt-test"
    assert span.kind == SpanKind.CLIENT
    assert span.instrumentation_scope.name == "test"
    return span


def assert_events_in_span(otel, span, provider_attributes):
    for event in otel.events():
        assert event.trace_id == span.context.trace_id
        assert event.span_id == span.context.span_id
        if provider_attributes is not None:
            assert event.attributes == provider_attributes


def test_legacy_attributes_with_content(otel):
    span = run(otel, capture_content=True)
    assert dict(span.attributes) == {**BASE_1_36, **LEGACY}
    assert otel.events() == []


def test_legacy_attributes_without_content(otel):
    span = run(otel, capture_content=False)
    assert dict(span.attributes) == BASE_1_36
    assert otel.events() == []


@pytest.mark.parametrize(("capture", "expected"), [(True, EVENTS_WITH_CONTENT), (False, EVENTS_WITHOUT_CONTENT)])
def test_events(otel, capture, expected):
    span = run(otel, use_legacy_attributes=False, capture_content=capture)
    assert dict(span.attributes) == BASE_1_36
    assert [(event.name, event.body) for event in otel.events()] == expected
    assert_events_in_span(otel, span, {"gen_ai.system": "openai"})


def test_latest_attributes_with_content(otel):
    span = run(otel, semconv="latest", capture_content=True)
    attributes = dict(span.attributes)
    content = {key: json.loads(attributes.pop(key)) for key in LATEST}
    assert content == LATEST
    assert attributes == BASE_LATEST
    assert otel.events() == []


def test_latest_operation_details_event_with_content(otel):
    span = run(otel, semconv="latest", use_legacy_attributes=False, capture_content=True)
    assert dict(span.attributes) == BASE_LATEST
    events = otel.events()
    assert [event.name for event in events] == ["gen_ai.client.inference.operation.details"]
    assert events[0].body is None
    details = {key: list(value) if isinstance(value, tuple) else value for key, value in events[0].attributes.items()}
    assert details == {**BASE_LATEST, "gen_ai.response.finish_reasons": ["tool_calls"], **LATEST}
    assert_events_in_span(otel, span, None)


@pytest.mark.parametrize("legacy", [True, False])
def test_latest_without_content_emits_no_content_anywhere(otel, legacy):
    span = run(otel, semconv="latest", use_legacy_attributes=legacy, capture_content=False)
    assert dict(span.attributes) == BASE_LATEST
    assert otel.events() == []


def test_max_content_length_in_legacy_attributes(otel):
    span = run(otel, capture_content=True, max_content_length=5)
    attributes = dict(span.attributes)
    assert attributes["gen_ai.prompt.0.content"] == "Be br"
    assert json.loads(attributes["gen_ai.prompt.1.content"]) == [
        {"type": "text", "content": "What "},
        {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 79 bytes>"},
    ]
    assert attributes["gen_ai.prompt.2.tool_calls.0.arguments"] == '{"cit'
    assert attributes["gen_ai.prompt.3.content"] == '{"tem'
    assert attributes["gen_ai.prompt.4.content"] == "Thank"
    assert attributes["gen_ai.completion.0.content"] == "Tokyo"
    assert attributes["gen_ai.completion.0.reasoning"] == "Think"
    assert attributes["gen_ai.completion.0.tool_calls.0.arguments"] == '{"cit'
    # ids, names, roles and finish reasons are not content: never cut.
    assert attributes["gen_ai.prompt.3.tool_call_id"] == "call_1"
    assert attributes["gen_ai.completion.0.tool_calls.0.name"] == "get_weather"
    assert attributes["gen_ai.completion.0.finish_reason"] == "tool_calls"


def test_max_content_length_in_events(otel):
    run(otel, use_legacy_attributes=False, capture_content=True, max_content_length=5)
    bodies = [event.body for event in otel.events()]
    assert bodies[0] == {"content": "Be br"}
    assert bodies[2]["tool_calls"][0]["function"]["arguments"] == '{"cit'
    assert bodies[3] == {"id": "call_1", "content": '{"tem'}
    assert bodies[4] == {"content": "Thank"}
    assert bodies[5]["message"]["content"] == "Tokyo"


def test_max_content_length_in_latest_json(otel):
    span = run(otel, semconv="latest", capture_content=True, max_content_length=5)
    attributes = dict(span.attributes)
    assert json.loads(attributes["gen_ai.system_instructions"]) == [{"type": "text", "content": "Be br"}]
    inputs = json.loads(attributes["gen_ai.input.messages"])
    assert inputs[0]["parts"][0] == {"type": "text", "content": "What "}
    assert inputs[2]["parts"][0] == {"type": "tool_call_response", "id": "call_1", "response": '{"tem'}
    assert inputs[3]["parts"] == [{"type": "text", "content": "Thank"}, {"type": "text", "content": "And T"}]
    outputs = json.loads(attributes["gen_ai.output.messages"])
    assert outputs[0]["parts"][:2] == [{"type": "reasoning", "content": "Think"}, {"type": "text", "content": "Tokyo"}]


def test_metrics_of_a_successful_call(otel):
    run(otel)
    points = otel.metric_points()
    attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-test",
        "gen_ai.response.model": "gpt-test-2025",
        "server.address": "api.example.com",
        "server.port": 443,
    }
    (duration,) = points["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == attributes
    assert duration.count == 1
    tokens = {point.attributes["gen_ai.token.type"]: point for point in points["gen_ai.client.token.usage"]}
    assert set(tokens) == {"input", "output"}
    assert (tokens["input"].sum, tokens["input"].count) == (10, 1)
    assert (tokens["output"].sum, tokens["output"].count) == (20, 1)
    assert dict(tokens["output"].attributes) == {**attributes, "gen_ai.token.type": "output"}
    assert "gen_ai.client.operation.time_to_first_chunk" not in points


ERROR_BASE = {**REQUEST_BASE, "error.type": "ValueError"}
LEGACY_PROMPTS = {key: value for key, value in LEGACY.items() if not key.startswith("gen_ai.completion.")}


@pytest.mark.parametrize("semconv", ["1.36", "latest"])
def test_error_path(otel, semconv):
    """A failed call: ERROR status, error.type, the exception recorded, prompts kept, no output."""
    provider_key = "gen_ai.provider.name" if semconv == "latest" else "gen_ai.system"
    span = run(otel, error=ValueError("x"), semconv=semconv, capture_content=True)
    assert span.status.status_code == StatusCode.ERROR
    assert span.status.description == "x"
    attributes = dict(span.attributes)
    if semconv == "latest":
        inputs = ("gen_ai.system_instructions", "gen_ai.input.messages", "gen_ai.tool.definitions")
        assert {key: json.loads(attributes.pop(key)) for key in inputs} == {key: LATEST[key] for key in inputs}
        assert attributes == {**ERROR_BASE, provider_key: "openai"}
    else:
        assert attributes == {**ERROR_BASE, provider_key: "openai", **LEGACY_PROMPTS}
    (exception,) = span.events
    assert exception.name == "exception"
    assert exception.attributes["exception.type"] == "ValueError"
    assert exception.attributes["exception.message"] == "x"
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert dict(duration.attributes) == {
        "gen_ai.operation.name": "chat",
        provider_key: "openai",
        "gen_ai.request.model": "gpt-test",
        "server.address": "api.example.com",
        "server.port": 443,
        "error.type": "ValueError",
    }
    assert "gen_ai.client.token.usage" not in otel.metric_points()


def test_error_path_in_events_mode_emits_the_prompts_and_no_choice(otel):
    span = run(otel, error=ValueError("x"), use_legacy_attributes=False, capture_content=True)
    assert span.status.status_code == StatusCode.ERROR
    assert [(event.name, event.body) for event in otel.events()] == EVENTS_WITH_CONTENT[:-1]
    assert_events_in_span(otel, span, {"gen_ai.system": "openai"})


def test_finish_runs_once(otel):
    telemetry = Telemetry(Config(capture_content=True, **otel.providers), "test", "0")
    invocation = telemetry.start(make_request())
    invocation.finish(make_response())
    invocation.finish(None, ValueError("late"))
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.UNSET
    assert "error.type" not in span.attributes
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1
