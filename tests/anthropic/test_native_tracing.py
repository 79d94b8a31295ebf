"""anthropic >= 2 traces its own calls (on by default): with genotel instrumenting, one span per call.

That span is genotel's (it carries the configured modes); the SDK's own span is left out of the
calls genotel traces and comes back with ``uninstrument()``. anthropic 0.49 has no tracing of
its own: there the same tests check that genotel's span is the only one and nothing is patched.
The ``client`` / ``async_client`` fixtures send the SDK's spans to the test's exporter.
"""

from __future__ import annotations

import inspect

import anthropic
from anthropic._base_client import BaseClient

from genotel.core.testing import instrumented
from genotel.instrumentation.anthropic import AnthropicInstrumentor
from tests.anthropic.claude_scenarios import (
    HELLO,
    HELLO_TOKENS,
    STREAM_ID,
    TEXT_ID,
    TEXT_REQUEST,
    Call,
    check,
    hello_expected,
)

NATIVE_TRACING = "open_telemetry" in inspect.signature(anthropic.Anthropic).parameters
GENOTEL_SCOPE = "genotel.instrumentation.anthropic"
SDK_SCOPE = "com.anthropic.sdk.python"
API_KEY = "sk-ant-test-not-a-real-key"


def assert_only_genotel_span(otel) -> None:
    assert [(span.name, span.instrumentation_scope.name) for span in otel.spans()] == [
        ("chat claude-sonnet-4-5-20250929", GENOTEL_SCOPE)
    ]


def test_create_has_one_span(otel, mode, instrument, call, replay):
    with replay("messages_text"):
        message = call(lambda sdk: sdk.messages.create(**TEXT_REQUEST))
    assert message.id == TEXT_ID
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_stream_true_has_one_span(otel, mode, instrument, client, replay):
    with replay("messages_stream"):
        events = list(client.messages.create(**TEXT_REQUEST, stream=True))
    assert events[-1].type == "message_stop"
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


async def test_async_stream_true_has_one_span(otel, mode, instrument, async_client, replay):
    with replay("messages_stream"):
        events = [event async for event in await async_client.messages.create(**TEXT_REQUEST, stream=True)]
    assert events[-1].type == "message_stop"
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


def test_stream_helper_has_one_span(otel, mode, instrument, client, replay):
    with replay("messages_stream"), client.messages.stream(**TEXT_REQUEST) as stream:
        text = "".join(stream.text_stream)
    assert text == HELLO
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


async def test_async_stream_helper_has_one_span(otel, mode, instrument, async_client, replay):
    with replay("messages_stream"):
        async with async_client.messages.stream(**TEXT_REQUEST) as stream:
            text = "".join([piece async for piece in stream.text_stream])
    assert text == HELLO
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


def test_sdk_tracing_turned_off(otel, mode, instrument, replay):
    """open_telemetry=False (2.x) changes nothing for genotel; 0.49 has no such option at all."""
    if NATIVE_TRACING:
        sdk = Call(anthropic.Anthropic(api_key=API_KEY, max_retries=0, open_telemetry=False))
    else:
        assert "_tracer" not in vars(BaseClient)
        sdk = Call(anthropic.Anthropic(api_key=API_KEY, max_retries=0))
    with replay("messages_text"):
        sdk(lambda client: client.messages.create(**TEXT_REQUEST))
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_sdk_content_mode_exports_no_content(otel, mode, instrument, replay):
    """Even with the SDK asked to put content on its spans, only genotel's config decides about content."""
    options = {"api_key": API_KEY, "max_retries": 0}
    if NATIVE_TRACING:
        options["open_telemetry"] = {"tracer_provider": otel.tracer_provider, "traces": {"content_mode": "content"}}
    with replay("messages_text"):
        anthropic.Anthropic(**options).messages.create(**TEXT_REQUEST)
    assert_only_genotel_span(otel)
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)  # no canary when content capture is off


def test_sdk_span_comes_back_after_uninstrument(otel, mode, client, replay):
    with instrumented(AnthropicInstrumentor(), otel, mode), replay("messages_text"):
        client.messages.create(**TEXT_REQUEST)
    assert_only_genotel_span(otel)
    otel.clear()
    with replay("messages_text"):
        message = client.messages.create(**TEXT_REQUEST)
    assert message.id == TEXT_ID
    spans = otel.spans()
    if NATIVE_TRACING:
        (span,) = spans
        assert (span.name, span.instrumentation_scope.name) == ("anthropic.messages.create", SDK_SCOPE)
        assert span.attributes["gen_ai.response.id"] == TEXT_ID
    else:
        assert spans == []


def test_tracer_property_is_restored_exactly(otel):
    """instrument -> uninstrument leaves BaseClient.__dict__["_tracer"] the very same object."""
    original = vars(BaseClient).get("_tracer")
    with instrumented(AnthropicInstrumentor(), otel):
        during = vars(BaseClient).get("_tracer")
        if NATIVE_TRACING:
            assert isinstance(original, property)
            assert isinstance(during, property) and during is not original
        else:
            assert original is None and during is None  # nothing to quiet, nothing patched
    assert vars(BaseClient).get("_tracer") is original
