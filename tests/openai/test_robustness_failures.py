"""genotel's own failures never reach the app: a converter that raises, a broken span or log pipeline.

The user always gets the SDK's own result (or the SDK's own exception); genotel records what it
still can: no span when the request cannot be converted, a span with the request attributes
(and prompts) when the response or stream cannot be.
"""

from __future__ import annotations

import openai
import pytest
from opentelemetry.sdk.trace import SpanProcessor
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected, assert_telemetry
from genotel.instrumentation.openai.chat import ChatAccumulator, ChatAdapter

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
MESSAGES = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]
TEXT_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": MESSAGES,
    "temperature": 0.2,
    "max_tokens": 50,
    "top_p": 0.9,
    "seed": 42,
    "stop": ["\n\n"],
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
}
STREAM_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": MESSAGES,
    "stream": True,
    "stream_options": {"include_usage": True},
}
SERVER = {"server.address": "api.openai.com", "server.port": 443}
CHAT = {"gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini", **SERVER}
TEXT_REQUEST_ATTRIBUTES = {
    **CHAT,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.max_tokens": 50,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.seed": 42,
    "gen_ai.request.stop_sequences": ["\n\n"],
    "gen_ai.request.frequency_penalty": 0.1,
    "gen_ai.request.presence_penalty": 0.2,
}
PROMPTS_ONLY = {
    "legacy": {
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": SYSTEM,
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": PROMPT,
    },
    "events": [("gen_ai.system.message", {"content": SYSTEM}), ("gen_ai.user.message", {"content": PROMPT})],
    "latest": {
        "gen_ai.input.messages": [
            {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
            {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
        ]
    },
}


def _raise(*args, **kwargs):
    raise RuntimeError("genotel bug")


# --- converters that raise ------------------------------------------------------------------------------


def test_to_request_failing_means_no_span(otel, mode, instrument, client, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_request", _raise)
    with replay("chat_text"):
        completion = client.chat.completions.create(**TEXT_REQUEST)
    assert completion.choices[0].message.content == HELLO
    assert otel.spans() == []
    assert otel.events() == []
    assert "gen_ai.client.operation.duration" not in otel.metric_points()


async def test_async_to_request_failing_means_no_span(otel, mode, instrument, async_client, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_request", _raise)
    with replay("chat_text"):
        completion = await async_client.chat.completions.create(**TEXT_REQUEST)
    assert completion.choices[0].message.content == HELLO
    assert otel.spans() == []


RESPONSE_LOST = Expected(
    span_name="chat gpt-4o-mini", provider_latest="openai", base=TEXT_REQUEST_ATTRIBUTES, **PROMPTS_ONLY
)


def test_to_response_failing_still_ends_the_span(otel, mode, instrument, client, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_response", _raise)
    with replay("chat_text"):
        completion = client.chat.completions.create(**TEXT_REQUEST)
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert_telemetry(otel, mode, RESPONSE_LOST)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


async def test_async_to_response_failing_still_ends_the_span(otel, mode, instrument, async_client, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_response", _raise)
    with replay("chat_text"):
        completion = await async_client.chat.completions.create(**TEXT_REQUEST)
    assert completion.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
    assert_telemetry(otel, mode, RESPONSE_LOST)


def _stream_text(stream):
    return "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)


def test_accumulator_failing_returns_the_sdk_stream(otel, mode, instrument, client, replay, monkeypatch):
    """No accumulator, no proxy: the span ends at once (request attributes only), the stream is the SDK's."""
    monkeypatch.setattr(ChatAdapter, "accumulator", _raise)
    with replay("chat_stream"):
        stream = client.chat.completions.create(**STREAM_REQUEST)
        assert type(stream) is openai.Stream
        assert_telemetry(
            otel, mode, Expected(span_name="chat gpt-4o-mini", provider_latest="openai", base=CHAT, **PROMPTS_ONLY)
        )
        assert _stream_text(stream) == HELLO
    assert len(otel.spans()) == 1


# every chunk, or the final fold, fails: the stream still ends its span once, with no response data
STREAM_RESPONSE_LOST = Expected(
    span_name="chat gpt-4o-mini", provider_latest="openai", base=CHAT, stream=True, **PROMPTS_ONLY
)


@pytest.mark.parametrize("method", ["add", "response"])
def test_accumulator_method_failing(otel, mode, instrument, client, replay, monkeypatch, method):
    monkeypatch.setattr(ChatAccumulator, method, _raise)
    with replay("chat_stream"):
        stream = client.chat.completions.create(**STREAM_REQUEST)
        assert isinstance(stream, openai.Stream)
        assert _stream_text(stream) == HELLO
    assert_telemetry(otel, mode, STREAM_RESPONSE_LOST)


@pytest.mark.parametrize("method", ["add", "response"])
async def test_async_accumulator_method_failing(otel, mode, instrument, async_client, replay, monkeypatch, method):
    monkeypatch.setattr(ChatAccumulator, method, _raise)
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**STREAM_REQUEST)
        texts = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
    assert "".join(texts) == HELLO
    assert_telemetry(otel, mode, STREAM_RESPONSE_LOST)


# --- a broken telemetry pipeline --------------------------------------------------------------------------


class RaisingProcessor(SpanProcessor):
    def __init__(self, on_start: bool = False, on_end: bool = False) -> None:
        self.raise_on_start = on_start
        self.raise_on_end = on_end

    def on_start(self, span, parent_context=None):
        if self.raise_on_start:
            raise RuntimeError("processor on_start")

    def on_end(self, span):
        if self.raise_on_end:
            raise RuntimeError("processor on_end")


class RaisingExporter(SpanExporter):
    def export(self, spans):
        raise RuntimeError("exporter down")

    def shutdown(self):
        pass


class RaisingLogProcessor:
    def on_emit(self, log_record):
        raise RuntimeError("log processor")

    emit = on_emit

    def shutdown(self):
        pass

    def force_flush(self, timeout_millis=30000):
        return True


MISSING_USAGE_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Reply with OK."}]}
MISSING_USAGE_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        **CHAT,
        "gen_ai.response.id": "chatcmpl-BovR9HEJgeVSzQUHaXRxnZj676mOQ",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.finish_reasons": ["stop"],
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Reply with OK.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "OK",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": "Reply with OK."}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "OK"}}),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Reply with OK."}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "OK"}], "finish_reason": "stop"}
        ],
    },
)


def test_processor_failing_on_end(otel, mode, instrument, client, replay):
    """The harness exporter runs first, so the whole telemetry is still there."""
    otel.tracer_provider.add_span_processor(RaisingProcessor(on_end=True))
    with replay("chat_missing_usage"):
        completion = client.chat.completions.create(**MISSING_USAGE_REQUEST)
    assert completion.choices[0].message.content == "OK"
    assert_telemetry(otel, mode, MISSING_USAGE_EXPECTED)


def test_processor_failing_on_end_of_a_failing_stream(otel, mode, instrument, client, replay):
    """The app gets the SDK's APIError, never the processor's RuntimeError."""
    otel.tracer_provider.add_span_processor(RaisingProcessor(on_end=True))
    with replay("chat_stream_error"), pytest.raises(openai.APIError):
        for _chunk in client.chat.completions.create(model="gpt-4o-mini", messages=[], stream=True):
            pass
    (span,) = otel.spans()
    assert span.attributes["error.type"] == "APIError"


def test_processor_failing_on_start(otel, mode, instrument, client, replay):
    otel.tracer_provider.add_span_processor(RaisingProcessor(on_start=True))
    with replay("chat_missing_usage"):
        completion = client.chat.completions.create(**MISSING_USAGE_REQUEST)
    assert completion.id == "chatcmpl-BovR9HEJgeVSzQUHaXRxnZj676mOQ"
    assert otel.spans() == []


async def test_async_processor_failing_on_start_of_a_stream(otel, mode, instrument, async_client, replay):
    otel.tracer_provider.add_span_processor(RaisingProcessor(on_start=True))
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**STREAM_REQUEST)
        texts = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
    assert "".join(texts) == HELLO
    assert otel.spans() == []


def test_exporter_failing(otel, mode, instrument, client, replay):
    otel.tracer_provider.add_span_processor(SimpleSpanProcessor(RaisingExporter()))
    with replay("chat_missing_usage"):
        completion = client.chat.completions.create(**MISSING_USAGE_REQUEST)
    assert completion.choices[0].message.content == "OK"
    assert_telemetry(otel, mode, MISSING_USAGE_EXPECTED)


def test_log_processor_failing(otel, mode, instrument, client, replay):
    """Events that cannot be emitted do not break the call; the span still ends with the response."""
    otel.logger_provider.add_log_record_processor(RaisingLogProcessor())
    with replay("chat_missing_usage"):
        completion = client.chat.completions.create(**MISSING_USAGE_REQUEST)
    assert completion.choices[0].message.content == "OK"
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.id"] == "chatcmpl-BovR9HEJgeVSzQUHaXRxnZj676mOQ"
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)


def test_log_processor_failing_keeps_error_status_and_metrics(otel, mode, instrument, client, replay):
    """A failing emitter cannot cost a failed call its ERROR status, exception event or metrics."""
    otel.logger_provider.add_log_record_processor(RaisingLogProcessor())
    with replay("chat_stream_error"), pytest.raises(openai.APIError):
        for _ in client.chat.completions.create(**STREAM_REQUEST):
            pass
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["error.type"] == "APIError"
    assert [event.name for event in span.events] == ["exception"]
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1
    assert duration.attributes["error.type"] == "APIError"
