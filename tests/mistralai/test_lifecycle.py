"""MistralAIInstrumentor lifecycle: the patch table, exact restore, re-instrument, no double wrap,
the SDK's own tracing kept out, and zero-code loading through ``opentelemetry-instrument``."""

from __future__ import annotations

import importlib
import sys
import types
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from opentelemetry import context as otel_context

from genotel.core.invocation import IN_GENAI_CALL_KEY
from genotel.core.testing import LifecycleSuite
from genotel.instrumentation.mistralai import MistralAIInstrumentor
from genotel.instrumentation.mistralai.patch_table import ENDPOINTS
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.mistralai.scenarios import HELLO, MODEL, TEXT_ID, TEXT_REQUEST, hello_expected

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "mistralai"
METHODS = {
    ("Chat.complete", False), ("Chat.complete_async", True), ("Chat.stream", False), ("Chat.stream_async", True),
    ("Embeddings.create", False), ("Embeddings.create_async", True),
}  # fmt: skip


def _exists(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


NEW_LAYOUT = _exists("mistralai.client.chat")  # mistralai >= 2
HOOKS = "mistralai.client._hooks.tracing"


def test_patch_table_names_both_layouts():
    for package in ("mistralai.client", "mistralai"):
        mine = {(e.attribute, e.is_async) for e in ENDPOINTS if e.module.rpartition(".")[0] == package}
        assert mine == METHODS
    present = {e.module.rpartition(".")[0] for e in ENDPOINTS if _exists(e.module)}
    assert present == {"mistralai.client" if NEW_LAYOUT else "mistralai"}


def _native_tracing_patches() -> dict:
    if not _exists(HOOKS):
        return {}
    return {"get_traced_request_and_span": vars(importlib.import_module(HOOKS))["get_traced_request_and_span"]}


class TestLifecycle(LifecycleSuite):
    instrumentor_class = MistralAIInstrumentor
    endpoints = tuple(e for e in ENDPOINTS if _exists(e.module))
    cassette = "chat_text"
    span_name = f"chat {MODEL}"
    provider_latest = "mistral_ai"

    def make_call(self, sdk):
        return sdk.chat.complete(**TEXT_REQUEST)

    def check_result(self, result):
        assert result.id == TEXT_ID and result.choices[0].message.content == HELLO

    def extra_patches(self):
        return _native_tracing_patches()


def test_native_tracing_is_patched_only_where_the_sdk_has_it():
    before = _native_tracing_patches()
    instrumentor = MistralAIInstrumentor()
    instrumentor.instrument()
    try:
        during = _native_tracing_patches()
    finally:
        instrumentor.uninstrument()
    assert bool(before) == NEW_LAYOUT
    for name, original in before.items():
        assert during[name] is not original
    assert _native_tracing_patches() == before


def test_the_hook_of_later_1x_releases_is_quieted_too(monkeypatch):
    """Later mistralai 1.x releases (1.12.4 seen) keep the tracing hook at ``mistralai._hooks.tracing`` (no CI stack has
    such a release: 1.5.0 has no hook, 2.x and later moved it), and traced every call a second time."""
    from genotel.instrumentation.mistralai import native_tracing

    calls = []

    def get_traced_request_and_span(tracing_enabled, tracer, span, operation_id, request):
        calls.append(operation_id)
        return request, "the SDK's span"

    hook = types.ModuleType("mistralai._hooks.tracing")
    hook.get_traced_request_and_span = get_traced_request_and_span
    monkeypatch.setattr(native_tracing, "HOOK_MODULES", ("genotel_tests_no_such_module", hook.__name__))
    monkeypatch.setitem(sys.modules, hook.__name__, hook)
    (patch,) = native_tracing.quiet_native_tracing()
    try:
        quieted = hook.get_traced_request_and_span
        token = otel_context.attach(otel_context.set_value(IN_GENAI_CALL_KEY, True))
        try:
            inside = quieted(True, None, None, "chat_completion_v1_chat_completions_post", "request")
        finally:
            otel_context.detach(token)
        outside = quieted(True, None, None, "list_models", "request")
    finally:
        patch.revert()
    assert inside == ("request", None) and outside == ("request", "the SDK's span")
    assert calls == ["list_models"] and hook.get_traced_request_and_span is get_traced_request_and_span


def test_instrumentation_dependencies_name_the_sdk():
    assert list(MistralAIInstrumentor().instrumentation_dependencies()) == ["mistralai >= 1.5.0"]


SCRIPT = """
import sys

import vcr
try:
    from mistralai.client import Mistral
except ImportError:
    from mistralai import Mistral

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    client = Mistral(api_key="test-mistral-key-not-real")
    completion = client.chat.complete(**{request!r})
print("completion:", completion.choices[0].message.content, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_mistralai"]
    assert entry.value == "genotel.instrumentation.mistralai:MistralAIInstrumentor"
    assert entry.load() is MistralAIInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [
        ({}, False),
        ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True),
        ({"MISTRAL_SDK_TELEMETRY": "global"}, False),
    ],
    ids=["default", "capture_from_environment", "sdk_tracing_on"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, with_content):
    """One span, genotel's: with ``MISTRAL_SDK_TELEMETRY=global`` mistralai >= 2 would trace the call on the
    global tracer provider too, and is kept out (1.x ignores the variable)."""
    script = SCRIPT.format(cassette=str(CASSETTES / "chat_text.yaml"), request=TEXT_REQUEST)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = console_spans(result.stdout)
    assert span["name"] == f"chat {MODEL}"
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["status"]["status_code"] == "UNSET"
    expected = hello_expected(TEXT_ID)
    assert span["attributes"] == {**expected.base, **(expected.legacy if with_content else {})}
    if not with_content:
        assert "CANARY" not in result.stdout
