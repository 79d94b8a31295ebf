"""``genotel demo`` end to end: real SDK calls replayed offline, instrumented through entry points, read back."""

from __future__ import annotations

import shlex
import subprocess

from genotel.store import TraceStore
from tests.google_generativeai.gemini_scenarios import GEMINI_API_IDS

OPENAI_CHAT = "chat gpt-4o-mini"
ANTHROPIC_CHAT = "chat claude-sonnet-4-5-20250929"
EMBEDDINGS = "embeddings text-embedding-3-small"
GEMINI = "generate_content gemini-2.5-flash"
BEDROCK_CHAT = "chat us.amazon.nova-lite-v1:0"
ADVICE = "Lisbon is sunny and 21 °C: pack light layers, sunglasses and comfortable shoes for the hills."
HAIKU_START = "Yellow trams climb slow,"


def test_demo_prints_the_trace_tree_and_how_to_see_it_again(demo_run):
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for entry_point in ("genotel_anthropic", "genotel_openai", "genotel_google_generativeai", "genotel_bedrock"):
        assert entry_point in out  # instrumented through entry points
    for line in (
        "plan_trip",
        "execute_tool get_weather",
        f"{OPENAI_CHAT}",
        "gpt-4o-mini-2024-07-18  tokens 84 in / 16 out  finish=tool_calls",
        "gpt-4o-mini-2024-07-18  tokens 126 in / 24 out  finish=stop",
        "claude-sonnet-4-5-20250929  tokens 31 in / 22 out  finish=end_turn",
        "text-embedding-3-small  tokens 20 in / - out",
        GEMINI,
        BEDROCK_CHAT,
        "assistant: Elétricos amarelos sobem devagar",
        "assistant: - Light layers - Sunglasses - Comfortable walking shoes",
        f"assistant: {ADVICE}",
        f"assistant: {HAIKU_START}",
        'assistant: get_weather({"city":"Lisbon"})',
        'tool: {"temp_c": 21, "sky": "sunny", "wind_kmh": 12}',
    ):
        assert line in out, line
    with TraceStore(db, read_only=True) as store:
        (trace,) = store.query_traces()
    again = out.splitlines()[-1].strip()
    assert again.endswith(f"--db {db} trace {trace['trace_id']}")
    shown = subprocess.run(shlex.split(again), capture_output=True, text=True, timeout=60, check=False)
    assert shown.returncode == 0 and "plan_trip" in shown.stdout and "execute_tool get_weather" in shown.stdout


def test_demo_stores_one_trace_with_every_call_under_the_app_span(demo_db):
    with TraceStore(demo_db, read_only=True) as store:
        (trace,) = store.query_traces()
        spans = store.get_trace(trace["trace_id"])
    by_name: dict[str, list[dict]] = {}
    for span in spans:
        by_name.setdefault(span["name"], []).append(span)
    assert sorted((name, len(found)) for name, found in by_name.items()) == [
        (ANTHROPIC_CHAT, 1),
        (OPENAI_CHAT, 2),
        (BEDROCK_CHAT, 1),
        (EMBEDDINGS, 1),
        ("execute_tool get_weather", 1),
        (GEMINI, 1),
        ("plan_trip", 1),
    ]
    (root,) = by_name["plan_trip"]
    assert trace["root_span_id"] == root["span_id"] and root["parent_span_id"] is None
    assert all(span["parent_span_id"] == root["span_id"] for span in spans if span is not root)
    assert {span["resource"].get("service.name") for span in spans} == {"genotel-demo"}


def test_demo_spans_carry_the_contract_attributes_and_captured_content(demo_db):
    with TraceStore(demo_db, read_only=True) as store:
        chats = store.query_spans([{"key": "name", "op": "eq", "value": OPENAI_CHAT}])
        (claude,) = store.query_spans([{"key": "gen_ai.system", "op": "eq", "value": "anthropic"}])
        (gemini,) = store.query_spans([{"key": "name", "op": "eq", "value": GEMINI}])
        (nova,) = store.query_spans([{"key": "name", "op": "eq", "value": BEDROCK_CHAT}])
    asked, answered = sorted(chats, key=lambda span: span["start_time"])
    assert asked["attributes"]["gen_ai.completion.0.tool_calls.0.name"] == "get_weather"
    assert asked["attributes"]["gen_ai.response.finish_reasons"] == ["tool_calls"]
    assert asked["attributes"]["gen_ai.prompt.0.role"] == "system"
    assert asked["attributes"]["llm.request.functions.0.name"] == "get_weather"
    assert answered["attributes"]["gen_ai.prompt.3.role"] == "tool"
    assert answered["attributes"]["gen_ai.prompt.3.tool_call_id"] == "call_lisbonW3aTh9rQ2vX5kLm8Np"
    assert answered["attributes"]["gen_ai.completion.0.content"] == ADVICE
    assert answered["attributes"]["gen_ai.usage.cache_read.input_tokens"] == 64
    assert answered["attributes"]["gen_ai.request.temperature"] == 0.3
    assert answered["attributes"]["server.address"] == "api.openai.com"
    assert answered["attributes"]["server.port"] == 443
    assert claude["attributes"]["gen_ai.completion.0.content"].startswith(HAIKU_START)
    assert claude["attributes"]["gen_ai.request.max_tokens"] == 200
    assert claude["attributes"]["gen_ai.usage.output_tokens"] == 22
    assert claude["attributes"]["gen_ai.response.time_to_first_chunk"] >= 0
    assert gemini["attributes"]["gen_ai.system"] == "gemini"
    assert gemini["attributes"]["gen_ai.usage.reasoning.output_tokens"] == 36
    assert gemini["attributes"]["gen_ai.request.temperature"] == 0.2
    assert gemini["attributes"].get("gen_ai.response.id") == ("nTruaeXhB9GLz7IPq5bE8Qs" if GEMINI_API_IDS else None)
    assert nova["attributes"]["gen_ai.system"] == "aws.bedrock"
    assert nova["attributes"]["gen_ai.request.max_tokens"] == 120
    assert nova["attributes"]["server.address"] == "bedrock-runtime.us-east-1.amazonaws.com"
    assert nova["attributes"]["gen_ai.prompt.0.role"] == "system"


def test_demo_records_token_usage_metrics_by_model(demo_db):
    with TraceStore(demo_db, read_only=True) as store:
        series = store.query_metrics(
            "gen_ai.client.token.usage", start_time=0, query_type="instant", group_by=["gen_ai.request.model"]
        )
    totals = {one["labels"]["gen_ai.request.model"]: sum(value for _, value in one["values"]) for one in series}
    assert totals == {
        "gpt-4o-mini": 84 + 16 + 126 + 24,
        "claude-sonnet-4-5-20250929": 31 + 22,
        "text-embedding-3-small": 20,
        "gemini-2.5-flash": 27 + 25 + 36,  # output: candidates and thoughts
        "us.amazon.nova-lite-v1:0": 41 + 14,
    }
