"""genotel.core.content: how neutral parts become telemetry strings and semconv JSON."""

from __future__ import annotations

import json

from genotel.core.content import (
    arguments_value,
    as_text,
    cut,
    dumps,
    elided,
    part_json,
    parts_json,
    reasoning_text,
    text_content,
    tool_calls,
    tool_definition_json,
    tool_response,
)
from genotel.core.model import (
    BlobPart,
    FilePart,
    GenericPart,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
)

WEATHER_PARAMETERS = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def test_text_parts_are_joined_with_newlines():
    parts = [TextPart("first line"), TextPart("second line"), TextPart("third")]
    assert text_content(parts, None) == "first line\nsecond line\nthird"


def test_single_text_part_is_the_plain_string():
    assert text_content([TextPart("Héllo ✓")], None) == "Héllo ✓"


def test_any_non_text_part_makes_the_content_a_json_list():
    parts = [TextPart("What is in this image?"), BlobPart("image", "image/png", 79)]
    content = text_content(parts, None)
    assert json.loads(content) == [
        {"type": "text", "content": "What is in this image?"},
        {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 79 bytes>"},
    ]
    assert content == (
        '[{"type":"text","content":"What is in this image?"},'
        '{"type":"blob","modality":"image","mime_type":"image/png","content":"<elided 79 bytes>"}]'
    )


def test_tool_calls_and_results_are_left_out_of_content():
    parts = [TextPart("Checking."), ToolCallPart("call_1", "get_weather", '{"city":"Paris"}')]
    assert text_content(parts, None) == "Checking."
    assert text_content([ToolCallPart("call_1", "get_weather", "{}")], None) is None
    assert text_content([ToolCallResponsePart("call_1", "18C")], None) is None


def test_empty_message_has_no_content():
    assert text_content([], None) is None


def test_reasoning_is_content_on_inputs_but_apart_on_completions():
    parts = [ReasoningPart("Think first."), TextPart("Answer.")]
    assert json.loads(text_content(parts, None)) == [
        {"type": "reasoning", "content": "Think first."},
        {"type": "text", "content": "Answer."},
    ]
    assert text_content(parts, None, reasoning_apart=True) == "Answer."
    assert text_content([ReasoningPart("only thoughts")], None, reasoning_apart=True) is None


def test_reasoning_text_joins_reasoning_parts_only():
    parts = [ReasoningPart("step one"), TextPart("Answer."), ReasoningPart("step two")]
    assert reasoning_text(parts, None) == "step one\nstep two"
    assert reasoning_text([TextPart("no thoughts")], None) is None
    assert reasoning_text(parts, 6) == "step o"


def test_max_content_length_cuts_joined_text():
    assert text_content([TextPart("abcdef"), TextPart("ghij")], 8) == "abcdef\ng"
    assert text_content([TextPart("abc")], 3) == "abc"
    assert text_content([TextPart("abc")], 2) == "ab"


def test_max_content_length_cuts_each_string_inside_a_json_list_and_keeps_it_valid():
    parts = [TextPart("abcdefgh"), UriPart("image", "https://example.com/a.png")]
    content = text_content(parts, 3)
    assert json.loads(content) == [
        {"type": "text", "content": "abc"},
        {"type": "uri", "modality": "image", "uri": "https://example.com/a.png"},
    ]


def test_blob_part_json_never_carries_bytes():
    assert part_json(BlobPart("audio", "audio/wav", 123456), None) == {
        "type": "blob",
        "modality": "audio",
        "mime_type": "audio/wav",
        "content": "<elided 123456 bytes>",
    }
    assert part_json(BlobPart("document", None, 0), None) == {
        "type": "blob",
        "modality": "document",
        "content": "<elided 0 bytes>",
    }


def test_blob_elision_is_not_cut_by_the_content_limit():
    assert part_json(BlobPart("image", "image/png", 79), 3)["content"] == "<elided 79 bytes>"


def test_elided():
    assert elided(79) == "<elided 79 bytes>"
    assert elided(0) == "<elided 0 bytes>"


def test_part_json_for_every_kind():
    assert part_json(TextPart("hi"), None) == {"type": "text", "content": "hi"}
    assert part_json(ReasoningPart("hmm"), None) == {"type": "reasoning", "content": "hmm"}
    assert part_json(ToolCallPart("call_1", "get_weather", '{"city":"Paris"}'), None) == {
        "type": "tool_call",
        "id": "call_1",
        "name": "get_weather",
        "arguments": {"city": "Paris"},
    }
    assert part_json(ToolCallResponsePart("call_1", '{"temp_c":18}'), None) == {
        "type": "tool_call_response",
        "id": "call_1",
        "response": '{"temp_c":18}',
    }
    assert part_json(UriPart("image", "https://example.com/a.png", "image/png"), None) == {
        "type": "uri",
        "modality": "image",
        "mime_type": "image/png",
        "uri": "https://example.com/a.png",
    }
    assert part_json(FilePart("document", "file-abc123"), None) == {
        "type": "file",
        "modality": "document",
        "file_id": "file-abc123",
    }
    assert part_json(GenericPart("refusal", "I can't help with that."), None) == {
        "type": "refusal",
        "content": "I can't help with that.",
    }


def test_part_json_applies_the_limit_to_strings():
    assert part_json(TextPart("abcdef"), 2) == {"type": "text", "content": "ab"}
    assert part_json(ReasoningPart("abcdef"), 2) == {"type": "reasoning", "content": "ab"}
    assert part_json(ToolCallResponsePart("c", "abcdef"), 2) == {
        "type": "tool_call_response",
        "id": "c",
        "response": "ab",
    }
    assert part_json(GenericPart("refusal", "abcdef"), 2) == {"type": "refusal", "content": "ab"}
    # structured content stays structured: the strings inside it are cut
    assert part_json(GenericPart("custom", {"k": "abcdef"}), 2) == {"type": "custom", "content": {"k": "ab"}}
    assert part_json(ToolCallResponsePart("c", {"temp": ["abcdef"]}), 2)["response"] == {"temp": ["ab"]}
    assert part_json(ToolCallPart("c", "f", {"city": "Paris"}), 3)["arguments"] == {"city": "Par"}


def test_tool_definitions_are_content_under_the_limit():
    tool = ToolDefinition("get_weather", "Current weather", {"type": "object", "description": "A city"})
    assert tool_definition_json(tool, 4) == {
        "type": "function",
        "name": "get_weather",
        "description": "Curr",
        "parameters": {"type": "obje", "description": "A ci"},
    }


def test_tool_call_arguments_are_structured_when_they_parse():
    assert arguments_value('{"city":"Paris"}', None) == {"city": "Paris"}
    assert arguments_value({"city": "Paris"}, None) == {"city": "Paris"}
    assert arguments_value("not json {", None) == "not json {"
    assert arguments_value("not json {", 3) == "not"
    assert arguments_value(None, None) is None


def test_tool_call_arguments_over_the_limit_are_cut_as_text():
    # Parsed JSON would keep every string whole; past the limit the text is cut instead.
    assert arguments_value('{"city":"Paris"}', 5) == '{"cit'
    assert arguments_value('{"city":"Paris"}', 16) == {"city": "Paris"}


def test_generic_part_without_content_has_no_content_key():
    assert part_json(GenericPart("web_search_call"), None) == {"type": "web_search_call"}


def test_tool_result_response_keeps_structured_values():
    assert part_json(ToolCallResponsePart("c", {"temp_c": 18}), None)["response"] == {"temp_c": 18}


def test_as_text_is_the_string_or_compact_json():
    assert as_text("plain", None) == "plain"
    assert as_text({"city": "Paris", "note": "é"}, None) == '{"city":"Paris","note":"é"}'
    assert as_text([1, 2], None) == "[1,2]"
    assert as_text("abcdef", 4) == "abcd"
    assert as_text({"city": "Paris"}, 3) == '{"city":"Par"}'  # still JSON: the strings inside are cut


def test_dumps_is_compact_and_keeps_unicode():
    assert dumps({"a": [1, "°C"]}) == '{"a":[1,"°C"]}'
    assert dumps({"kind": object}) == '{"kind":"<class \'object\'>"}'


def test_cut():
    assert cut("abcdef", None) == "abcdef"
    assert cut("abcdef", 6) == "abcdef"
    assert cut("abcdef", 5) == "abcde"
    assert cut("", 1) == ""


def test_parts_json_keeps_order():
    assert parts_json([TextPart("a"), ReasoningPart("b")], None) == [
        {"type": "text", "content": "a"},
        {"type": "reasoning", "content": "b"},
    ]


def test_tool_call_and_tool_response_pickers():
    first = ToolCallPart("call_1", "a", "{}")
    second = ToolCallPart("call_2", "b", "{}")
    result = ToolCallResponsePart("call_1", "done")
    parts = [TextPart("x"), first, result, second]
    assert tool_calls(parts) == [first, second]
    assert tool_response(parts) is result
    assert tool_response([TextPart("x")]) is None


def test_tool_definition_json():
    full = ToolDefinition("get_weather", "Get the current weather for a city", WEATHER_PARAMETERS)
    assert tool_definition_json(full, None) == {
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather for a city",
        "parameters": WEATHER_PARAMETERS,
    }
    assert tool_definition_json(ToolDefinition("web_search", type="web_search"), None) == {
        "type": "web_search",
        "name": "web_search",
    }
