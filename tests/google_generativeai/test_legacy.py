"""google-generativeai (deprecated SDK): its default gRPC transport (an in-process server on loopback)
and ``transport="rest"`` (vcrpy), sync and async, in every mode."""

from __future__ import annotations

import asyncio
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # the SDK's own deprecation notice
    import google.generativeai as genai
    from google.generativeai import protos
    from google.generativeai.types import generation_types

from genotel.core.testing import Expected, assert_no_canary
from tests.google_generativeai.gemini_scenarios import CANARIES, HELLO, PROMPT, STOP, SYSTEM, check, text_exchange
from tests.google_generativeai.grpc_replay import grpc_server, transport_factory

MODEL = "gemini-1.5-flash"
CONFIG = {"temperature": 0.2, "max_output_tokens": 256, "top_k": 40}
TOKENS = {"input": 14, "output": 9}


class Legacy:
    """One way of reaching the API: ``grpc`` (sync or async) or ``rest`` (sync; the SDK's async client is gRPC only)."""

    def __init__(self, transport: str, is_async: bool, server=None) -> None:
        self.transport = transport
        self.is_async = is_async
        self.server = server

    def answer(self, rpc: str, name: str) -> None:
        if self.server is not None:
            self.server.queue(rpc, name)

    def run(self, sync, coroutine):
        """``sync()`` or ``asyncio.run(coroutine())``, whichever this transport exercises; over gRPC,
        the loopback server must have answered exactly one request."""
        received = len(self.server.received) if self.server else 0
        result = asyncio.run(coroutine()) if self.is_async else sync()
        if self.server is not None:
            assert len(self.server.received) == received + 1
        return result


@pytest.fixture(params=["grpc-sync", "grpc-async", "rest-sync"])
def legacy(request):
    transport, flavour = request.param.split("-")
    is_async = flavour == "async"
    if transport == "rest":
        genai.configure(api_key="AIzaSy-test-not-a-real-key", transport="rest")
        yield Legacy(transport, is_async)
        return
    with grpc_server() as (server, address):
        genai.configure(api_key="AIzaSy-test-not-a-real-key", transport=transport_factory(address, is_async))
        yield Legacy(transport, is_async, server)


# google-ai-generativelanguage 0.6.9 (pinned by google-generativeai 0.8.0) has no modelVersion field: it is dropped.
RESPONSE_MODEL = (
    {"gen_ai.response.model": "gemini-1.5-flash-002"}
    if "model_version" in protos.GenerateContentResponse.meta.fields
    else {}
)
# gRPC (host:port of the SDK's transport) and REST (its URL) name the same server.
SERVER = {"server.address": "generativelanguage.googleapis.com", "server.port": 443}


def hello_expected(stream: bool = False) -> Expected:
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        stream=stream,
        base={
            "gen_ai.operation.name": "generate_content",
            "gen_ai.system": "gemini",
            "gen_ai.request.model": MODEL,
            **SERVER,
            "gen_ai.request.temperature": 0.2,
            "gen_ai.request.max_tokens": 256,
            "gen_ai.request.top_k": 40.0,
            **RESPONSE_MODEL,
            "gen_ai.response.finish_reasons": ["STOP"],
            "gen_ai.usage.input_tokens": 14,
            "gen_ai.usage.output_tokens": 9,
        },
        **text_exchange(PROMPT, HELLO, STOP, system=SYSTEM),
    )


def model() -> genai.GenerativeModel:
    return genai.GenerativeModel(MODEL, system_instruction=SYSTEM, generation_config=CONFIG)


def test_generate_content(otel, mode, instrument, legacy, replay):
    legacy.answer("GenerateContent", "legacy_text")
    with replay("legacy_rest_text"):
        response = legacy.run(lambda: model().generate_content(PROMPT), lambda: model().generate_content_async(PROMPT))
    assert type(response).__name__ in ("GenerateContentResponse", "AsyncGenerateContentResponse")
    assert response.text == HELLO
    check(otel, mode, hello_expected(), TOKENS)


def test_generation_config_given_per_call(otel, mode, instrument, legacy, replay):
    """A typed GenerationConfig on the call, over a model without one, as the SDK merges them."""
    legacy.answer("GenerateContent", "legacy_text")
    bare = genai.GenerativeModel(MODEL, system_instruction=SYSTEM)
    config = generation_types.GenerationConfig(**CONFIG)
    with replay("legacy_rest_text"):
        response = legacy.run(
            lambda: bare.generate_content(PROMPT, generation_config=config),
            lambda: bare.generate_content_async(PROMPT, generation_config=config),
        )
    assert response.text == HELLO
    check(otel, mode, hello_expected(), TOKENS)


def test_stream_keeps_working_as_without_instrumentation(otel, mode, instrument, legacy, replay):
    """``for chunk in response``, ``resolve()`` and ``.text`` afterwards, as the SDK documents them."""
    legacy.answer("StreamGenerateContent", "legacy_stream")

    async def read_async():
        response = await model().generate_content_async(PROMPT, stream=True)
        chunks = [chunk.text async for chunk in response]
        await response.resolve()
        return response, chunks

    def read():
        response = model().generate_content(PROMPT, stream=True)
        chunks = [chunk.text for chunk in response]
        response.resolve()
        return response, chunks

    with replay("legacy_rest_stream"):
        response, chunks = legacy.run(read, read_async)
    assert chunks == ["Hello", ", CANARY-COMPLETION-91c2", "!"]
    assert response.text == HELLO
    assert response.usage_metadata.candidates_token_count == 9
    check(otel, mode, hello_expected(stream=True), TOKENS)


def test_stream_resolved_without_iterating(otel, mode, instrument, legacy, replay):
    legacy.answer("StreamGenerateContent", "legacy_stream")

    async def resolve_async():
        response = await model().generate_content_async(PROMPT, stream=True)
        await response.resolve()
        return response

    def resolve():
        response = model().generate_content(PROMPT, stream=True)
        assert otel.spans() == []  # the rest of the stream is still to come
        response.resolve()
        return response

    with replay("legacy_rest_stream"):
        response = legacy.run(resolve, resolve_async)
    assert response.text == HELLO
    check(otel, mode, hello_expected(stream=True), TOKENS)


def test_chat_send_message_is_one_span(otel, mode, instrument, legacy, replay):
    legacy.answer("GenerateContent", "legacy_text")
    with replay("legacy_rest_text"):
        response = legacy.run(
            lambda: model().start_chat().send_message(PROMPT),
            lambda: model().start_chat().send_message_async(PROMPT),
        )
    assert response.text == HELLO
    check(otel, mode, hello_expected(), TOKENS)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_embed_content_over_grpc(otel, mode, instrument, is_async):
    with grpc_server() as (server, address):
        genai.configure(api_key="AIzaSy-test-not-a-real-key", transport=transport_factory(address, is_async))
        server.queue("EmbedContent", "legacy_embed")
        arguments = {"model": "models/text-embedding-004", "content": CANARIES[0], "output_dimensionality": 4}
        embed = genai.embed_content_async if is_async else genai.embed_content
        result = asyncio.run(embed(**arguments)) if is_async else embed(**arguments)
    assert len(result["embedding"]) == 4
    (request,) = server.received
    assert request.content.parts[0].text == CANARIES[0]
    expected = Expected(
        span_name="embeddings text-embedding-004",
        provider_latest="gcp.gemini",
        base={
            "gen_ai.operation.name": "embeddings",
            "gen_ai.system": "gemini",
            "gen_ai.request.model": "text-embedding-004",
            "server.address": "generativelanguage.googleapis.com",
            "server.port": 443,
            "gen_ai.embeddings.dimension.count": 4,
        },
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": CANARIES[0]},
        events=[("gen_ai.user.message", {"content": CANARIES[0]})],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": CANARIES[0]}]}]},
    )
    check(otel, mode, expected, {})


def get_weather(city: str) -> dict:
    """Get the current weather for a city"""
    return {"temperature_c": 18, "sky": "sunny"}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_chat_automatic_function_calling_is_one_span_per_model_request(otel, mode, instrument, is_async):
    """``send_message`` calls get_weather itself and asks again: two requests over gRPC, two spans."""
    with grpc_server() as (server, address):
        genai.configure(api_key="AIzaSy-test-not-a-real-key", transport=transport_factory(address, is_async))
        server.queue("GenerateContent", "legacy_afc_call")
        server.queue("GenerateContent", "legacy_afc_answer")
        chat = genai.GenerativeModel(MODEL, tools=[get_weather]).start_chat(enable_automatic_function_calling=True)
        question = "What's the weather in Paris?"
        send = chat.send_message_async if is_async else chat.send_message
        response = asyncio.run(send(question)) if is_async else send(question)
    assert response.text == "It's 18°C and sunny in Paris."
    assert len(server.received) == 2
    first, second = sorted(otel.spans(), key=lambda span: span.start_time)
    assert [first.attributes["gen_ai.usage.input_tokens"], second.attributes["gen_ai.usage.input_tokens"]] == [41, 67]
    assert first.parent == second.parent
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 2
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert first.attributes["gen_ai.completion.0.tool_calls.0.name"] == "get_weather"
        assert first.attributes["llm.request.functions.0.name"] == "get_weather"
        turns = {
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": question,
            "gen_ai.prompt.1.role": "assistant",
            "gen_ai.prompt.1.tool_calls.0.name": "get_weather",
            "gen_ai.prompt.1.tool_calls.0.arguments": '{"city":"Paris"}',
            "gen_ai.prompt.2.role": "tool",
            "gen_ai.prompt.2.tool_call_id": "get_weather",
            "gen_ai.prompt.2.content": '{"sky":"sunny","temperature_c":18.0}',  # a protobuf Struct: numbers are doubles
        }
        assert {key: second.attributes.get(key) for key in turns} == turns
    if not mode.capture_content:
        assert_no_canary(otel, ("sunny", "Paris"))


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_api_error_over_grpc(otel, mode, instrument, is_async):
    from google.api_core import exceptions

    with grpc_server() as (server, address):
        genai.configure(api_key="AIzaSy-test-not-a-real-key", transport=transport_factory(address, is_async))
        server.queue("GenerateContent", "legacy_error_400")
        model = genai.GenerativeModel(MODEL)
        config = {"max_output_tokens": -1}
        with pytest.raises(exceptions.InvalidArgument) as raised:
            if is_async:
                asyncio.run(model.generate_content_async(PROMPT, generation_config=config))
            else:
                model.generate_content(PROMPT, generation_config=config)
    (span,) = otel.spans()
    assert span.status.description == str(raised.value)  # the status and the API's message, in every mode
    expected = Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        error=True,
        base={
            "gen_ai.operation.name": "generate_content",
            "gen_ai.system": "gemini",
            "gen_ai.request.model": MODEL,
            **SERVER,
            "gen_ai.request.max_tokens": -1,
            "error.type": "InvalidArgument",
        },
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": PROMPT},
        events=[("gen_ai.user.message", {"content": PROMPT})],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}]},
    )
    check(otel, mode, expected, {})
