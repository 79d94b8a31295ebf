"""The query operations over spans exported by a real TracerProvider."""

from __future__ import annotations

import json
import time

import pytest

from genotel.store import InvalidQuery, NotFound, TraceStore
from tests.store.store_scenarios import agent_trace


def test_spans_are_stored_whole(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    spans = store.get_trace(ids["trace_id"])
    assert [span["name"] for span in spans] == [
        "invoke_agent planner",
        "chat gpt-4o",
        "execute_tool get_weather",
        "chat claude-sonnet-4",
    ]
    chat = spans[1]
    assert chat["trace_id"] == ids["trace_id"]
    assert chat["span_id"] == ids["chats"][0]
    assert chat["parent_span_id"] == ids["root"]
    assert chat["kind"] == "CLIENT"
    assert chat["service_name"] == "trip-planner"
    assert chat["resource"]["service.name"] == "trip-planner"
    assert chat["scope"] == "tests.store"
    assert chat["attributes"]["gen_ai.request.model"] == "gpt-4o"
    assert chat["attributes"]["gen_ai.usage.input_tokens"] == 100
    assert chat["attributes"]["gen_ai.response.finish_reasons"] == ["stop"]
    assert chat["attributes"]["llm.is_streaming"] is False
    assert chat["end_time"] >= chat["start_time"] > 0
    assert spans[0]["parent_span_id"] is None


def test_trace_summary_is_maintained_on_insert(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer, fail_last=True)
    (summary,) = store.query_traces()
    assert summary["trace_id"] == ids["trace_id"]
    assert summary["root_span_id"] == ids["root"]
    assert summary["root_name"] == "invoke_agent planner"
    assert summary["root_complete"] is True
    assert summary["span_count"] == 4
    assert summary["error_count"] == 1
    spans = store.get_trace(ids["trace_id"])
    assert summary["start_time"] == min(span["start_time"] for span in spans)
    assert summary["end_time"] == max(span["end_time"] for span in spans)


def test_provisional_root_until_the_root_span_arrives(store: TraceStore, tracer) -> None:
    root = tracer.start_span("invoke_agent planner")
    from opentelemetry import trace

    with trace.use_span(root, end_on_exit=False), tracer.start_as_current_span("chat gpt-4o"):
        pass
    (early,) = store.query_traces()
    assert early["root_name"] == "chat gpt-4o"
    assert early["root_complete"] is False
    root.end()
    (late,) = store.query_traces()
    assert late["root_name"] == "invoke_agent planner"
    assert late["root_complete"] is True
    assert late["span_count"] == 2


def test_query_traces_order_limit_offset(store: TraceStore, tracer) -> None:
    trace_ids = []
    for _ in range(5):
        trace_ids.append(agent_trace(tracer, models=("gpt-4o",))["trace_id"])
        time.sleep(0.002)
    newest_first = [t["trace_id"] for t in store.query_traces()]
    assert newest_first == trace_ids[::-1]
    assert [t["trace_id"] for t in store.query_traces(order_by=["start_time"])] == trace_ids
    assert [t["trace_id"] for t in store.query_traces(limit=2, offset=1)] == trace_ids[::-1][1:3]
    assert [t["trace_id"] for t in store.query_traces(order_by="-end_time", limit=1)] == [trace_ids[-1]]
    assert store.query_traces(limit=0) == []
    assert len(store.query_traces(limit=None)) == 5


@pytest.mark.parametrize(
    ("order_by", "message"),
    [(["-speed"], "cannot order by 'speed'"), ([""], "field names"), ([3], "field names")],
)
def test_query_traces_rejects_bad_order_by(store: TraceStore, order_by, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        store.query_traces(order_by=order_by)


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (1, -2), ("10", 0)])
def test_query_traces_rejects_bad_pages(store: TraceStore, limit, offset) -> None:
    with pytest.raises(InvalidQuery):
        store.query_traces(limit=limit, offset=offset)


def test_unknown_trace_and_span_are_not_found(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    with pytest.raises(NotFound, match="no trace 0000"):
        store.get_trace("0" * 32)
    with pytest.raises(NotFound, match="no span"):
        store.get_span(ids["trace_id"], "0" * 16)
    with pytest.raises(NotFound):
        store.get_span_tree("0" * 16)


def test_get_span_accepts_any_case_and_0x(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    span = store.get_span("0x" + ids["trace_id"].upper(), ids["tool"].upper())
    assert span["name"] == "execute_tool get_weather"
    assert span["attributes"] == {"city": "Lisbon"}


def test_get_span_tree_follows_children_to_max_depth(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    agent_trace(tracer)  # another trace must not leak in
    tree = store.get_span_tree(ids["root"])
    assert set(tree) == {ids["root"], *ids["chats"], ids["tool"]}
    assert tree[ids["tool"]]["parent_span_id"] == ids["chats"][0]
    assert tree[ids["tool"]]["depth"] == 2
    assert tree[ids["root"]]["depth"] == 0
    shallow = store.get_span_tree(ids["root"], max_depth=1)
    assert set(shallow) == {ids["root"], *ids["chats"]}
    assert set(store.get_span_tree(ids["chats"][0])) == {ids["chats"][0], ids["tool"]}
    assert set(store.get_span_tree(ids["root"], max_depth=0)) == {ids["root"]}


def test_get_span_tree_returns_only_asked_attributes(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    tree = store.get_span_tree(ids["root"], attributes_to_return=["gen_ai.request.model"])
    assert tree[ids["chats"][1]]["attributes"] == {"gen_ai.request.model": "claude-sonnet-4"}
    assert tree[ids["root"]]["attributes"] == {}
    with pytest.raises(InvalidQuery):
        store.get_span_tree(ids["root"], max_depth=-1)


def test_query_spans_filters_trims_and_limits_depth(store: TraceStore, tracer) -> None:
    ids = agent_trace(tracer)
    chats = store.query_spans([{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}])
    assert sorted(span["span_id"] for span in chats) == sorted(ids["chats"])
    trimmed = store.query_spans(
        [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}], attributes_to_return=["gen_ai.system"]
    )
    assert {tuple(span["attributes"].items()) for span in trimmed} == {
        (("gen_ai.system", "openai"),),
        (("gen_ai.system", "anthropic"),),
    }
    everything = store.query_spans()
    assert len(everything) == 4
    assert {span["span_id"] for span in store.query_spans(max_depth=1)} == {ids["root"], *ids["chats"]}
    assert [span["span_id"] for span in store.query_spans(max_depth=0)] == [ids["root"]]
    assert len(store.query_spans(limit=2)) == 2
    assert store.count_spans([{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}]) == 2
    assert store.count_spans() == 4


def test_query_spans_order_by(store: TraceStore, tracer) -> None:
    agent_trace(tracer)
    names = [span["name"] for span in store.query_spans(order_by=["name"])]
    assert names == sorted(names)
    oldest = store.query_spans(order_by=["start_time"], limit=1)
    assert oldest[0]["name"] == "invoke_agent planner"
    with pytest.raises(InvalidQuery):
        store.query_spans(order_by=["attributes"])


def test_save_spans_to_dataset_writes_jsonl(store: TraceStore, tracer, tmp_path) -> None:
    agent_trace(tracer)
    agent_trace(tracer, models=("gpt-4o",))
    target = tmp_path / "out" / "dataset.jsonl"
    written = store.save_spans_to_dataset(
        [{"key": "gen_ai.system", "op": "eq", "value": "openai"}],
        ["gen_ai.request.model", "gen_ai.usage.input_tokens"],
        target,
    )
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert written == len(rows) == 2
    assert {row["gen_ai.request.model"] for row in rows} == {"gpt-4o"}
    assert {row["gen_ai.usage.input_tokens"] for row in rows} == {100}
    assert all(row["name"] == "chat gpt-4o" and len(row["span_id"]) == 16 for row in rows)
    assert not list(tmp_path.joinpath("out").glob(".*tmp"))  # the temporary file was renamed away


def test_save_spans_to_dataset_skips_spans_without_the_attributes(store: TraceStore, tracer, tmp_path) -> None:
    agent_trace(tracer)
    seen: list[int] = []
    written = store.save_spans_to_dataset(None, ["city"], tmp_path / "tools.jsonl", progress=seen.append)
    assert written == 1
    assert json.loads((tmp_path / "tools.jsonl").read_text())["city"] == "Lisbon"
    assert seen == [1]
    assert store.save_spans_to_dataset(None, None, tmp_path / "all.jsonl") == 4
    with pytest.raises(InvalidQuery):
        store.save_spans_to_dataset(None, [], tmp_path / "none.jsonl")


def test_export_all_reports_progress_and_writes_every_record(store: TraceStore, tracer, logger_provider, tmp_path):
    ids = agent_trace(tracer)
    logger_provider.get_logger("tests").emit(event_name="gen_ai.choice", body={"index": 0})
    store.log_event({"type": "unstructured_log", "message": "hello", "trace_id": ids["trace_id"]})
    progress: list[tuple[int, int]] = []
    count = store.export_all(
        tmp_path / "all.jsonl", progress_callback=lambda done, total: progress.append((done, total))
    )
    lines = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    assert count == len(lines) == 6
    assert [line["record"] for line in lines] == ["span"] * 4 + ["log", "event"]
    assert lines[-1]["event"]["message"] == "hello"
    assert progress[-1] == (6, 6)
    assert [record["record"] for record in store.iter_records()] == [line["record"] for line in lines]


def test_stats_counts_rows(store: TraceStore, tracer) -> None:
    agent_trace(tracer)
    stats = store.stats()
    assert stats["spans"] == 4
    assert stats["traces"] == 1
    assert stats["schema_version"] >= 3
    assert stats["size_bytes"] > 0
