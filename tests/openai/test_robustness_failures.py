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

from genotel.core.kits.openai_chat import ChatAccumulator
from genotel.core.testing import Expected, assert_telemetry
from genotel.instrumentation.openai.chat import ChatAdapter
from tests.openai.scenarios import (
    CHAT_BASE,
    CHAT_STREAM_REQUEST,
    CHAT_TEXT_ID,
    CHAT_TEXT_REQUEST,
    CHAT_TEXT_REQUEST_ATTRIBUTES,
    HELLO,
    INPUT_MESSAGES,
    MISSING_USAGE_EXPECTED,
    MISSING_USAGE_ID,
    MISSING_USAGE_REQUEST,
    PROMPT_EVENTS,
    PROMPTS_LEGACY,
    streamed_text,
)

PROMPTS_ONLY = {"legacy": PROMPTS_LEGACY, "events": PROMPT_EVENTS, "latest": {"gen_ai.input.messages": INPUT_MESSAGES}}


def _raise(*args, **kwargs):
    raise RuntimeError("genotel bug")


# --- converters that raise ------------------------------------------------------------------------------


def test_to_request_failing_means_no_span(otel, mode, instrument, call, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_request", _raise)
    with replay("chat_text"):
        completion = call(lambda sdk: sdk.chat.completions.create(**CHAT_TEXT_REQUEST))
    assert completion.choices[0].message.content == HELLO
    assert otel.spans() == []
    assert otel.events() == []
    assert "gen_ai.client.operation.duration" not in otel.metric_points()


RESPONSE_LOST = Expected(
    span_name="chat gpt-4o-mini", provider_latest="openai", base=CHAT_TEXT_REQUEST_ATTRIBUTES, **PROMPTS_ONLY
)


def test_to_response_failing_still_ends_the_span(otel, mode, instrument, call, replay, monkeypatch):
    monkeypatch.setattr(ChatAdapter, "to_response", _raise)
    with replay("chat_text"):
        completion = call(lambda sdk: sdk.chat.completions.create(**CHAT_TEXT_REQUEST))
    assert completion.id == CHAT_TEXT_ID
    assert_telemetry(otel, mode, RESPONSE_LOST)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


def test_accumulator_failing_returns_the_sdk_stream(otel, mode, instrument, client, replay, monkeypatch):
    """No accumulator, no proxy: the span ends at once (request attributes only), the stream is the SDK's."""
    monkeypatch.setattr(ChatAdapter, "accumulator", _raise)
    with replay("chat_stream"):
        stream = client.chat.completions.create(**CHAT_STREAM_REQUEST)
        assert type(stream) is openai.Stream
        assert_telemetry(
            otel, mode, Expected(span_name="chat gpt-4o-mini", provider_latest="openai", base=CHAT_BASE, **PROMPTS_ONLY)
        )
        assert streamed_text(stream) == HELLO
    assert len(otel.spans()) == 1


# every chunk, or the final fold, fails: the stream still ends its span once, with no response data
STREAM_RESPONSE_LOST = Expected(
    span_name="chat gpt-4o-mini", provider_latest="openai", base=CHAT_BASE, stream=True, **PROMPTS_ONLY
)


@pytest.mark.parametrize("method", ["add", "response"])
def test_accumulator_method_failing(otel, mode, instrument, call, replay, monkeypatch, method):
    monkeypatch.setattr(ChatAccumulator, method, _raise)
    with replay("chat_stream"):
        chunks = call(lambda sdk: sdk.chat.completions.create(**CHAT_STREAM_REQUEST), into=[])
    assert isinstance(call.returned, openai.AsyncStream if call.is_async else openai.Stream)
    assert streamed_text(chunks) == HELLO
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
    assert completion.id == MISSING_USAGE_ID
    assert otel.spans() == []


async def test_async_processor_failing_on_start_of_a_stream(otel, mode, instrument, async_client, replay):
    otel.tracer_provider.add_span_processor(RaisingProcessor(on_start=True))
    with replay("chat_stream"):
        stream = await async_client.chat.completions.create(**CHAT_STREAM_REQUEST)
        chunks = [chunk async for chunk in stream]
    assert streamed_text(chunks) == HELLO
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
    assert span.attributes["gen_ai.response.id"] == MISSING_USAGE_ID
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)


def test_log_processor_failing_keeps_error_status_and_metrics(otel, mode, instrument, client, replay):
    """A failing emitter cannot cost a failed call its ERROR status, exception event or metrics."""
    otel.logger_provider.add_log_record_processor(RaisingLogProcessor())
    with replay("chat_stream_error"), pytest.raises(openai.APIError):
        for _ in client.chat.completions.create(**CHAT_STREAM_REQUEST):
            pass
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.attributes["error.type"] == "APIError"
    assert [event.name for event in span.events] == ["exception"]
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1
    assert duration.attributes["error.type"] == "APIError"
