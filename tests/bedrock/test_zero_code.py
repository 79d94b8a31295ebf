"""BedrockInstrumentor through its entry point: ``opentelemetry-instrument python app.py`` traces a
boto3 Converse call with nothing in the application but boto3 (content capture from the environment)."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from genotel.instrumentation.bedrock import BedrockInstrumentor
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.bedrock.calls import CREDENTIALS, REGION
from tests.bedrock.converse_cases import CONVERSE_TEXT, TEXT_PARAMETERS, TEXT_USAGE_KEPT
from tests.bedrock.scenarios import CLAUDE, HELLO, HOST, PROMPT

CASSETTE = Path(__file__).resolve().parents[2] / "cassettes" / "bedrock" / "converse_text.yaml"
SCRIPT = """
import sys

import boto3
import vcr

client = boto3.client("bedrock-runtime", region_name={region!r}, **{credentials!r})
recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    answer = client.converse(modelId={model!r}, **{request!r})
print("answer:", answer["output"]["message"]["content"][0]["text"], file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_bedrock"]
    assert entry.value == "genotel.instrumentation.bedrock:BedrockInstrumentor"
    assert entry.load() is BedrockInstrumentor


@pytest.mark.parametrize("with_content", [False, True], ids=["default", "capture_from_environment"])
def test_opentelemetry_instrument_traces_a_boto3_client(tmp_path, with_content):
    script = SCRIPT.format(
        region=REGION, credentials=CREDENTIALS, cassette=str(CASSETTE), model=CLAUDE, request=CONVERSE_TEXT
    )
    extra_env = {"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"} if with_content else {}
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"answer: {HELLO}" in result.stderr  # the application got its answer unchanged
    (span,) = [span for span in console_spans(result.stdout) if span["name"] == f"chat {CLAUDE}"]
    attributes = span["attributes"]
    assert span["kind"] == "SpanKind.CLIENT" and span["status"]["status_code"] == "UNSET"
    assert attributes["gen_ai.system"] == "aws.bedrock" and attributes["gen_ai.request.model"] == CLAUDE
    assert attributes["server.address"] == HOST and attributes["server.port"] == 443
    assert attributes["gen_ai.response.finish_reasons"] == ["end_turn"]
    assert {key: attributes[key] for key in TEXT_USAGE_KEPT} == TEXT_USAGE_KEPT
    assert {key: attributes[key] for key in TEXT_PARAMETERS} == TEXT_PARAMETERS
    if with_content:
        assert attributes["gen_ai.prompt.1.content"] == PROMPT and attributes["gen_ai.completion.0.content"] == HELLO
    else:
        assert "CANARY" not in result.stdout
