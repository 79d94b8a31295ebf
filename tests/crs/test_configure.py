"""``configure()``: OTLP per the standard variables (gRPC by default, Basic auth), else the store; capture on."""

from __future__ import annotations

import base64
import os
import sys

import pytest

from genotel.crs import action, configure, task
from genotel.crs.setup import CAPTURE_CONTENT
from genotel.store import TraceStore
from tests.crs.collectors import GrpcCollector, HttpCollector
from tests.crs.conftest import METADATA

BASIC = "Basic " + base64.b64encode(b"team-blue:s3cret").decode()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in [key for key in os.environ if key.startswith(("OTEL_", "GENOTEL_"))] + [CAPTURE_CONTENT]:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


@pytest.fixture(params=[GrpcCollector, HttpCollector], ids=["grpc", "http"])
def collector(request):
    running = request.param()
    running.start()
    yield running
    running.stop()


def work(configured) -> None:
    with task(METADATA), action("building", "make", tracer_provider=configured.tracer_provider):
        pass
    configured.shutdown()


def test_otlp_from_the_standard_variables_with_basic_auth(monkeypatch, collector):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_HEADERS", f"Authorization={BASIC}")
    if isinstance(collector, HttpCollector):
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    configured = configure("crs-builder", set_global=False)
    assert configured.destination == collector.endpoint
    work(configured)
    (span,) = collector.spans()
    assert span["name"] == "make"
    assert span["resource"]["service.name"] == "crs-builder"
    assert span["attributes"] == {**METADATA, "crs.action.category": "building", "crs.action.name": "make"}
    assert all(headers["authorization"] == BASIC for headers in collector.headers())


def test_grpc_is_the_default_protocol(monkeypatch):
    grpc_collector, http_collector = GrpcCollector(), HttpCollector()
    grpc_collector.start()
    try:
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", grpc_collector.endpoint)
        work(configure("crs-builder", set_global=False))
    finally:
        grpc_collector.stop()
    assert [span["name"] for span in grpc_collector.spans()] == ["make"]
    assert http_collector.exports == []


def test_explicit_endpoint_protocol_and_headers(collector):
    protocol = "grpc" if isinstance(collector, GrpcCollector) else "http/protobuf"
    configured = configure(
        "crs-fuzzer",
        otlp_endpoint=collector.endpoint,
        protocol=protocol,
        headers={"authorization": BASIC},
        resource_attributes={"service.version": "1.2.0", "service.name": "ignored"},
        set_global=False,
    )
    work(configured)
    (span,) = collector.spans()
    assert span["resource"]["service.name"] == "crs-fuzzer"
    assert span["resource"]["service.version"] == "1.2.0"
    assert all(headers["authorization"] == BASIC for headers in collector.headers())


def test_without_an_endpoint_telemetry_goes_to_the_store(tmp_path):
    db = tmp_path / "crs.db"
    configured = configure("crs-patcher", store=db, set_global=False)
    assert configured.destination == str(db)
    work(configured)
    with TraceStore(db, read_only=True) as store:
        (span,) = store.query_spans([{"key": "task.id", "op": "eq", "value": "task-42"}])
    assert span["name"] == "make" and span["service_name"] == "crs-patcher"
    assert span["attributes"]["crs.action.category"] == "building"


def test_the_store_missing_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "genotel.store", None)
    with pytest.raises(ImportError, match=r"pip install 'genotel-crs\[store\]'"):
        configure("crs-patcher", store=tmp_path / "x.db", set_global=False)


@pytest.mark.parametrize(
    ("environment", "argument", "expected"),
    [(None, None, "true"), ("false", None, "false"), ("SPAN_ONLY", None, "SPAN_ONLY"), ("true", False, "false")],
)
def test_content_capture_is_on_unless_chosen_otherwise(monkeypatch, tmp_path, environment, argument, expected):
    if environment is not None:
        monkeypatch.setenv(CAPTURE_CONTENT, environment)
    configure("crs", store=tmp_path / "c.db", capture_content=argument, set_global=False).shutdown()
    assert os.environ[CAPTURE_CONTENT] == expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"service_name": ""}, "service_name must name the CRS component"),
        ({"service_name": "crs", "otlp_endpoint": "http://127.0.0.1:1", "protocol": "http/json"}, "unknown OTLP"),
    ],
)
def test_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        configure(**arguments, set_global=False)
