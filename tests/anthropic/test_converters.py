"""Unit tests of the Anthropic converters and stream accumulator (no network, no cassette)."""

from __future__ import annotations

from types import SimpleNamespace as Obj

import pytest

from genotel.core import (
    BlobPart,
    FilePart,
    GenericPart,
    Message,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)
from genotel.core.kits.anthropic_messages import input_messages, tool_definition, usage_of
from genotel.instrumentation.anthropic.messages import MessagesAccumulator, provider_of

PNG_B64 = "iVBORw0KGgo="  # 12 characters, one "=" of padding: 8 bytes


def test_tool_results_inside_a_user_turn_become_tool_messages_in_order():
    messages = input_messages(
        [
            {"role": "user", "content": "Weather?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "24C"}]},
                    {"type": "text", "text": "Thanks"},
                ],
            },
        ]
    )
    assert messages == [
        Message("user", [TextPart("Weather?")]),
        Message("assistant", [TextPart("Checking."), ToolCallPart("toolu_1", "get_weather", {"city": "Paris"})]),
        Message("tool", [ToolCallResponsePart("toolu_1", "18C")]),
        Message("tool", [ToolCallResponsePart("toolu_2", "24C")]),
        Message("user", [TextPart("Thanks")]),
    ]


def test_a_tool_result_with_an_image_keeps_parts_and_elides_the_image():
    (message,) = input_messages(
        [
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_9",
                        "content": [
                            {"type": "text", "text": "chart:"},
                            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG_B64}},
                        ],
                    }
                ],
            }
        ]
    )
    assert message == Message(
        "tool", [ToolCallResponsePart("toolu_9", [TextPart("chart:"), BlobPart("image", "image/png", 8)])]
    )


def test_media_blocks_keep_their_shape_never_their_bytes():
    (message,) = input_messages(
        [
            {
                "role": "user",
                "content": [
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG_B64}},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.png"}},
                    {
                        "type": "document",
                        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
                    },
                    {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "héllo"}},
                    {"type": "document", "source": {"type": "file", "file_id": "file_011"}},
                    {"type": "search_result", "source": "https://example.com", "title": "t", "content": []},
                ],
            }
        ]
    )
    assert message.parts == [
        BlobPart("image", "image/png", 8),
        UriPart("image", "https://example.com/cat.png"),
        BlobPart("document", "application/pdf", 6),
        BlobPart("document", "text/plain", 6),
        FilePart("document", "file_011"),
        GenericPart("search_result"),
    ]


def test_thinking_and_redacted_thinking_are_reasoning_parts():
    (message,) = input_messages(
        [
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "7 x 11 x 13", "signature": "sig"},
                    {"type": "redacted_thinking", "data": "opaque"},
                ],
            }
        ]
    )
    assert message.parts == [ReasoningPart("7 x 11 x 13"), ReasoningPart("")]


def test_tool_definitions_custom_and_server_tools():
    schema = {"type": "object", "properties": {"city": {"type": "string"}}}
    assert tool_definition({"name": "get_weather", "description": "d", "input_schema": schema}) == ToolDefinition(
        "get_weather", "d", schema, "function"
    )
    assert tool_definition({"type": "web_search_20250305", "name": "web_search"}) == ToolDefinition(
        "web_search", None, None, "web_search_20250305"
    )


def test_usage_adds_cache_reads_and_writes_to_input():
    usage = usage_of(
        Obj(input_tokens=18, output_tokens=40, cache_read_input_tokens=2048, cache_creation_input_tokens=100)
    )
    assert usage == Usage(2166, 40, 2048, 100, None)
    assert usage_of(Obj(input_tokens=5, output_tokens=2)) == Usage(5, 2, None, None, None)
    assert usage_of(None) is None


@pytest.mark.parametrize(
    ("class_name", "provider"),
    [
        ("Anthropic", "anthropic"),
        ("AsyncAnthropic", "anthropic"),
        ("AnthropicBedrock", "aws.bedrock"),
        ("AsyncAnthropicBedrock", "aws.bedrock"),
        ("AnthropicVertex", "vertex_ai"),
        ("AsyncAnthropicVertex", "vertex_ai"),
    ],
)
def test_provider_of_the_client(class_name, provider):
    assert provider_of(type(class_name, (), {})()).system == provider


def _events():
    return [
        Obj(
            type="message_start", message=Obj(id="msg_1", model="claude-x", usage=Obj(input_tokens=21, output_tokens=1))
        ),
        Obj(type="content_block_start", index=0, content_block=Obj(type="text", text="")),
        Obj(type="ping"),
        Obj(type="content_block_delta", index=0, delta=Obj(type="text_delta", text="Hel")),
        Obj(type="content_block_delta", index=0, delta=Obj(type="text_delta", text="lo")),
        Obj(type="content_block_stop", index=0),
        Obj(type="content_block_start", index=1, content_block=Obj(type="tool_use", id="toolu_1", name="f", input={})),
        Obj(type="content_block_delta", index=1, delta=Obj(type="input_json_delta", partial_json='{"city": "Pa')),
        Obj(type="content_block_delta", index=1, delta=Obj(type="input_json_delta", partial_json='ris"}')),
        Obj(type="future_event"),
        Obj(type="message_delta", delta=Obj(stop_reason="tool_use"), usage=Obj(output_tokens=30)),
        Obj(type="message_stop"),
    ]


def test_accumulator_builds_the_same_response_as_the_non_stream_path():
    accumulator = MessagesAccumulator(capture=True)
    for event in _events():
        accumulator.add(event)
    response = accumulator.response()
    assert (response.id, response.model) == ("msg_1", "claude-x")
    assert response.usage == Usage(21, 30, None, None, None)
    (output,) = response.messages
    assert output.finish_reason == "tool_use"
    assert output.parts == [TextPart("Hello"), ToolCallPart("toolu_1", "f", {"city": "Paris"})]


def test_accumulator_buffers_no_content_when_capture_is_off():
    accumulator = MessagesAccumulator(capture=False)
    for event in _events():
        accumulator.add(event)
    assert all(block.pieces == [] for block in accumulator.blocks.values())
    (output,) = accumulator.response().messages
    assert output.parts == [TextPart(""), ToolCallPart("toolu_1", "f", None)]


def test_sampling_parameters_come_from_kwargs_or_extra_body():
    from genotel.instrumentation.anthropic.messages import MessagesAdapter

    adapter = MessagesAdapter()
    kwargs = {"model": "m", "max_tokens": 5, "temperature": 0.5, "extra_body": {"top_k": 40, "temperature": 0.9}}
    request = adapter.to_request(Obj(_client=None), (), kwargs)
    assert (request.temperature, request.top_k, request.top_p) == (0.5, 40, None)
