"""Metric points from a real MeterProvider, and query_metrics over them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View

from genotel.store import InvalidQuery, StoreMetricExporter, TraceStore

TOKEN_BUCKETS = (1, 4, 16, 64, 256, 1024, 4096, 16384)


@pytest.fixture
def meter_provider(store: TraceStore) -> Iterator[MeterProvider]:
    reader = PeriodicExportingMetricReader(StoreMetricExporter(store), export_interval_millis=3_600_000)
    view = View(
        instrument_name="gen_ai.client.token.usage",
        aggregation=ExplicitBucketHistogramAggregation(boundaries=TOKEN_BUCKETS),
    )
    provider = MeterProvider(metric_readers=[reader], views=[view])
    yield provider
    provider.shutdown()


def record_calls(provider: MeterProvider) -> None:
    meter = provider.get_meter("genotel")
    tokens = meter.create_histogram("gen_ai.client.token.usage", unit="{token}")
    duration = meter.create_histogram("gen_ai.client.operation.duration", unit="s")
    for model, provider_name, input_tokens, output_tokens, seconds in (
        ("gpt-4o", "openai", 100, 20, 1.5),
        ("gpt-4o", "openai", 300, 40, 0.5),
        ("claude-sonnet-4", "anthropic", 1000, 200, 3.0),
    ):
        labels = {"gen_ai.operation.name": "chat", "gen_ai.system": provider_name, "gen_ai.request.model": model}
        tokens.record(input_tokens, {**labels, "gen_ai.token.type": "input"})
        tokens.record(output_tokens, {**labels, "gen_ai.token.type": "output"})
        duration.record(seconds, labels)


def by_model(series: list[dict]) -> dict[str, list]:
    return {s["labels"]["gen_ai.request.model"]: s["values"] for s in series}


def test_points_are_stored_with_delta_temporality(store: TraceStore, meter_provider: MeterProvider) -> None:
    record_calls(meter_provider)
    meter_provider.force_flush()
    record_calls(meter_provider)  # a second collection: with DELTA it holds only the new measurements
    meter_provider.force_flush()
    rows = [
        r for r in store.iter_records() if r["record"] == "metric_point" and r["name"] == "gen_ai.client.token.usage"
    ]
    assert {r["temporality"] for r in rows} == {"DELTA"}
    gpt_input = [
        r
        for r in rows
        if r["attributes"]["gen_ai.request.model"] == "gpt-4o" and r["attributes"]["gen_ai.token.type"] == "input"
    ]
    assert [r["sum"] for r in gpt_input] == [400, 400]
    assert [r["count"] for r in gpt_input] == [2, 2]
    assert gpt_input[0]["min"] == 100 and gpt_input[0]["max"] == 300
    assert gpt_input[0]["bounds"] == list(TOKEN_BUCKETS)
    assert sum(gpt_input[0]["bucket_counts"]) == 2
    assert rows[0]["unit"] == "{token}"
    start = time.time() - 60
    (instant,) = store.query_metrics(
        "gen_ai.client.token.usage",
        start,
        query_type="instant",
        label_matchers=[
            {"name": "gen_ai.request.model", "value": "gpt-4o"},
            {"name": "gen_ai.token.type", "value": "input"},
        ],
    )
    assert instant["values"][0][1] == 800  # 2 x 400: summing cumulative points would have said 1200


def test_range_query_buckets_by_granularity(store: TraceStore, meter_provider: MeterProvider) -> None:
    record_calls(meter_provider)
    meter_provider.force_flush()
    now = time.time()
    series = store.query_metrics(
        "gen_ai.client.operation.duration", now - 3600, now + 1, granularity="1h", group_by=["gen_ai.request.model"]
    )
    values = by_model(series)
    assert values["gpt-4o"][0][1] == pytest.approx(2.0)
    assert values["claude-sonnet-4"][0][1] == pytest.approx(3.0)
    assert values["gpt-4o"][0][0] % 3600 == 0
    assert series[0]["unit"] == "s"
    assert series[0]["metric"] == "gen_ai.client.operation.duration"
    counts = store.query_metrics("gen_ai.client.operation.duration", now - 3600, granularity="1d", stat="count")
    assert sorted(v[0][1] for v in by_model(counts).values()) == [1.0, 2.0]
    average = store.query_metrics(
        "gen_ai.client.operation.duration", now - 3600, query_type="instant", stat="avg", group_by=["gen_ai.system"]
    )
    assert {s["labels"]["gen_ai.system"]: s["values"][0][1] for s in average} == {"openai": 1.0, "anthropic": 3.0}


def test_label_matchers(store: TraceStore, meter_provider: MeterProvider) -> None:
    record_calls(meter_provider)
    meter_provider.force_flush()
    start = time.time() - 60

    def models(*matchers: dict) -> set[str]:
        found = store.query_metrics("gen_ai.client.token.usage", start, label_matchers=list(matchers))
        return {s["labels"]["gen_ai.request.model"] for s in found}

    assert models({"name": "gen_ai.system", "value": "openai", "operator": "="}) == {"gpt-4o"}
    assert models({"name": "gen_ai.system", "value": "openai", "operator": "!="}) == {"claude-sonnet-4"}
    assert models({"name": "gen_ai.request.model", "value": "claude.*", "operator": "=~"}) == {"claude-sonnet-4"}
    assert models({"name": "gen_ai.request.model", "value": "claude", "operator": "=~"}) == set()  # anchored
    assert models({"name": "gen_ai.request.model", "value": "gpt.*", "operator": "!~"}) == {"claude-sonnet-4"}
    assert models({"name": "error.type", "value": ""}) == {"gpt-4o", "claude-sonnet-4"}  # absent = empty
    tokens = store.query_metrics(
        "gen_ai.client.token.usage", start, query_type="instant", group_by=["gen_ai.token.type"]
    )
    assert {s["labels"]["gen_ai.token.type"]: s["values"][0][1] for s in tokens} == {"input": 1400, "output": 260}


def test_time_window_excludes_points(store: TraceStore, meter_provider: MeterProvider) -> None:
    record_calls(meter_provider)
    meter_provider.force_flush()
    assert store.query_metrics("gen_ai.client.token.usage", time.time() - 7200, time.time() - 3600) == []
    assert store.query_metrics("no.such.metric", 0) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"granularity": "5 minutes"}, "granularity"),
        ({"granularity": "0m"}, "granularity"),
        ({"query_type": "vector"}, "query_type"),
        ({"stat": "p99"}, "stat"),
        ({"label_matchers": [{"name": "x", "value": "y", "operator": "=="}]}, "unknown operator"),
        ({"label_matchers": [{"name": "x", "value": "(", "operator": "=~"}]}, "bad regular expression"),
        ({"label_matchers": [{"value": "y"}]}, "needs a 'name'"),
        ({"end_time": 1}, "before start_time"),
        ({"end_time": "yesterday"}, "ISO 8601"),
    ],
)
def test_bad_metric_queries(store: TraceStore, arguments: dict, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        store.query_metrics("gen_ai.client.token.usage", 1000, **arguments)


def test_counters_and_gauges(store: TraceStore, meter_provider: MeterProvider) -> None:
    meter = meter_provider.get_meter("app")
    counter = meter.create_counter("app.requests")
    counter.add(3, {"route": "/a"})
    counter.add(4, {"route": "/a"})
    meter_provider.force_flush()
    counter.add(5, {"route": "/a"})
    meter_provider.force_flush()
    (series,) = store.query_metrics("app.requests", time.time() - 60, query_type="instant")
    assert series["values"][0][1] == 12


def write_points(store: TraceStore, labels: list[dict]) -> float:
    """One token-usage point per label set, in the last minute; returns the window's start."""
    now = time.time_ns()
    rows = [
        ("gen_ai.client.token.usage", "{token}", "histogram", "DELTA", now - 10**9 - i, json.dumps(item), 1.0, 1)
        for i, item in enumerate(labels)
    ]
    store._db.write(
        lambda conn: conn.executemany(
            "INSERT INTO metric_points (name, unit, kind, temporality, time_ns, attributes, sum, count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    )
    return time.time() - 60


def test_label_matchers_run_in_sql(db_path, rows_read: dict[str, int]) -> None:
    with TraceStore(db_path) as store:
        start = write_points(store, [{"model": "rare" if i % 100 == 0 else f"model-{i % 7}"} for i in range(500)])
        for operator, value in (("=", "rare"), ("=~", "ra.e"), ("!~", "model-.*|x")):
            rows_read["rows"] = 0
            matcher = {"name": "model", "value": value, "operator": operator}
            (series,) = store.query_metrics("gen_ai.client.token.usage", start, label_matchers=[matcher])
            assert series["labels"] == {"model": "rare"} and series["values"][0][1] == 5.0
            assert rows_read["rows"] < 10  # the five matching points, not the 500 in the window


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("=", "true", {"bool"}),
        ("=", "7", {"int"}),
        ("=", "0.5", {"float"}),
        ("=", '["a", "b"]', {"list"}),
        ("=", "", {"absent"}),
        ("!=", "", {"bool", "int", "float", "list", "text"}),
        ("=~", "[0-9.]+", {"int", "float"}),
        ("!~", ".+", {"absent"}),
        ("=~", "tex", set()),  # anchored, as in Prometheus
    ],
)
def test_label_matchers_see_every_value_type_as_text(db_path, operator: str, value: str, expected: set) -> None:
    kinds = {"bool": True, "int": 7, "float": 0.5, "list": ["a", "b"], "text": "text"}
    labels = [{"kind": kind, "v": v} for kind, v in kinds.items()] + [{"kind": "absent"}]
    with TraceStore(db_path) as store:
        start = write_points(store, labels)
        found = store.query_metrics(
            "gen_ai.client.token.usage", start, label_matchers=[{"name": "v", "value": value, "operator": operator}]
        )
    assert {s["labels"]["kind"] for s in found} == expected


def test_a_label_name_with_a_quote(db_path) -> None:
    with TraceStore(db_path) as store:
        start = write_points(store, [{'say "hi"': "yes", "n": 1}, {"n": 2}])
        found = store.query_metrics(
            "gen_ai.client.token.usage", start, label_matchers=[{"name": 'say "hi"', "value": "y.s", "operator": "=~"}]
        )
    assert [s["labels"]["n"] for s in found] == [1]
