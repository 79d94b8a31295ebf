"""Attribute and field filters: every op and value type, through both the index and the JSON scan."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pytest
from opentelemetry.trace import Status, StatusCode

from genotel.store import InvalidFilter, TraceStore, plan

LONG = "x" * 300
SPANS = {
    "a": {"model": "gpt-4o", "tokens": 10, "temperature": 0.2, "stream": True, "note": LONG, "tags": ("x", "y")},
    "b": {"model": "gpt-4o-mini", "tokens": 250, "temperature": 0.7, "stream": False, "note": LONG + "b"},
    "c": {"model": "claude", "tokens": 4000, "temperature": 1.0, "stream": False, "note": "short"},
    "d": {"other": 1},
}


@pytest.fixture
def named(store: TraceStore, tracer) -> dict[str, str]:
    """One trace per span of SPANS; returns span name -> trace id."""
    traces = {}
    for name, attributes in SPANS.items():
        with tracer.start_as_current_span(name, attributes=attributes) as span:
            if name == "c":
                span.set_status(Status(StatusCode.ERROR, "boom"))
            traces[name] = format(span.get_span_context().trace_id, "032x")
    return traces


@pytest.fixture(params=["index", "scan"])
def access(request, monkeypatch) -> str:
    """Run each filter test with the index lookup, and again forced to the scan: same answers."""
    if request.param == "scan":
        monkeypatch.setattr(plan, "SELECTIVE_LIMIT", 1)
    return request.param


def names(store: TraceStore, *filters: dict) -> list[str]:
    spans = sorted(span["name"] for span in store.query_spans(list(filters)))
    traces = store.query_traces(list(filters))
    assert len(traces) == len(spans)  # one span per trace here: both operations must agree
    return spans


CASES = [
    ({"key": "model", "op": "eq", "value": "gpt-4o"}, ["a"]),
    ({"key": "model", "op": "ne", "value": "gpt-4o"}, ["b", "c"]),
    ({"key": "model", "op": "gt", "value": "d"}, ["a", "b"]),
    ({"key": "model", "op": "lt", "value": "gpt-4o-mini"}, ["a", "c"]),
    ({"key": "tokens", "op": "eq", "value": 250}, ["b"]),
    ({"key": "tokens", "op": "ne", "value": 250}, ["a", "c"]),
    ({"key": "tokens", "op": "gt", "value": 100}, ["b", "c"]),
    ({"key": "tokens", "op": "lt", "value": 250}, ["a"]),
    ({"key": "tokens", "op": "gt", "value": 9.5}, ["a", "b", "c"]),
    ({"key": "temperature", "op": "eq", "value": 0.7}, ["b"]),
    ({"key": "temperature", "op": "gt", "value": 0.5}, ["b", "c"]),
    ({"key": "temperature", "op": "lt", "value": 1}, ["a", "b"]),
    ({"key": "stream", "op": "eq", "value": True}, ["a"]),
    ({"key": "stream", "op": "eq", "value": False}, ["b", "c"]),
    ({"key": "stream", "op": "ne", "value": True}, ["b", "c"]),
    ({"key": "note", "op": "eq", "value": LONG}, ["a"]),
    ({"key": "note", "op": "eq", "value": "short"}, ["c"]),
    ({"key": "note", "op": "ne", "value": LONG}, ["b", "c"]),
    ({"key": "note", "op": "gt", "value": "t"}, ["a", "b"]),
    ({"key": "note", "op": "lt", "value": "t"}, ["c"]),
    ({"key": "tags", "op": "eq", "value": ["x", "y"]}, ["a"]),
    ({"key": "model", "op": "gt", "value": 5}, []),  # a number never matches a string attribute
    ({"key": "tokens", "op": "gt", "value": "a"}, []),  # nor a string a number
    ({"key": "missing", "op": "ne", "value": "x"}, []),
    ({"key": "attributes.model", "op": "=", "value": "claude"}, ["c"]),
    ({"key": "name", "op": "eq", "value": "b"}, ["b"]),
    ({"key": "name", "op": "ne", "value": "b"}, ["a", "c", "d"]),
    ({"key": "status", "op": "eq", "value": "error"}, ["c"]),
    ({"key": "kind", "op": "eq", "value": "internal"}, ["a", "b", "c", "d"]),
    ({"key": "service_name", "op": "eq", "value": "trip-planner"}, ["a", "b", "c", "d"]),
    ({"key": "duration_ms", "op": "gt", "value": -1}, ["a", "b", "c", "d"]),
    ({"key": "duration_ms", "op": "lt", "value": 0}, []),
]


@pytest.mark.parametrize(
    ("condition", "expected"), CASES, ids=[f"{c['key']}-{c['op']}-{c['value']}"[:40] for c, _ in CASES]
)
def test_each_op_and_type(store: TraceStore, named, access, condition, expected) -> None:
    assert names(store, condition) == expected


def test_filters_are_anded_on_one_span(store: TraceStore, named, access) -> None:
    assert names(store, {"key": "tokens", "op": "gt", "value": 5}, {"key": "stream", "op": "eq", "value": False}) == [
        "b",
        "c",
    ]
    assert (
        names(store, {"key": "model", "op": "eq", "value": "gpt-4o"}, {"key": "tokens", "op": "gt", "value": 50}) == []
    )


def test_trace_id_and_span_id_fields(store: TraceStore, named, access) -> None:
    assert names(store, {"key": "trace_id", "op": "eq", "value": named["b"].upper()}) == ["b"]
    span_id = store.query_spans([{"key": "name", "op": "eq", "value": "c"}])[0]["span_id"]
    assert names(store, {"key": "span_id", "op": "eq", "value": span_id}) == ["c"]


def test_a_trace_matches_when_one_of_its_spans_does(store: TraceStore, tracer) -> None:
    with tracer.start_as_current_span("root"), tracer.start_as_current_span("child", attributes={"model": "m"}):
        pass
    (found,) = store.query_traces([{"key": "model", "op": "eq", "value": "m"}])
    assert found["root_name"] == "root"


class Op(Enum):
    EQ = "eq"


@dataclass
class Condition:
    key: str
    op: Op
    value: object


def test_filter_objects_with_enum_ops(store: TraceStore, named) -> None:
    assert [span["name"] for span in store.query_spans([Condition("model", Op.EQ, "claude")])] == ["c"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"key": "model", "op": "like", "value": "x"}, "unknown op 'like'"),
        ({"key": "model", "value": "x"}, "unknown op None"),
        ({"op": "eq", "value": "x"}, "'key' must be a non-empty string"),
        ({"key": "", "op": "eq", "value": "x"}, "'key' must be a non-empty string"),
        ({"key": "model", "op": "eq"}, "'value' is required"),
        ({"key": "model", "op": "eq", "value": {"a": 1}}, "must be a string, number or boolean"),
        ({"key": "model", "op": "gt", "value": True}, "not a boolean"),
        ({"key": "model", "op": "gt", "value": ["a"]}, "list value only works with eq/ne"),
        ({"key": "model", "op": "eq", "value": "x", "operator": "="}, "unexpected field 'operator'"),
        ({"key": "duration_ms", "op": "gt", "value": "slow"}, "compared with a number"),
        ({"key": "name", "op": "eq", "value": 3}, "compared with a string"),
        ({"key": "attributes.", "op": "eq", "value": 3}, "names no attribute"),
        ("model=gpt", "expected {'key'"),
    ],
)
def test_malformed_filters_are_rejected_clearly(store: TraceStore, bad, message: str) -> None:
    with pytest.raises(InvalidFilter, match=message) as raised:
        store.query_spans([bad])
    assert "\n" not in str(raised.value)
    with pytest.raises(InvalidFilter):
        store.query_traces([bad])


def test_filters_must_be_a_list(store: TraceStore) -> None:
    with pytest.raises(InvalidFilter, match="must be a list"):
        store.query_traces({"key": "model", "op": "eq", "value": "x"})  # type: ignore[arg-type]


def test_long_values_are_left_out_of_the_index(store: TraceStore, named) -> None:
    with store._db.connection() as conn:
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT a.value FROM span_attrs a JOIN attr_keys k ON k.id = a.key_id WHERE k.key = 'note'"
            )
        }
        assert stored == {"short", b""}  # both long notes are only the marker: the JSON holds them
        tags = conn.execute(
            "SELECT count(*) FROM span_attrs a JOIN attr_keys k ON k.id = a.key_id WHERE k.key = 'tags'"
        ).fetchone()[0]
        assert tags == 0  # sequences are not indexed


def test_name_eq_is_answered_from_the_name_index(store: TraceStore, named, access) -> None:
    import sqlite3

    from genotel.store.filters import parse_filters

    assert names(store, {"key": "name", "op": "eq", "value": "b"}) == ["b"]
    assert names(store, {"key": "name", "op": "eq", "value": "absent"}) == []
    with sqlite3.connect(store.path) as conn:
        chosen = plan.make_plan(conn, parse_filters([{"key": "name", "op": "eq", "value": "absent"}]))
        rare = plan.make_plan(conn, parse_filters([{"key": "name", "op": "eq", "value": "b"}]))
    assert chosen.empty  # nothing to scan: the index says no span has that name
    if access == "index":
        assert rare.candidates is not None and "name = ?" in rare.candidates[0]
