"""TogetherInstrumentor lifecycle: the patch table, the shared LifecycleSuite, zero-code loading."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from genotel.core.testing import LifecycleSuite, own_attributes
from genotel.instrumentation.together import TogetherInstrumentor
from genotel.instrumentation.together.patch_table import ENDPOINTS
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.together.scenarios import HELLO, MODEL, TEXT_EXPECTED, TEXT_ID, TEXT_REQUEST

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "together"


def test_patch_table_names_the_sdk_methods():
    modules = {"chat": "together.resources.chat.completions", "completions": "together.resources.completions"}
    assert {(e.module, e.attribute, e.is_async) for e in ENDPOINTS} == {
        *(
            (modules[name], f"{prefix}CompletionsResource.create", prefix == "Async")
            for name in modules
            for prefix in ("", "Async")
        ),
        ("together.resources.embeddings", "EmbeddingsResource.create", False),
        ("together.resources.embeddings", "AsyncEmbeddingsResource.create", True),
    }
    assert len(own_attributes(ENDPOINTS)) == 6


class TestLifecycle(LifecycleSuite):
    instrumentor_class = TogetherInstrumentor
    endpoints = ENDPOINTS
    cassette = "chat_text"
    span_name = f"chat {MODEL}"
    provider_latest = "together_ai"

    def make_call(self, sdk):
        return sdk.chat.completions.create(**TEXT_REQUEST)

    def check_result(self, result):
        assert result.id == TEXT_ID and result.choices[0].message.content == HELLO


def test_instrumentation_dependencies_name_the_sdk():
    assert list(TogetherInstrumentor().instrumentation_dependencies()) == ["together >= 2.0.0"]


SCRIPT = """
import sys

import together
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    client = together.Together(api_key="tgp-test-not-a-real-key", max_retries=0)
    completion = client.chat.completions.create(**{request!r})
print("completion:", completion.choices[0].message.content, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_together"]
    assert entry.value == "genotel.instrumentation.together:TogetherInstrumentor"
    assert entry.load() is TogetherInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [({}, False), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, with_content):
    script = SCRIPT.format(cassette=str(CASSETTES / "chat_text.yaml"), request=TEXT_REQUEST)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = [span for span in console_spans(result.stdout) if span["name"] == f"chat {MODEL}"]
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["attributes"] == {**TEXT_EXPECTED.base, **(TEXT_EXPECTED.legacy if with_content else {})}
    if not with_content:
        assert "CANARY" not in result.stdout
