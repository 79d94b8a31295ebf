"""Ollama streams (NDJSON: generators of the SDK's models, the last one ``done``), ``generate``, ``embed``
and ``embeddings``: sync and async, all eight modes, the real ollama SDK."""

from __future__ import annotations

import gc
import types

import ollama
import pytest

from genotel.instrumentation.ollama.embeddings import EmbedAdapter
from tests.chat_content import exchange
from tests.ollama.scenarios import (
    HELLO,
    MESSAGES,
    METRIC,
    MODEL,
    PROMPT,
    STREAM_EXPECTED,
    STREAM_TOOL_CALLS_EXPECTED,
    SYSTEM,
    THINK_BASE,
    THINK_CONTENT,
    THINK_REQUEST,
    TOOLS_REQUEST,
    answered,
    base,
    check,
    expected,
)
from tests.openai.scenarios import assert_metrics

STREAMS = {
    "chat_stream": ({"model": MODEL, "messages": MESSAGES}, STREAM_EXPECTED, 7),
    "chat_stream_tool_calls": (TOOLS_REQUEST, STREAM_TOOL_CALLS_EXPECTED, 2),
    "chat_stream_thinking": (THINK_REQUEST, expected("chat qwen3", THINK_BASE, THINK_CONTENT, stream=True), 4),
}


@pytest.mark.parametrize("name", STREAMS)
def test_chat_stream(otel, mode, instrument, call, replay, name):
    request, want, count = STREAMS[name]
    with replay(name):
        chunks = call(lambda sdk: sdk.chat(**request, stream=True), into=[])
    assert len(chunks) == count and chunks[-1].done
    assert isinstance(call.returned, types.AsyncGeneratorType if call.is_async else types.GeneratorType)
    check(otel, mode, want)


def test_module_function_stream(otel, mode, instrument, replay):
    with replay("chat_stream"):
        stream = ollama.chat(MODEL, MESSAGES, stream=True)
        assert isinstance(stream, types.GeneratorType)
        assert "".join(chunk.message.content for chunk in stream) == HELLO
    check(otel, mode, STREAM_EXPECTED)


def test_stream_metrics(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        list(client.chat(MODEL, MESSAGES, stream=True))
    assert_metrics(otel, mode, METRIC, {"input": 31, "output": 11}, stream=True, system="ollama", provider="ollama")


def _left_early(otel, mode):
    """What arrived before the break: the model, no finish reason, no usage (it comes with ``done``)."""
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.model"] == MODEL
    assert "gen_ai.usage.input_tokens" not in span.attributes
    assert "gen_ai.response.finish_reasons" not in span.attributes
    if mode.use_legacy_attributes and mode.capture_content and not mode.latest:
        assert span.attributes["gen_ai.completion.0.content"] == "Hello,"


def test_break_then_gc(otel, mode, instrument, client, replay):
    with replay("chat_stream"):
        stream = client.chat(MODEL, MESSAGES, stream=True)
        for chunk in stream:
            if chunk.message.content == ",":
                break
        assert otel.spans() == []
        del stream, chunk
        gc.collect()
    _left_early(otel, mode)


async def test_async_break_then_aclose(otel, mode, instrument, async_client, replay, no_gc):
    with replay("chat_stream"):
        stream = await async_client.chat(MODEL, MESSAGES, stream=True)
        async for chunk in stream:
            if chunk.message.content == ",":
                break
        assert otel.spans() == []
        await stream.aclose()
    _left_early(otel, mode)


def test_close_ends_the_span_once(otel, mode, instrument, client, replay, no_gc):
    with replay("chat_stream"):
        stream = client.chat(MODEL, MESSAGES, stream=True)
        next(stream)
        next(stream)
        stream.close()
        stream.close()
    _left_early(otel, mode)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


# --- generate: text_completion; the prompt a user message, system the system instructions -------------------

GENERATE_CONTENT = exchange([("user", PROMPT)], [{"type": "text", "content": HELLO}])
GENERATE_CONTENT["legacy"] = {
    "gen_ai.prompt.0.role": "system",
    "gen_ai.prompt.0.content": SYSTEM,
    **{key.replace("prompt.0", "prompt.1"): value for key, value in GENERATE_CONTENT["legacy"].items()},
}
GENERATE_CONTENT["events"].insert(0, ("gen_ai.system.message", {"content": SYSTEM}))
GENERATE_CONTENT["latest"]["gen_ai.system_instructions"] = [{"type": "text", "content": SYSTEM}]
GENERATE_EXPECTED = expected(
    f"text_completion {MODEL}",
    base(
        "text_completion",
        **{"gen_ai.request.temperature": 0.2, "gen_ai.request.max_tokens": 50},
        **answered(MODEL, 31, 11),
    ),
    GENERATE_CONTENT,
)


def test_generate(otel, mode, instrument, call, replay):
    with replay("generate_text"):
        response = call(
            lambda sdk: sdk.generate(MODEL, PROMPT, system=SYSTEM, options={"temperature": 0.2, "num_predict": 50})
        )
    assert type(response) is ollama.GenerateResponse and response.response == HELLO
    check(otel, mode, GENERATE_EXPECTED)


GENERATE_STREAM_CONTENT = exchange([("user", PROMPT)], [{"type": "text", "content": HELLO}], finish="length")


def test_generate_stream(otel, mode, instrument, call, replay):
    with replay("generate_stream"):
        chunks = call(lambda sdk: sdk.generate(MODEL, PROMPT, stream=True, options={"num_predict": 6}), into=[])
    assert "".join(chunk.response for chunk in chunks) == HELLO
    want = expected(
        f"text_completion {MODEL}",
        base("text_completion", **{"gen_ai.request.max_tokens": 6}, **answered(MODEL, 31, 6, "length")),
        GENERATE_STREAM_CONTENT,
        stream=True,
    )
    check(otel, mode, want)


# --- embed / embeddings --------------------------------------------------------------------------------------

EMBED_INPUTS = ["Hello CANARY-PROMPT-7f3a", "Goodbye"]


def _embedding_content(inputs):
    return {
        "legacy": {
            key: value
            for index, text in enumerate(inputs)
            for key, value in ((f"gen_ai.prompt.{index}.role", "user"), (f"gen_ai.prompt.{index}.content", text))
        },
        "events": [("gen_ai.user.message", {"content": text}) for text in inputs],
        "latest": {
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": t}]} for t in inputs]
        },
    }


def test_embed(otel, mode, instrument, call, replay):
    with replay("embed"):
        response = call(lambda sdk: sdk.embed("all-minilm", EMBED_INPUTS))
    assert type(response) is ollama.EmbedResponse and len(response.embeddings) == 2
    attributes = base(
        "embeddings", "all-minilm", **{"gen_ai.response.model": "all-minilm", "gen_ai.usage.input_tokens": 8}
    )
    check(otel, mode, expected("embeddings all-minilm", attributes, _embedding_content(EMBED_INPUTS)))


def test_embeddings(otel, mode, instrument, call, replay):
    """The older endpoint answers with the vector alone: no response model, no usage."""
    with replay("embeddings"):
        response = call(lambda sdk: sdk.embeddings(model="all-minilm", prompt=EMBED_INPUTS[0]))
    assert type(response) is ollama.EmbeddingsResponse and len(response.embedding) == 4
    want = expected("embeddings all-minilm", base("embeddings", "all-minilm"), _embedding_content(EMBED_INPUTS[:1]))
    check(otel, mode, want)


MODULE_FUNCTIONS = {
    "generate": ("generate_text", lambda: ollama.generate(MODEL, PROMPT, system=SYSTEM), f"text_completion {MODEL}"),
    "embed": ("embed", lambda: ollama.embed("all-minilm", EMBED_INPUTS), "embeddings all-minilm"),
    "embeddings": ("embeddings", lambda: ollama.embeddings("all-minilm", EMBED_INPUTS[0]), "embeddings all-minilm"),
}


@pytest.mark.parametrize("name", MODULE_FUNCTIONS)
def test_module_functions_other_than_chat(otel, mode, instrument, replay, name):
    """``ollama.generate()``/``embed()``/``embeddings()`` as scripts call them: one span each, like ``chat``."""
    cassette, make_call, span_name = MODULE_FUNCTIONS[name]
    with replay(cassette):
        make_call()
    assert [span.name for span in otel.spans()] == [span_name]


@pytest.mark.parametrize(("dimensions", "attributes"), [(4, {"gen_ai.embeddings.dimension.count": 4}), ("4", {})])
def test_embed_dimensions_is_an_attribute(client, dimensions, attributes):
    """``embed(dimensions=...)`` (ollama >= 0.6) names the vector size, when it is an int."""
    request = EmbedAdapter().to_request(client, ("all-minilm", EMBED_INPUTS), {"dimensions": dimensions})
    assert request.attributes == attributes
