"""GoogleGenerativeAIInstrumentor lifecycle: exact restore, re-instrument, no double wrap, zero-code
loading, and either SDK installed alone."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import distribution, entry_points
from pathlib import Path

import pytest
from opentelemetry.instrumentation import dependencies

from genotel.core.testing import LifecycleSuite, locate
from genotel.instrumentation.google_generativeai import GoogleGenerativeAIInstrumentor
from genotel.instrumentation.google_generativeai.patch_table import ENDPOINTS, GENAI_ENDPOINTS
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.google_generativeai.gemini_scenarios import (
    GEMINI_API_IDS,
    HELLO,
    HELLO_CONFIG,
    MODEL,
    PROMPT,
    TEXT_ID,
    hello_expected,
)

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "google_generativeai"
SDKS = ("google-genai >= 1.8.0", "google-generativeai >= 0.8.0")


def test_patch_table_names_the_sdk_methods():
    assert all(locate(endpoint) is not None for endpoint in ENDPOINTS)  # both SDKs installed here
    genai = {(endpoint.attribute, endpoint.is_async) for endpoint in GENAI_ENDPOINTS}
    assert genai == {
        (f"{resource}.{method}", resource == "AsyncModels")
        for resource in ("Models", "AsyncModels")
        for method in ("_generate_content", "_generate_content_stream", "embed_content")
    }


class TestLifecycle(LifecycleSuite):
    instrumentor_class = GoogleGenerativeAIInstrumentor
    endpoints = ENDPOINTS
    cassette = "genai_text"
    span_name = f"generate_content {MODEL}"
    provider_latest = "gcp.gemini"

    def make_call(self, sdk):
        return sdk.models.generate_content(model=MODEL, contents=PROMPT, config=HELLO_CONFIG)

    def check_result(self, result):
        assert result.response_id == (TEXT_ID if GEMINI_API_IDS else None) and result.text == HELLO


def test_either_sdk_is_enough_for_opentelemetry_instrument(monkeypatch):
    """The distribution's instruments-any extra: one SDK missing is no conflict, both missing is."""
    dist = distribution("genotel-instrumentation-google-generativeai")
    assert dependencies.get_dist_dependency_conflicts(dist) is None
    real_version = dependencies.version

    def hidden(*names):
        def version(name):
            if name in names:
                raise dependencies.PackageNotFoundError(name)
            return real_version(name)

        return version

    for sdk in ("google-genai", "google-generativeai"):
        monkeypatch.setattr(dependencies, "version", hidden(sdk))
        assert dependencies.get_dist_dependency_conflicts(dist) is None, sdk
        assert GoogleGenerativeAIInstrumentor()._check_dependency_conflicts() is None, sdk
    monkeypatch.setattr(dependencies, "version", hidden("google-genai", "google-generativeai"))
    assert dependencies.get_dist_dependency_conflicts(dist) is not None
    assert GoogleGenerativeAIInstrumentor()._check_dependency_conflicts() is not None


def test_instrumentation_dependencies_name_both_sdks():
    assert tuple(GoogleGenerativeAIInstrumentor().instrumentation_dependencies()) == SDKS


# --- one SDK alone: the other one cannot be imported --------------------------------------------

ALONE = """
import sys
sys.modules[{hidden!r}] = None  # importing it now raises ImportError, as if it were not installed
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from genotel.instrumentation.google_generativeai import GoogleGenerativeAIInstrumentor

exporter = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))
GoogleGenerativeAIInstrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
{call}
print([span.name for span in exporter.get_finished_spans()])
"""
GENAI_CALL = f"""
import vcr
from google import genai
recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({str(CASSETTES / "genai_text.yaml")!r}):
    client = genai.Client(api_key="test", http_options={{"api_version": "v1beta"}})
    client.models.generate_content(model={MODEL!r}, contents="hi")
"""


LEGACY_CALL = f"""
import warnings
import vcr
warnings.simplefilter("ignore", FutureWarning)
import google.generativeai as genai
recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({str(CASSETTES / "legacy_rest_text.yaml")!r}):
    genai.configure(api_key="test", transport="rest")
    genai.GenerativeModel("gemini-1.5-flash").generate_content("hi")
"""


def _run_alone(hidden: str, call: str) -> subprocess.CompletedProcess:
    script = ALONE.format(hidden=hidden, call=call)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)


def test_google_genai_alone():
    result = _run_alone("google.generativeai", GENAI_CALL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"['generate_content {MODEL}']"
    assert "google.generativeai" not in result.stderr  # no deprecation warning from a hidden SDK


def test_google_generativeai_alone():
    result = _run_alone("google.genai", LEGACY_CALL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['generate_content gemini-1.5-flash']"


# --- zero-code: the entry point and opentelemetry-instrument --------------------------------------

SCRIPT = f"""
import sys
import vcr
from google import genai

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({str(CASSETTES / "genai_text.yaml")!r}):
    client = genai.Client(api_key="test", http_options={{"api_version": "v1beta"}})
    response = client.models.generate_content(model={MODEL!r}, contents={PROMPT!r}, config={HELLO_CONFIG!r})
print("completion:", response.text, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_google_generativeai"]
    assert entry.value == "genotel.instrumentation.google_generativeai:GoogleGenerativeAIInstrumentor"
    assert entry.load() is GoogleGenerativeAIInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [({}, False), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, with_content):
    result = run_auto_instrumented(tmp_path, SCRIPT, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = [span for span in console_spans(result.stdout) if span["name"].startswith("generate_content")]
    assert span["name"] == f"generate_content {MODEL}"
    assert span["kind"] == "SpanKind.CLIENT"
    expected = hello_expected(TEXT_ID if GEMINI_API_IDS else None)
    assert span["attributes"] == {**expected.base, **(expected.legacy if with_content else {})}
    if not with_content:
        assert "CANARY" not in result.stdout
