"""AnthropicInstrumentor lifecycle: exact restore, re-instrument, no double wrap, zero-code loading.

The patch table names parse for both resources; anthropic 0.49 has no parse, so those four
endpoints are skipped there (and stay absent), while 2.x patches all twelve.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from anthropic._base_client import BaseClient
from anthropic.lib.streaming import AsyncMessageStreamManager, MessageStreamManager
from anthropic.resources.messages import Messages

from genotel.core.testing import LifecycleSuite, locate
from genotel.instrumentation.anthropic import AnthropicInstrumentor
from genotel.instrumentation.anthropic.patch_table import ENDPOINTS
from tests.anthropic.claude_scenarios import HELLO, MODEL, TEXT_ID, TEXT_REQUEST, hello_expected
from tests.auto_instrumentation import console_spans, run_auto_instrumented

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


def test_patch_table_names_the_sdk_methods():
    assert {(endpoint.module, endpoint.attribute, endpoint.is_async) for endpoint in ENDPOINTS} == PATCHED
    present = {(e.module, e.attribute, e.is_async) for e in ENDPOINTS if locate(e) is not None}
    assert present == (PATCHED if HAS_PARSE else PATCHED - PARSE)
    streams = {e.attribute for e in ENDPOINTS if e.adapter.defers_request}
    assert streams == {"Messages.stream", "AsyncMessages.stream"}
    # the managers keep the prepared request where MessageStreamAdapter.defer looks for it
    for manager in (MessageStreamManager, AsyncMessageStreamManager):
        assert f"_{manager.__name__}__api_request" in manager.__init__.__code__.co_names


class TestLifecycle(LifecycleSuite):
    instrumentor_class = AnthropicInstrumentor
    endpoints = ENDPOINTS
    cassette = "messages_text"
    span_name = f"chat {MODEL}"
    provider_latest = "anthropic"

    def make_call(self, sdk):
        return sdk.messages.create(**TEXT_REQUEST)

    def check_result(self, result):
        assert result.id == TEXT_ID and result.content[0].text == HELLO

    def extra_patches(self):
        return {"BaseClient._tracer": vars(BaseClient).get("_tracer")}  # anthropic 2.x's own tracing


def test_instrumentation_dependencies_name_the_sdk():
    assert list(AnthropicInstrumentor().instrumentation_dependencies()) == ["anthropic >= 0.49.0"]


# --- zero-code: the entry point and opentelemetry-instrument --------------------------------------

SCRIPT = """
import sys

import anthropic
from anthropic.lib.streaming import AsyncMessageStreamManager, MessageStreamManager
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
