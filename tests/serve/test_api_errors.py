"""Bad input is a 4xx with a one-line JSON `detail`, never a traceback; a missing store is a 404."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.serve.running import running_server


def assert_one_line(response, status: int, *fragments: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["detail"] and "\n" not in body["detail"] and "Traceback" not in body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"]


@pytest.mark.parametrize(
    ("path", "raw", "fragment"),
    [
        ("/v1/telemetry/traces", b"{not json", "malformed JSON"),
        ("/v1/telemetry/traces", b"[1, 2]", "valid dictionary"),
        ("/v1/telemetry/spans", b'{"attribute_filters": "x"}', "attribute_filters"),
        ("/v1/telemetry/metrics/gen_ai.client.token.usage", b"{}", "start_time"),
    ],
)
def test_malformed_bodies(server, path, raw, fragment):
    response = server.client.post(path, content=raw, headers={"content-type": "application/json"})
    assert_one_line(response, 400, fragment)


@pytest.mark.parametrize(
    ("path", "body", "fragments"),
    [
        ("/v1/telemetry/traces", {"attribute_filters": [{"key": "a", "op": "like", "value": 1}]}, ("op", "'eq'")),
        ("/v1/telemetry/traces", {"attribute_filters": [{"key": "a", "op": "gt", "value": True}]}, ("boolean",)),
        ("/v1/telemetry/traces", {"order_by": ["colour"]}, ("cannot order by 'colour'",)),
        ("/v1/telemetry/traces", {"limit": -1}, ("limit",)),
        ("/v1/telemetry/traces", {"limt": 5}, ("limt", "Extra inputs")),
        ("/v1/telemetry/traces", {"status": "maybe"}, ("status",)),
        ("/v1/telemetry/traces", {"started_after": "last tuesday"}, ("started_after",)),
        ("/v1/telemetry/spans", {"attribute_filters": [{"key": "", "op": "eq", "value": 1}]}, ("key",)),
        ("/v1/telemetry/spans", {"max_depth": -2}, ("max_depth",)),
        (
            "/v1/telemetry/metrics/gen_ai.client.token.usage",
            {"start_time": 0, "label_matchers": [{"name": "m", "value": "x", "operator": "~="}]},
            ("operator",),
        ),
        (
            "/v1/telemetry/metrics/gen_ai.client.token.usage",
            {"start_time": 0, "label_matchers": [{"name": "m", "value": "(", "operator": "=~"}]},
            ("regular expression",),
        ),
        (
            "/v1/telemetry/metrics/gen_ai.client.token.usage",
            {"start_time": 0, "granularity": "fortnight"},
            ("granularity",),
        ),
        ("/v1/telemetry/metrics/x", {"start_time": 100, "end_time": 50}, ("before",)),
    ],
)
def test_invalid_queries(server, path, body, fragments):
    assert_one_line(server.post(path, body), 400, *fragments)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/telemetry/traces/not-hex",
        "/v1/telemetry/traces/" + "a" * 33,
        "/v1/telemetry/traces/abc/spans/xyz",
        "/v1/genotel/traces/%3Cscript%3E",
    ],
)
def test_bad_ids_are_400(server, path):
    assert_one_line(server.get(path), 400, "hexadecimal")


def test_bad_span_id_in_tree_is_400(server):
    assert_one_line(server.post("/v1/telemetry/spans/nope/tree", {}), 400, "span_id")


def test_unknown_ids_are_404(server, served_store):
    assert_one_line(server.get("/v1/telemetry/traces/" + "0" * 32), 404, "no trace")
    assert_one_line(server.get(f"/v1/telemetry/traces/{served_store[1]}/spans/{'0' * 16}"), 404, "no span")
    assert_one_line(server.post(f"/v1/telemetry/spans/{'1' * 16}/tree", {}), 404, "no span")
    assert_one_line(server.get("/v1/genotel/traces/" + "0" * 32), 404, "no trace")
    assert_one_line(server.get("/v1/telemetry/nothing-here"), 404)


def test_missing_store_is_404_on_every_read_and_is_not_created(tmp_path):
    missing = tmp_path / "nowhere" / "telemetry.db"
    with running_server(missing) as server:
        assert_one_line(server.post("/v1/telemetry/traces", {}), 404, str(missing))
        assert_one_line(server.post("/v1/telemetry/spans", {}), 404)
        assert_one_line(server.post("/v1/telemetry/metrics/m", {"start_time": 0}), 404)
        assert server.get("/").status_code == 200  # the viewer itself still loads, and says what is wrong
    assert not missing.exists() and not missing.parent.exists()


def test_queries_never_change_the_store_file(server, served_store):
    """The server reads through a read-only store: the file is the same after every kind of query."""
    db, trace_id = served_store
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    server.post("/v1/telemetry/traces", {"attribute_filters": [{"key": "task.id", "op": "eq", "value": "task-42"}]})
    server.post("/v1/telemetry/spans", {"attribute_filters": [{"key": "name", "op": "ne", "value": "x"}]})
    server.get(f"/v1/genotel/traces/{trace_id}")
    server.post("/v1/telemetry/metrics/gen_ai.client.token.usage", {"start_time": 0})
    assert server.post("/v1/telemetry/events", {"event": {}}).status_code in (400, 403)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_read_handle_is_read_only(served_store):
    from genotel.store.serve.stores import Stores

    stores = Stores(served_store[0])
    try:
        assert stores.reader().read_only is True
    finally:
        stores.close()


def test_unexpected_failure_is_a_one_line_500(server, monkeypatch):
    """A fault of the server itself (not of the input) is still one line of JSON, never a traceback."""
    from genotel.store.store import TraceStore

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(TraceStore, "query_traces", broken)
    response = server.post("/v1/telemetry/traces", {})
    assert_one_line(response, 500, "RuntimeError")
    assert "disk on fire" not in json.dumps(response.json())
