"""``max_content_length`` reaches tool arguments, tool results and tool definitions, in every mode.

Structured values stay structured (valid JSON): the strings inside them are cut, not their text.
"""

from __future__ import annotations

import json

from genotel.core import (
    Config,
    Message,
    OutputMessage,
    Provider,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
)
from genotel.core.invocation import Telemetry

PROVIDER = Provider("openai", "openai")

LIMIT = 3
SCHEMA = {"type": "object", "description": "Weather lookup", "properties": {"city": {"type": "string"}}}


def request() -> Request:
    return Request(
        operation="chat",
        provider=PROVIDER,
        model="m",
        messages=[
            Message("user", [TextPart("Weather?")]),
            Message("assistant", [ToolCallPart("call_1", "get_weather", {"city": "Paris"})]),
            Message("tool", [ToolCallResponsePart("call_1", {"sky": "sunny", "temp_c": 18})]),
        ],
        tool_definitions=[ToolDefinition("get_weather", "Current weather", SCHEMA)],
    )


def response() -> Response:
    return Response(messages=[OutputMessage("assistant", [ToolCallPart("call_2", "get_weather", '{"city":"Tokyo"}')])])


def run(otel, mode) -> dict:
    telemetry = Telemetry(Config(max_content_length=LIMIT, **mode.kwargs, **otel.providers), "test", "0")
    telemetry.start(request()).finish(response())
    (span,) = otel.spans()
    return dict(span.attributes)


CAPPED_SCHEMA = {"type": "obj", "description": "Wea", "properties": {"city": {"type": "str"}}}


def test_every_mode_cuts_tool_content(otel, mode):
    attributes = run(otel, mode)
    if not mode.capture_content:
        return  # no tool content at all (the events carry names only)
    events = {event.name: event for event in otel.events()}
    if mode.latest:
        if mode.use_legacy_attributes:
            values = {
                key: json.loads(value)
                for key, value in attributes.items()
                if key.startswith("gen_ai.") and isinstance(value, str) and value[:1] == "["
            }
        else:
            values = events["gen_ai.client.inference.operation.details"].attributes
        inputs = values["gen_ai.input.messages"]
        assert inputs[1]["parts"][0]["arguments"] == {"city": "Par"}
        assert inputs[2]["parts"][0]["response"] == {"sky": "sun", "temp_c": 18}
        assert values["gen_ai.output.messages"][0]["parts"][0]["arguments"] == '{"c'  # a string: cut as text
        assert values["gen_ai.tool.definitions"] == [
            {"type": "function", "name": "get_weather", "description": "Cur", "parameters": CAPPED_SCHEMA}
        ]
    elif mode.use_legacy_attributes:
        assert attributes["gen_ai.prompt.1.tool_calls.0.arguments"] == '{"city":"Par"}'
        assert attributes["gen_ai.prompt.2.content"] == '{"sky":"sun","temp_c":18}'
        assert attributes["gen_ai.completion.0.tool_calls.0.arguments"] == '{"c'
        assert attributes["llm.request.functions.0.description"] == "Cur"
        assert json.loads(attributes["llm.request.functions.0.parameters"]) == CAPPED_SCHEMA
    else:
        assert events["gen_ai.assistant.message"].body["tool_calls"][0]["function"]["arguments"] == '{"city":"Par"}'
        assert events["gen_ai.tool.message"].body["content"] == '{"sky":"sun","temp_c":18}'
        assert events["gen_ai.choice"].body["message"]["tool_calls"][0]["function"]["arguments"] == '{"c'


def test_a_tool_result_without_id_or_content_sets_no_empty_key(otel, caplog):
    telemetry = Telemetry(Config(capture_content=True, **otel.providers), "test", "0")
    request = Request(
        operation="chat", provider=PROVIDER, model="m", messages=[Message("tool", [ToolCallResponsePart(None, None)])]
    )
    telemetry.start(request).finish(None)
    (span,) = otel.spans()
    assert {key: value for key, value in span.attributes.items() if key.startswith("gen_ai.prompt")} == {
        "gen_ai.prompt.0.role": "tool"
    }
    assert "Invalid type" not in caplog.text
