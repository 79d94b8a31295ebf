"""The Cohere converters on shapes the cassettes do not hold (no network)."""

from __future__ import annotations

from types import SimpleNamespace

from genotel.core.model import GenericPart, ReasoningPart, TextPart, ToolCallPart, UriPart, Usage
from genotel.instrumentation.cohere import chat_v1, chat_v2
from genotel.instrumentation.cohere.common import usage_of
from genotel.instrumentation.cohere.embed import EmbedAdapter


def test_usage_prefers_tokens_and_counts_are_integers():
    both = {
        "billed_units": {"input_tokens": 14.0, "output_tokens": 9.0},
        "tokens": {"input_tokens": 512.0, "output_tokens": 11.0},
    }
    assert usage_of(both) == Usage(512, 11)
    assert type(usage_of(both).input_tokens) is int
    assert usage_of({"billed_units": {"input_tokens": 12.0}}) == Usage(12, None)
    assert usage_of({"tokens": {"input_tokens": 40, "output_tokens": 2}, "cached_tokens": 32.0}) == Usage(40, 2, 32)
    assert usage_of({"api_version": {"version": "2"}}) is None
    assert usage_of(None) is None


def test_omitted_arguments_are_left_out():
    request = chat_v2.ChatAdapter(streams=False).to_request(SimpleNamespace(), (), {"model": "m", "k": ..., "p": None})
    assert (request.top_k, request.top_p, request.server_address) == (None, None, None)


def test_v2_content_items():
    message = {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
            {"type": "document", "document": {"data": {"title": "x"}}},
        ],
    }
    assert chat_v2.input_message(message).parts == [
        TextPart("What is this?"),
        UriPart("image", "https://example.com/cat.png"),
        GenericPart("document"),
    ]
    thinking = {
        "role": "assistant",
        "content": [{"type": "thinking", "thinking": "hm"}, {"type": "text", "text": "ok"}],
    }
    assert chat_v2.input_message(thinking).parts == [ReasoningPart("hm"), TextPart("ok")]
    tool = {
        "role": "tool",
        "tool_call_id": "c1",
        "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
    }
    assert chat_v2.input_message(tool).parts[0].response == "a\nb"


def test_v2_stream_thinking_and_cut_before_message_end():
    accumulator = chat_v2.ChatStreamAccumulator(capture=True)
    for event in (
        {"type": "message-start", "id": "m1"},
        {"type": "content-start", "index": 0, "delta": {"message": {"content": {"type": "thinking", "thinking": ""}}}},
        {"type": "content-delta", "index": 0, "delta": {"message": {"content": {"thinking": "hm"}}}},
        {"type": "content-delta", "index": 1, "delta": {"message": {"content": {"text": "partial"}}}},
    ):
        accumulator.add(event)
    response = accumulator.response()
    assert response.id == "m1" and response.usage is None
    assert response.messages[0].parts == [ReasoningPart("hm"), TextPart("partial")]
    assert response.messages[0].finish_reason is None


def test_v2_stream_without_capture_keeps_call_names_only():
    accumulator = chat_v2.ChatStreamAccumulator(capture=False)
    accumulator.add(
        {
            "type": "tool-call-start",
            "delta": {"message": {"tool_calls": {"id": "c1", "function": {"name": "f", "arguments": "{"}}}},
        }
    )
    accumulator.add({"type": "tool-call-delta", "delta": {"message": {"tool_calls": {"function": {"arguments": "}"}}}}})
    assert accumulator.response().messages[0].parts == [ToolCallPart("c1", "f", None)]


def test_v1_stream_cut_before_stream_end():
    accumulator = chat_v1.ChatStreamAccumulator(capture=True)
    accumulator.add({"event_type": "stream-start", "generation_id": "g1"})
    accumulator.add({"event_type": "text-generation", "text": "Hel"})
    response = accumulator.response()
    assert response.id == "g1" and response.messages[0].parts == [TextPart("Hel")]
    assert chat_v1.ChatStreamAccumulator(capture=True).response().messages == []


def test_v1_system_and_tool_turns_in_history():
    adapter = chat_v1.ChatAdapter(streams=False)
    request = adapter.to_request(SimpleNamespace(), (), {})
    adapter.add_content(
        request,
        None,
        (),
        {
            "message": "next",
            "chat_history": [
                {"role": "SYSTEM", "message": "Be brief."},
                {"role": "TOOL", "tool_results": [{"call": {"name": "f", "parameters": {}}, "outputs": [{"v": 1}]}]},
            ],
        },
    )
    assert (request.messages[0].role, request.messages[0].parts) == ("system", [TextPart("Be brief.")])
    assert request.messages[1].role == "tool" and request.messages[1].parts[0].response == [{"v": 1}]
    assert request.messages[2].parts == [TextPart("next")]


def test_embed_inputs_images_and_dimension_of_int8_vectors():
    adapter = EmbedAdapter()
    request = adapter.to_request(SimpleNamespace(), (), {"model": "embed-v4.0", "embedding_types": ["int8", "binary"]})
    assert request.attributes == {"gen_ai.request.encoding_formats": ["int8", "binary"]}
    adapter.add_content(
        request,
        None,
        (),
        {
            "inputs": [{"content": [{"type": "text", "text": "a cat"}]}],
            "images": ["data:image/png;base64,iVBORw0KGgo="],
        },
    )
    assert [message.parts[0].__class__.__name__ for message in request.messages] == ["BlobPart", "TextPart"]
    response = adapter.to_response({"id": "e1", "embeddings": {"int8": [[1, 2, 3]], "binary": [[7]]}}, False)
    assert response.attributes == {"gen_ai.embeddings.dimension.count": 3}
    assert adapter.to_response({"id": "e2", "embeddings": [[0.1, 0.2]]}, False).attributes == {
        "gen_ai.embeddings.dimension.count": 2
    }
