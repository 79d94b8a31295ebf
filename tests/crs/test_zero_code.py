"""``opentelemetry-instrument``: the ``genotel_crs`` post-instrument hook adds the task processor by itself."""

from __future__ import annotations

from pathlib import Path

from opentelemetry.sdk.trace import TracerProvider

from genotel.crs.zero_code import add_task_processor
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.crs.conftest import METADATA

CASSETTE = Path(__file__).resolve().parents[2] / "cassettes" / "crs" / "patch_generation.yaml"
SCRIPT = f"""
import openai
import vcr
from opentelemetry import trace

import genotel.crs as crs

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
client = openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
with recorder.use_cassette({str(CASSETTE)!r}), crs.task({METADATA!r}):
    with crs.action("patch_generation", "fix png_read_chunk"):
        client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "Why?"}}])
with trace.get_tracer("app").start_as_current_span("outside"):
    pass
"""


def test_the_entry_point_stamps_every_span_and_links_the_call(tmp_path):
    result = run_auto_instrumented(tmp_path, SCRIPT)
    assert result.returncode == 0, result.stderr
    spans = {span["name"]: span["attributes"] for span in console_spans(result.stdout)}
    assert spans["chat gpt-4o-mini"]["gen_ai.response.id"] == "chatcmpl-CrsDiag0001pngReadChunkA1"
    assert {key: spans["chat gpt-4o-mini"][key] for key in METADATA} == METADATA
    assert spans["fix png_read_chunk"] == {
        **METADATA,
        "crs.action.category": "patch_generation",
        "crs.action.name": "fix png_read_chunk",
        "crs.action.gen_ai.id": "chatcmpl-CrsDiag0001pngReadChunkA1",
        "crs.action.gen_ai.ids": ["chatcmpl-CrsDiag0001pngReadChunkA1"],
    }
    assert spans["outside"] == {}


def test_it_can_be_disabled_like_an_instrumentor(tmp_path):
    result = run_auto_instrumented(tmp_path, SCRIPT, OTEL_PYTHON_DISABLED_INSTRUMENTATIONS="genotel_crs")
    assert result.returncode == 0, result.stderr
    spans = {span["name"]: span["attributes"] for span in console_spans(result.stdout)}
    assert "task.id" not in spans["chat gpt-4o-mini"]
    assert "task.id" not in spans["fix png_read_chunk"]


def test_the_hook_adds_one_processor_per_provider(monkeypatch):
    provider = TracerProvider()
    added = add_task_processor(provider)
    assert add_task_processor(provider) is added
    assert provider._active_span_processor._span_processors == (added,)
    monkeypatch.setenv("OTEL_PYTHON_DISABLED_INSTRUMENTATIONS", "requests, genotel_crs")
    assert add_task_processor(TracerProvider()) is None
