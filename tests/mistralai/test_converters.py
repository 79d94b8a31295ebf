"""The Mistral converters on the SDK's own models and on shapes the cassettes do not hold (no network)."""

from __future__ import annotations

from types import SimpleNamespace

from genotel.core.model import BlobPart, FilePart, ReasoningPart, TextPart, ToolCallPart, ToolCallResponsePart, UriPart
from genotel.instrumentation.mistralai.chat import ChatAdapter, StreamAccumulator, input_message
from genotel.instrumentation.mistralai.embeddings import EmbeddingsAdapter

try:
    from mistralai.client import models
    from mistralai.client.types import UNSET
except ImportError:
    from mistralai import models
    from mistralai.types import UNSET


def test_unset_arguments_are_left_out():
    request = ChatAdapter(streams=False).to_request(
        SimpleNamespace(), (), {"model": "m", "temperature": UNSET, "random_seed": UNSET, "stop": "END", "top_k": 5}
    )
    assert (request.temperature, request.seed, request.stop_sequences, request.top_k) == (None, None, ["END"], 5)
    assert (request.server_address, request.server_port) == (None, None)


def test_sdk_message_models_and_chunks():
    messages = [
        models.SystemMessage(content="Be brief."),
        {  # a dict holding SDK chunk models (document_url and file chunks are newer than mistralai 1.5)
            "role": "user",
            "content": [
                models.TextChunk(text="Describe"),
                models.ImageURLChunk(image_url="https://example.com/cat.png"),
                models.ImageURLChunk(image_url={"url": "data:image/png;base64,iVBORw0KGgo="}),
                {"type": "document_url", "document_url": "https://example.com/a.pdf"},
                {"type": "file", "file_id": "file-abc"},
            ],
        },
        models.AssistantMessage(
            content=None,
            tool_calls=[models.ToolCall(id="c1", function=models.FunctionCall(name="f", arguments={"x": 1}))],
        ),
        models.ToolMessage(content=[models.TextChunk(text="done")], tool_call_id="c1"),
    ]
    converted = [input_message(message) for message in messages]
    assert [message.role for message in converted] == ["system", "user", "assistant", "tool"]
    assert converted[0].parts == [TextPart("Be brief.")]
    assert converted[1].parts == [
        TextPart("Describe"),
        UriPart("image", "https://example.com/cat.png"),
        BlobPart("image", "image/png", 8),
        UriPart("document", "https://example.com/a.pdf"),
        FilePart("document", "file-abc"),
    ]
    assert converted[2].parts == [ToolCallPart("c1", "f", {"x": 1})]  # a JSON object stays structured
    assert converted[3].parts == [ToolCallResponsePart("c1", "done")]


def _event(delta: dict, finish_reason=None, usage=None, chunk_id="abc") -> dict:
    chunk = {"id": chunk_id, "model": "m", "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
    return {"data": {**chunk, **({"usage": usage} if usage else {})}}


def test_stream_thinking_and_fragmented_arguments():
    accumulator = StreamAccumulator(capture=True)
    events = [
        _event({"role": "assistant", "content": [{"type": "thinking", "thinking": [{"type": "text", "text": "hm"}]}]}),
        _event({"content": [{"type": "text", "text": "ok"}]}),
        _event({"tool_calls": [{"id": "c1", "index": 0, "function": {"name": "f", "arguments": '{"a":'}}]}),
        _event({"tool_calls": [{"index": 0, "function": {"name": "", "arguments": " 1}"}}]}),
        _event({"tool_calls": [{"id": "c2", "index": 1, "function": {"name": "g", "arguments": {"b": 2}}}]}),
        _event({"content": ""}, "tool_calls", {"prompt_tokens": 5, "completion_tokens": 7}),
    ]
    for event in events:
        accumulator.add(SimpleNamespace(data=event["data"]))
    response = accumulator.response()
    (message,) = response.messages
    assert message.parts == [
        ReasoningPart("hm"),
        TextPart("ok"),
        ToolCallPart("c1", "f", '{"a": 1}'),
        ToolCallPart("c2", "g", {"b": 2}),
    ]
    assert message.finish_reason == "tool_calls"
    assert (response.id, response.usage.input_tokens, response.usage.output_tokens) == ("abc", 5, 7)


def test_stream_without_capture_keeps_no_text():
    accumulator = StreamAccumulator(capture=False)
    accumulator.add(SimpleNamespace(data=_event({"content": "secret"}, "stop")["data"]))
    (message,) = accumulator.response().messages
    assert message.parts == [] and message.finish_reason == "stop"


def test_embeddings_single_string_input_and_missing_usage():
    adapter = EmbeddingsAdapter()
    request = adapter.to_request(SimpleNamespace(), (), {"model": "mistral-embed"})
    adapter.add_content(request, None, (), {"inputs": "one"})
    assert request.messages[0].parts == [TextPart("one")]
    response = adapter.to_response({"id": "e1", "model": "mistral-embed"}, False)
    assert (response.id, response.usage) == ("e1", None)
