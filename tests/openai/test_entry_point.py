"""Zero-code instrumentation: ``opentelemetry-instrument`` finds ``genotel_openai`` and it works.

The subprocess runs a small script that replays a cassette through the real openai SDK, with
OpenTelemetry configured only by environment variables and spans printed by the console exporter.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from genotel.instrumentation.openai import OpenAIInstrumentor
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.openai.scenarios import CHAT_BASE, CHAT_MESSAGES, CHAT_TEXT_RESPONSE_ATTRIBUTES, HELLO, HELLO_LEGACY

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"

SCRIPT = """
import sys

import openai
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    client = openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages={messages!r}, temperature=0.2, max_tokens=50
    )
print("completion:", completion.choices[0].message.content, file=sys.stderr)
"""

# chat_text's attributes for this smaller request (only temperature and max_tokens set)
BASE_ATTRIBUTES = {
    **CHAT_BASE,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.max_tokens": 50,
    **CHAT_TEXT_RESPONSE_ATTRIBUTES,
}


def test_entry_point_is_registered():
    (entry,) = [entry for entry in entry_points(group="opentelemetry_instrumentor") if entry.name == "genotel_openai"]
    assert entry.value == "genotel.instrumentation.openai:OpenAIInstrumentor"
    assert entry.load() is OpenAIInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "content"),
    [({}, {}), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, HELLO_LEGACY)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, content):
    script = SCRIPT.format(cassette=str(CASSETTES / "chat_text.yaml"), messages=CHAT_MESSAGES)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    assert '"name": "chat gpt-4o-mini"' in result.stdout
    (span,) = [span for span in console_spans(result.stdout) if span["name"] == "chat gpt-4o-mini"]
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["status"]["status_code"] == "UNSET"
    assert span["resource"]["attributes"]["service.name"] == "entry-test"
    assert span["attributes"] == {**BASE_ATTRIBUTES, **content}
    if not content:
        assert "CANARY" not in result.stdout
