"""The Gemini converters on their own: every part shape, both SDKs' objects and the dicts apps pass."""

from __future__ import annotations

import base64
import warnings

from google.genai import types

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    from google.generativeai import protos

from genotel.core import (
    BlobPart,
    GenericPart,
    Message,
    OutputMessage,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)
from genotel.instrumentation.google_generativeai.gemini import (
    StreamAccumulator,
    convert_response,
    finish_reason,
    input_messages,
    instruction_parts,
    part_of,
    tool_definitions,
    usage_of,
)
from genotel.instrumentation.google_generativeai.genai import EmbedContentAdapter, embedding_inputs
from genotel.instrumentation.google_generativeai.legacy import model_id, server_of_client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def test_inline_data_is_an_elided_blob_whatever_its_shape():
    assert part_of(types.Part.from_bytes(data=PNG, mime_type="image/png")) == BlobPart("image", "image/png", 32)
    encoded = base64.b64encode(PNG).decode()
    assert part_of({"inlineData": {"mimeType": "audio/wav", "data": encoded}}) == BlobPart("audio", "audio/wav", 32)
    assert part_of(protos.Part(inline_data={"mime_type": "application/pdf", "data": PNG})) == BlobPart(
        "document", "application/pdf", 32
    )


def test_file_data_and_uploaded_files_are_uri_parts():
    uri = "https://generativelanguage.googleapis.com/v1beta/files/abc123"
    assert part_of(types.Part.from_uri(file_uri=uri, mime_type="video/mp4")) == UriPart("video", uri, "video/mp4")
    assert part_of({"file_data": {"file_uri": "gs://bucket/report.pdf", "mime_type": "application/pdf"}}) == UriPart(
        "document", "gs://bucket/report.pdf", "application/pdf"
    )
    assert part_of(types.File(uri=uri, mime_type="image/jpeg")) == UriPart("image", uri, "image/jpeg")


def test_thoughts_calls_results_and_other_parts():
    assert part_of(types.Part(text="Let me think.", thought=True)) == ReasoningPart("Let me think.")
    call = types.Part(function_call=types.FunctionCall(id="call-1", name="get_weather", args={"city": "Paris"}))
    assert part_of(call) == ToolCallPart("call-1", "get_weather", {"city": "Paris"})
    result = types.Part(function_response=types.FunctionResponse(id="call-1", name="get_weather", response={"t": 18}))
    assert part_of(result) == ToolCallResponsePart("call-1", {"t": 18})
    code = types.Part(executable_code=types.ExecutableCode(code="print(1)", language="PYTHON"))
    assert part_of(code) == GenericPart("executable_code")
    assert part_of({"text": "hi"}) == TextPart("hi")


def test_proto_plus_parts_become_plain_values():
    call = protos.Part(function_call={"name": "get_weather", "args": {"city": "Paris", "days": [1, 2]}})
    assert part_of(call) == ToolCallPart(None, "get_weather", {"city": "Paris", "days": [1.0, 2.0]})
    result = protos.Part(function_response={"name": "get_weather", "response": {"sky": "sunny"}})
    assert part_of(result) == ToolCallResponsePart("get_weather", {"sky": "sunny"})
    assert part_of(protos.Part(text="hi")) == TextPart("hi")


def test_contents_group_loose_parts_and_split_tool_results():
    contents = [
        "Describe this:",
        types.Part.from_bytes(data=PNG, mime_type="image/png"),
        {"role": "model", "parts": [{"text": "A logo."}]},
        types.Content(
            role="user",
            parts=[
                types.Part.from_function_response(name="lookup", response={"ok": True}),
                types.Part(text="And now?"),
            ],
        ),
    ]
    assert input_messages(contents) == [
        Message("user", [TextPart("Describe this:"), BlobPart("image", "image/png", 32)]),
        Message("assistant", [TextPart("A logo.")]),
        Message("tool", [ToolCallResponsePart("lookup", {"ok": True})]),
        Message("user", [TextPart("And now?")]),
    ]
    assert input_messages("hi") == [Message("user", [TextPart("hi")])]
    assert input_messages(None) == []


def test_system_instruction_shapes():
    assert instruction_parts("Be brief.") == [TextPart("Be brief.")]
    assert instruction_parts(["Be brief.", types.Part(text="Be kind.")]) == [
        TextPart("Be brief."),
        TextPart("Be kind."),
    ]
    assert instruction_parts(types.Content(parts=[types.Part(text="Be brief.")])) == [TextPart("Be brief.")]


def lookup(query: str) -> str:
    """Look something up."""
    return query


def test_tool_definitions_of_every_kind():
    tools = [
        lookup,
        types.Tool(google_search=types.GoogleSearch()),
        {"functionDeclarations": [{"name": "get_weather", "description": "Weather", "parameters": {"type": "OBJECT"}}]},
    ]
    assert tool_definitions(tools) == [
        ToolDefinition("lookup", "Look something up."),
        ToolDefinition("google_search", type="google_search"),
        ToolDefinition("get_weather", "Weather", {"type": "OBJECT"}),
    ]
    legacy = protos.Tool(function_declarations=[{"name": "f", "parameters": {"type": "OBJECT"}}])
    (definition,) = tool_definitions([legacy])
    assert (definition.name, definition.parameters["type"]) == ("f", "OBJECT")


def test_usage_normalization():
    metadata = types.GenerateContentResponseUsageMetadata(
        prompt_token_count=100, candidates_token_count=20, thoughts_token_count=30, cached_content_token_count=64
    )
    assert usage_of(metadata) == Usage(100, 50, 64, None, 30)
    # cut off while thinking: no candidates count, the thoughts are the output
    assert usage_of({"promptTokenCount": 10, "thoughtsTokenCount": 7}) == Usage(10, 7, None, None, 7)
    # proto-plus reads absent counts as 0: no cache read is recorded for them
    assert usage_of(protos.GenerateContentResponse.UsageMetadata(prompt_token_count=3)) == Usage(3, 0, None, None, None)
    assert usage_of(None) is None


def test_finish_reasons_are_raw_names():
    assert finish_reason(types.Candidate(finish_reason=types.FinishReason.MAX_TOKENS)) == "MAX_TOKENS"
    assert finish_reason({"finishReason": "QUANTUM_FLUX"}) == "QUANTUM_FLUX"
    assert finish_reason(protos.Candidate(finish_reason=protos.Candidate.FinishReason.SAFETY)) == "SAFETY"
    assert finish_reason(protos.Candidate()) is None


def test_stream_accumulator_interleaved_candidates_and_capture_off():
    chunks = [
        {"responseId": "r1", "modelVersion": "m", "candidates": [{"index": 0, "content": {"parts": [{"text": "A"}]}}]},
        {"candidates": [{"index": 1, "content": {"role": "model", "parts": [{"text": "B"}]}}]},
        {"candidates": [{"index": 0, "content": {"parts": [{"text": "a"}]}, "finishReason": "STOP"}]},
        {
            "candidates": [
                {"index": 1, "content": {"parts": [{"functionCall": {"name": "f", "args": {"x": 1}}}]}},
            ],
            "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 3},
        },
    ]
    accumulator = StreamAccumulator(capture=True)
    for chunk in chunks:
        accumulator.add(chunk)
    response = accumulator.response()
    assert (response.id, response.model, response.usage) == ("r1", "m", Usage(4, 3))
    assert response.messages == [
        OutputMessage("assistant", [TextPart("Aa")], "STOP"),
        OutputMessage("assistant", [TextPart("B"), ToolCallPart(None, "f", {"x": 1})], None),
    ]
    quiet = StreamAccumulator(capture=False)
    for chunk in chunks:
        quiet.add(chunk)
    assert [message.parts for message in quiet.response().messages] == [[], [ToolCallPart(None, "f")]]


def test_a_response_without_candidates_or_usage():
    assert convert_response(types.GenerateContentResponse(), True).messages == []
    assert convert_response({}, True).usage is None


def test_embedding_inputs_and_vertex_token_counts():
    assert embedding_inputs(["a", "b"]) == [Message("user", [TextPart("a")]), Message("user", [TextPart("b")])]
    vertex = types.EmbedContentResponse(
        embeddings=[
            types.ContentEmbedding(values=[0.1], statistics=types.ContentEmbeddingStatistics(token_count=3)),
            types.ContentEmbedding(values=[0.2], statistics=types.ContentEmbeddingStatistics(token_count=5)),
        ]
    )
    assert EmbedContentAdapter().to_response(vertex, False).usage == Usage(input_tokens=8)
    assert EmbedContentAdapter().to_response(types.EmbedContentResponse(embeddings=[]), False).usage is None


def test_legacy_model_ids_and_servers():
    assert model_id("models/gemini-1.5-flash") == "gemini-1.5-flash"
    assert model_id("tunedModels/my-model") == "tunedModels/my-model"

    class Transport:
        _host = "generativelanguage.googleapis.com:443"

    class Client:
        transport = Transport()

    assert server_of_client(Client()) == ("generativelanguage.googleapis.com", 443)
    Transport._host = "https://proxy.example.com:8443"
    assert server_of_client(Client()) == ("proxy.example.com", 8443)


def test_only_the_sdks_api_errors_have_a_safe_message():
    from google.api_core import exceptions
    from google.genai import errors

    from genotel.instrumentation.google_generativeai.gemini import GeminiAdapter

    adapter = GeminiAdapter()
    grpc_error = exceptions.InvalidArgument("Request contains an invalid argument.")
    assert adapter.safe_error_message(grpc_error) == str(grpc_error)
    body = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    http_error = errors.ClientError(429, body, None)  # older releases require the response argument
    assert "Quota exceeded" in adapter.safe_error_message(http_error)
    assert adapter.safe_error_message(ValueError("CANARY-PROMPT-7f3a is not valid JSON")) is None
