"""AnthropicInstrumentor lifecycle: exact restore, re-instrument, no double wrap, zero-code loading.

The patch table names parse for both resources; anthropic 0.49 has no parse, so those four
endpoints are skipped there (and stay absent), while 2.x patches all twelve.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from anthropic._base_client import BaseClient
from anthropic.resources.messages import Messages
from auto_instrumentation import console_spans, run_auto_instrumented
from claude_scenarios import HELLO, MODEL, TEXT_ID, TEXT_REQUEST, hello_expected

from genotel.core.testing import locate, own_attributes
from genotel.instrumentation.anthropic import AnthropicInstrumentor
from genotel.instrumentation.anthropic.patch_table import ENDPOINTS

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "anthropic"
STABLE, BETA = "anthropic.resources.messages", "anthropic.resources.beta.messages"
PATCHED = {
    (module, attribute, is_async)
    for module in (STABLE, BETA)
    for resource, is_async in (("Messages", False), ("AsyncMessages", True))
    for attribute in (f"{resource}.create", f"{resource}.parse", f"{resource}.stream")
}
PARSE = {(module, attribute, is_async) for module, attribute, is_async in PATCHED if attribute.endswith(".parse")}
HAS_PARSE = hasattr(Messages, "parse")
GENOTEL_SCOPE = "genotel.instrumentation.anthropic"


def snapshot() -> dict:
    """What each patched class's own ``__dict__`` holds, plus the SDK's tracer property (2.x)."""
    return {"BaseClient._tracer": vars(BaseClient).get("_tracer"), **own_attributes(ENDPOINTS)}


@pytest.fixture
def instrumentor():
    instrumentor = AnthropicInstrumentor()
    assert not instrumentor.is_instrumented_by_opentelemetry
    yield instrumentor
    if instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.uninstrument()


def test_patch_table_names_the_sdk_methods():
    assert {(endpoint.module, endpoint.attribute, endpoint.is_async) for endpoint in ENDPOINTS} == PATCHED
    present = {(e.module, e.attribute, e.is_async) for e in ENDPOINTS if locate(e) is not None}
    assert present == (PATCHED if HAS_PARSE else PATCHED - PARSE)
    streams = {e.attribute: e.deferred_call for e in ENDPOINTS if e.module == STABLE and "stream" in e.attribute}
    assert streams == {
        "Messages.stream": "_MessageStreamManager__api_request",
        "AsyncMessages.stream": "_AsyncMessageStreamManager__api_request",
    }


def test_uninstrument_restores_every_attribute_exactly(instrumentor, otel):
    before = snapshot()
    instrumentor.instrument(**otel.providers)
    during = snapshot()
    assert during.keys() == before.keys()  # nothing added where the SDK lacks a method
    for key, original in before.items():
        if key == "BaseClient._tracer" and original is None:
            assert during[key] is None  # anthropic 0.49: no tracing of its own, nothing to quiet
            continue
        assert during[key] is not original, key
        if key != "BaseClient._tracer":
            assert during[key].__wrapped__ is original, key.attribute
    instrumentor.uninstrument()
    after = snapshot()
    assert after.keys() == before.keys()
    for key, original in before.items():
        assert after[key] is original, key


def genotel_spans(otel) -> list:
    """genotel's spans only (anthropic 2.x adds its own whenever genotel does not trace the call)."""
    return [span for span in otel.spans() if span.instrumentation_scope.name == GENOTEL_SCOPE]


def test_no_span_after_uninstrument(instrumentor, otel, call, replay):
    instrumentor.instrument(**otel.providers)
    instrumentor.uninstrument()
    with replay("messages_text"):
        message = call(lambda sdk: sdk.messages.create(**TEXT_REQUEST))
    assert message.id == TEXT_ID
    assert genotel_spans(otel) == []
    assert otel.metric_points() == {}


def test_instrument_uninstrument_instrument_produces_spans_again(instrumentor, otel, client, replay):
    instrumentor.instrument(**otel.providers)
    with replay("messages_text"):
        client.messages.create(**TEXT_REQUEST)
    instrumentor.uninstrument()
    with replay("messages_text"):
        client.messages.create(**TEXT_REQUEST)
    assert len(genotel_spans(otel)) == 1
    instrumentor.instrument(**otel.providers)
    with replay("messages_text"):
        message = client.messages.create(**TEXT_REQUEST)
    assert message.content[0].text == HELLO
    spans = genotel_spans(otel)
    assert [span.name for span in spans] == [f"chat {MODEL}", f"chat {MODEL}"]
    assert spans[1].attributes["gen_ai.response.id"] == TEXT_ID


def test_reinstrument_uses_the_new_configuration(instrumentor, otel, client, replay):
    instrumentor.instrument(semconv="1.36", **otel.providers)
    instrumentor.uninstrument()
    instrumentor.instrument(semconv="latest", **otel.providers)
    with replay("messages_text"):
        client.messages.create(**TEXT_REQUEST)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.provider.name"] == "anthropic"
    assert "gen_ai.system" not in span.attributes


def test_instrument_twice_does_not_double_wrap(instrumentor, otel, call, replay, caplog):
    assert AnthropicInstrumentor() is instrumentor  # BaseInstrumentor is a singleton
    instrumentor.instrument(**otel.providers)
    wrapped = snapshot()
    with caplog.at_level(logging.WARNING):
        AnthropicInstrumentor().instrument(**otel.providers)
    assert "Attempting to instrument while already instrumented" in caplog.text
    for key, current in snapshot().items():
        assert current is wrapped[key], key
    with replay("messages_text"):
        call(lambda sdk: sdk.messages.create(**TEXT_REQUEST))
    (span,) = otel.spans()
    assert span.name == f"chat {MODEL}"
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 1


def test_instrumentation_dependencies_name_the_sdk():
    assert list(AnthropicInstrumentor().instrumentation_dependencies()) == ["anthropic >= 0.49.0"]


# --- zero-code: the entry point and opentelemetry-instrument --------------------------------------

SCRIPT = """
import sys

import anthropic
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    client = anthropic.Anthropic(api_key="sk-ant-test-not-a-real-key", max_retries=0)
    message = client.messages.create(**{request!r})
print("completion:", message.content[0].text, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_anthropic"]
    assert entry.value == "genotel.instrumentation.anthropic:AnthropicInstrumentor"
    assert entry.load() is AnthropicInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [({}, False), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, with_content):
    """One span, genotel's: under a global tracer provider anthropic 2.x would trace too, and is kept out."""
    script = SCRIPT.format(cassette=str(CASSETTES / "messages_text.yaml"), request=TEXT_REQUEST)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = console_spans(result.stdout)
    assert span["name"] == f"chat {MODEL}"
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["status"]["status_code"] == "UNSET"
    assert span["resource"]["attributes"]["service.name"] == "entry-test"
    expected = hello_expected(TEXT_ID)
    assert span["attributes"] == {**expected.base, **(expected.legacy if with_content else {})}
    if not with_content:
        assert "CANARY" not in result.stdout
