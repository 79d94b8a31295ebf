"""Safe by default: loopback needs no token to read, anything wider needs one, and writes always do."""

from __future__ import annotations

import hmac
import json

import pytest

from genotel.store import TraceStore
from genotel.store.serve import auth
from tests.serve.conftest import TOKEN

EVENTS = "/v1/telemetry/events"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def log_body(trace_id: str, span_id: str, **event):
    base = {"trace_id": trace_id, "span_id": span_id, "timestamp": "2026-01-02T03:04:05Z"}
    return {"event": {**base, **event}, "ttl_seconds": 3600}


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_detection(host, loopback):
    assert auth.is_loopback(host) is loopback


def test_binding_beyond_loopback_needs_a_token():
    with pytest.raises(ValueError, match="GENOTEL_SERVE_TOKEN"):
        auth.check_exposure("0.0.0.0", None)
    auth.check_exposure("0.0.0.0", "t")
    auth.check_exposure("127.0.0.1", None)


def test_token_comes_from_option_then_environment(monkeypatch):
    monkeypatch.setenv(auth.ENV_TOKEN, "from-env")
    assert auth.resolve_token(None) == "from-env"
    assert auth.resolve_token("given") == "given"
    monkeypatch.setenv(auth.ENV_TOKEN, "")
    assert auth.resolve_token(None) is None


def test_token_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.token_matches("abc", "abc") and not auth.token_matches("abc", "abd")
    assert calls == [(b"abc", b"abc"), (b"abc", b"abd")]
    assert not auth.token_matches("abc", None)


def test_writes_are_refused_without_a_configured_token(server, served_store):
    trace_id = served_store[1]
    body = log_body(trace_id, "a" * 16, type="unstructured_log", message="hi", severity="info")
    response = server.post(EVENTS, body, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403 and "--token" in response.json()["detail"]
    assert server.post("/v1/telemetry/spans/export", {"dataset_id": "d"}).status_code == 403


def test_a_token_guards_reads_and_writes(guarded):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        refused = guarded.post("/v1/telemetry/traces", {}, headers=headers)
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
        assert list(refused.json()) == ["detail"]
        assert guarded.get("/v1/genotel/info", headers=headers).status_code == 401
    assert guarded.post("/v1/telemetry/traces", {}, headers=BEARER).status_code == 200
    assert guarded.get("/").status_code == 200  # the page holds no data; it asks for the token


def test_log_event_with_the_token_stores_each_event_type(guarded, writable_copy):
    with TraceStore(writable_copy, read_only=True) as store:
        trace_id = store.query_traces(limit=1)[0]["trace_id"]
    span_id = "b" * 16
    events = [
        {"type": "unstructured_log", "message": "<b>hello</b>", "severity": "warn", "attributes": {"k": 1}},
        {"type": "metric", "metric": "retries", "value": 3, "unit": "{retry}"},
        {"type": "structured_log", "payload": {"type": "span_start", "name": "step", "parent_span_id": None}},
        {"type": "structured_log", "payload": {"type": "span_end", "status": "ok"}},
    ]
    for event in events:
        response = guarded.post(EVENTS, log_body(trace_id, span_id, **event), headers=BEARER)
        assert response.status_code == 200 and response.json() is None
    assert guarded.post(EVENTS, log_body(trace_id, span_id, **events[0])).status_code == 401
    bad = guarded.post(EVENTS, log_body(trace_id, span_id, type="metric", metric="m"), headers=BEARER)
    assert bad.status_code == 400 and "\n" not in bad.json()["detail"]
    with TraceStore(writable_copy, read_only=True) as store:
        stored = [item["event"] for item in store.get_events(trace_id, span_id)]
    assert [event["type"] for event in stored] == ["unstructured_log", "metric", "structured_log", "structured_log"]
    assert stored[0]["message"] == "<b>hello</b>" and stored[1]["value"] == 3
    assert stored[2]["payload"] == {"type": "span_start", "name": "step", "parent_span_id": None}


def test_save_spans_to_dataset_writes_jsonl_beside_the_store(guarded, writable_copy):
    body = {
        "attribute_filters": [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}],
        "attributes_to_save": ["gen_ai.request.model"],
        "dataset_id": "chat-models",
    }
    response = guarded.post("/v1/telemetry/spans/export", body, headers=BEARER)
    assert response.status_code == 200 and response.json() is None and response.headers["X-Rows-Written"] == "7"
    rows = [
        json.loads(line) for line in (writable_copy.parent / "datasets" / "chat-models.jsonl").read_text().splitlines()
    ]
    assert len(rows) == 7 and all("gen_ai.request.model" in json.dumps(row) for row in rows)
    for dataset_id in ("../escape", "a/b", "", ".hidden"):
        escaped = guarded.post("/v1/telemetry/spans/export", {**body, "dataset_id": dataset_id}, headers=BEARER)
        assert escaped.status_code == 400, dataset_id
    depth = guarded.post("/v1/telemetry/spans/export", {**body, "max_depth": 1}, headers=BEARER)
    assert depth.status_code == 400 and "max_depth" in depth.json()["detail"]
