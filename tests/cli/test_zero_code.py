"""``opentelemetry-instrument --traces_exporter genotel_store``: zero-code instrumentation straight into the store."""

from __future__ import annotations

from pathlib import Path

from genotel.store import TraceStore
from tests.auto_instrumentation import run_auto_instrumented

CASSETTE = Path(__file__).resolve().parents[2] / "cassettes" / "openai" / "chat_text.yaml"
SCRIPT = f"""
import openai
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({str(CASSETTE)!r}):
    client = openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
    client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "Hi"}}])
"""


def test_exporter_entry_points_write_every_signal_to_the_store(tmp_path):
    db = tmp_path / "zero-code.db"
    result = run_auto_instrumented(
        tmp_path,
        SCRIPT,
        OTEL_TRACES_EXPORTER="genotel_store",
        OTEL_METRICS_EXPORTER="genotel_store",
        OTEL_LOGS_EXPORTER="genotel_store",
        GENOTEL_STORE=str(db),
        GENOTEL_USE_LEGACY_ATTRIBUTES="false",
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="true",
    )
    assert result.returncode == 0, result.stderr
    with TraceStore(db, read_only=True) as store:
        (trace,) = store.query_traces()
        (span,) = store.get_trace(trace["trace_id"])
        events = store.get_events(trace["trace_id"])
        series = store.query_metrics("gen_ai.client.token.usage", start_time=0, query_type="instant")
    assert span["name"] == "chat gpt-4o-mini" and span["service_name"] == "entry-test"
    assert span["attributes"]["gen_ai.request.model"] == "gpt-4o-mini"
    assert [event["event_name"] for event in events] == ["gen_ai.user.message", "gen_ai.choice"]
    assert {event["span_id"] for event in events} == {span["span_id"]}
    assert sum(value for one in series for _, value in one["values"]) == (
        span["attributes"]["gen_ai.usage.input_tokens"] + span["attributes"]["gen_ai.usage.output_tokens"]
    )
