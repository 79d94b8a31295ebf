"""The /v1/telemetry routes answer in llama-stack's shapes, page every list, and read what the store holds."""

from __future__ import annotations

import re
import time

from genotel.store.serve import wire

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
TRACE_FIELDS = {"trace_id", "root_span_id", "start_time", "end_time"}
SPAN_FIELDS = {"span_id", "trace_id", "parent_span_id", "name", "start_time", "end_time", "attributes"}


def traces(server, **body):
    response = server.post("/v1/telemetry/traces", body)
    assert response.status_code == 200, response.text
    return response


def test_query_traces_returns_trace_shapes_newest_first(server, served_store):
    data = traces(server).json()["data"]
    assert [trace["root_name"] for trace in data] == ["patch_generation", "plan_trip"]
    assert data[0]["trace_id"] == served_store[1]
    for trace in data:
        assert set(trace) >= TRACE_FIELDS
        assert ISO.match(trace["start_time"]) and ISO.match(trace["end_time"])
        assert re.fullmatch(r"[0-9a-f]{32}", trace["trace_id"]) and re.fullmatch(r"[0-9a-f]{16}", trace["root_span_id"])
    assert data[0]["status"] == "error" and data[0]["error_count"] == 1
    assert data[1]["span_count"] == 8 and data[1]["service_name"] == "genotel-demo"


def test_traces_are_paged_with_a_next_offset_header(server):
    first = traces(server, limit=1)
    assert len(first.json()["data"]) == 1 and first.headers["X-Next-Offset"] == "1"
    second = traces(server, limit=1, offset=1)
    assert second.json()["data"][0]["root_name"] == "plan_trip"
    assert "X-Next-Offset" not in second.headers
    oldest_first = traces(server, order_by=["start_time"]).json()["data"]
    assert [trace["root_name"] for trace in oldest_first] == ["plan_trip", "patch_generation"]
    assert len(traces(server, limit=None).json()["data"]) == 2
    assert len(traces(server, limit=10 * wire.MAX_PAGE).json()["data"]) == 2  # cut to one page, not refused


def test_trace_filters_by_attribute_service_status_and_time(server):
    def names(**body):
        return [trace["root_name"] for trace in traces(server, **body).json()["data"]]

    by_model = [{"key": "gen_ai.request.model", "op": "eq", "value": "claude-sonnet-4-5-20250929"}]
    assert names(attribute_filters=by_model) == ["plan_trip"]
    assert names(attribute_filters=[{"key": "service_name", "op": "eq", "value": "crs-worker"}]) == ["patch_generation"]
    assert names(attribute_filters=[{"key": "gen_ai.usage.input_tokens", "op": "gt", "value": 100}]) == ["plan_trip"]
    assert names(attribute_filters=[{"key": "gen_ai.usage.input_tokens", "op": "lt", "value": 25}]) == ["plan_trip"]
    assert names(attribute_filters=[{"key": "task.id", "op": "ne", "value": "task-1"}]) == ["patch_generation"]
    assert names(status="error") == ["patch_generation"]
    assert names(status="ok") == ["plan_trip"]
    assert names(started_after=time.time() + 60) == []
    assert names(started_after=time.time() - 3600, started_before=time.time() + 60) == ["patch_generation", "plan_trip"]
    assert names(started_after="2000-01-01T00:00:00Z", status="ok", limit=1) == ["plan_trip"]


def test_get_trace_and_get_span(server, served_store):
    trace_id = served_store[1]
    trace = server.get(f"/v1/telemetry/traces/{trace_id}").json()
    assert trace["trace_id"] == trace_id and trace["root_name"] == "patch_generation"
    span = server.get(f"/v1/telemetry/traces/{trace_id}/spans/{trace['root_span_id']}").json()
    assert set(span) >= SPAN_FIELDS
    assert span["parent_span_id"] is None and span["name"] == "patch_generation"
    assert span["attributes"]["crs.action.category"] == "patch_generation"
    assert ISO.match(span["start_time"])
    upper = server.get(f"/v1/telemetry/traces/0x{trace_id.upper()}")
    assert upper.status_code == 200 and upper.json()["trace_id"] == trace_id


def test_span_tree_is_keyed_by_span_id_with_status(server, served_store):
    root = server.get(f"/v1/telemetry/traces/{served_store[1]}").json()["root_span_id"]
    tree = server.post(f"/v1/telemetry/spans/{root}/tree", {}).json()["data"]
    assert len(tree) == 5 and root in tree
    assert {span["name"]: span["status"] for span in tree.values()} == {
        "patch_generation": "ok",
        "chat gpt-4o": "ok",
        "chat claude-sonnet-4-5": "ok",
        "chat gemini-2.5-flash": "ok",
        "run_tests": "error",
    }
    assert all(SPAN_FIELDS | {"status"} <= set(span) for span in tree.values())
    shallow = server.post(f"/v1/telemetry/spans/{root}/tree", {"max_depth": 0}).json()["data"]
    assert list(shallow) == [root]
    trimmed = server.post(
        f"/v1/telemetry/spans/{root}/tree", {"attributes_to_return": ["gen_ai.request.model"]}
    ).json()["data"]
    assert {key for span in trimmed.values() for key in span["attributes"]} == {"gen_ai.request.model"}
    assert server.post(f"/v1/telemetry/spans/{root}/tree").status_code == 200  # a body is optional


def test_query_spans_filters_trims_and_pages(server):
    body = {
        "attribute_filters": [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}],
        "attributes_to_return": ["gen_ai.request.model", "gen_ai.usage.output_tokens"],
    }
    everything = server.post("/v1/telemetry/spans", body).json()["data"]
    assert len(everything) == 7  # four chat calls of the demo and the CRS trace's three
    assert all(set(span) >= SPAN_FIELDS and ISO.match(span["start_time"]) for span in everything)
    assert all(set(span["attributes"]) <= {"gen_ai.request.model", "gen_ai.usage.output_tokens"} for span in everything)
    page = server.post("/v1/telemetry/spans", {**body, "limit": 2, "offset": 1})
    assert [span["span_id"] for span in page.json()["data"]] == [span["span_id"] for span in everything[1:3]]
    assert page.headers["X-Next-Offset"] == "3"
    roots = server.post(
        "/v1/telemetry/spans", {"attribute_filters": [{"key": "kind", "op": "ne", "value": "CLIENT"}], "max_depth": 0}
    ).json()["data"]
    assert sorted(span["name"] for span in roots) == ["patch_generation", "plan_trip"]


def test_query_metrics_series_shape_and_label_matchers(server):
    body = {
        "start_time": int(time.time()) - 3600,
        "granularity": "1h",
        "label_matchers": [{"name": "gen_ai.request.model", "value": "gpt-4o-mini", "operator": "="}],
    }
    series = server.post("/v1/telemetry/metrics/gen_ai.client.token.usage", body).json()["data"]
    assert series and all(one["metric"] == "gen_ai.client.token.usage" for one in series)
    for one in series:
        labels = {pair["name"]: pair["value"] for pair in one["labels"]}
        assert labels["gen_ai.request.model"] == "gpt-4o-mini"
        assert all(isinstance(pair["value"], str) for pair in one["labels"])
        for point in one["values"]:
            assert isinstance(point["timestamp"], int) and isinstance(point["value"], float)
            assert point["unit"] == "{token}"
    assert sum(point["value"] for one in series for point in one["values"]) == 250  # 84+16+126+24
    regex = {**body, "label_matchers": [{"name": "gen_ai.request.model", "value": "gpt.*|claude.*", "operator": "=~"}]}
    grouped = server.post("/v1/telemetry/metrics/gen_ai.client.token.usage", {**regex, "group_by": ["gen_ai.system"]})
    assert {one["labels"][0]["value"] for one in grouped.json()["data"]} == {"openai", "anthropic"}
    instant = {"start_time": int(time.time()) - 3600, "query_type": "instant", "group_by": ["gen_ai.system"]}
    points = server.post("/v1/telemetry/metrics/gen_ai.client.operation.duration", instant).json()["data"]
    assert points and all(len(one["values"]) == 1 for one in points)


def test_the_alpha_prefix_of_newer_llama_stack_clients_answers_the_same(server, served_store):
    assert server.post("/v1alpha/telemetry/traces", {}).json() == server.post("/v1/telemetry/traces", {}).json()
    tree = server.post(f"/v1alpha/telemetry/spans/{'0' * 16}/tree", {})
    assert tree.status_code == 404 and list(tree.json()) == ["detail"]


def test_openapi_document_lists_every_telemetry_route(server):
    paths = server.get("/openapi.json").json()["paths"]
    expected = {
        ("/v1/telemetry/events", "post"),
        ("/v1/telemetry/traces", "post"),
        ("/v1/telemetry/traces/{trace_id}", "get"),
        ("/v1/telemetry/traces/{trace_id}/spans/{span_id}", "get"),
        ("/v1/telemetry/spans/{span_id}/tree", "post"),
        ("/v1/telemetry/spans", "post"),
        ("/v1/telemetry/spans/export", "post"),
        ("/v1/telemetry/metrics/{metric_name}", "post"),
    }
    assert expected <= {(path, method) for path, methods in paths.items() for method in methods}
    schemas = server.get("/openapi.json").json()["components"]["schemas"]
    assert {"QueryCondition", "QueryTracesRequest", "MetricLabelMatcher", "QueryMetricsResponse"} <= set(schemas)
    assert server.get("/docs").status_code == 404  # its page would load scripts from a CDN


def test_viewer_trace_route_returns_spans_events_and_summary(server, served_store):
    detail = server.get(f"/v1/genotel/traces/{served_store[1]}").json()
    assert detail["trace"]["root_name"] == "patch_generation"
    names = ["patch_generation", "chat gpt-4o", "chat claude-sonnet-4-5", "chat gemini-2.5-flash", "run_tests"]
    assert [span["name"] for span in detail["spans"]] == names
    assert all("events" in span for span in detail["spans"])
    assert [event["event_name"] for event in detail["events"]] == [
        "gen_ai.system.message",
        "gen_ai.user.message",
        "gen_ai.choice",
        "gen_ai.tool.message",
    ]
    assert all(ISO.match(event["time"]) for event in detail["events"])
    assert {event["span_id"] for event in detail["events"]} == {detail["spans"][2]["span_id"]}
    paged = server.get(f"/v1/genotel/traces/{served_store[1]}", params={"limit": 1})
    assert len(paged.json()["spans"]) == 1 and paged.headers["X-Next-Offset"] == "1"
