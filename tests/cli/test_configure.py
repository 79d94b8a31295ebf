"""``configure()``: providers to the store by default, to an OTLP collector when asked (argument or environment)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from genotel.store import StoreError, TraceStore, configure, retention


class Collector:
    """An OTLP/HTTP receiver on loopback that keeps what each request sent."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, {key.lower(): value for key, value in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def traces(self) -> list[tuple[dict[str, str], ExportTraceServiceRequest]]:
        found = []
        for path, headers, body in self.received:
            if path == "/v1/traces":
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                found.append((headers, request))
        return found


@pytest.fixture
def collector():
    running = Collector()
    running.thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def one_span(configured, name: str = "checkout") -> None:
    with configured.tracer_provider.get_tracer("test").start_as_current_span(name):
        pass
    configured.shutdown()


def exported_span(collector: Collector) -> tuple[dict[str, str], str, str]:
    ((headers, request),) = collector.traces()
    (resource_spans,) = request.resource_spans
    service = {item.key: item.value.string_value for item in resource_spans.resource.attributes}["service.name"]
    (span,) = [span for scope in resource_spans.scope_spans for span in scope.spans]
    return headers, service, span.name


def test_otlp_http_from_arguments_with_headers(collector, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    basic = "Authorization=Basic dXNlcjpwYXNz"
    configured = configure("checkout-service", otlp_endpoint=collector.endpoint, headers=basic, set_global=False)
    assert configured.destination == collector.endpoint
    one_span(configured)
    headers, service, name = exported_span(collector)
    assert headers["authorization"] == "Basic dXNlcjpwYXNz"
    assert headers["content-type"] == "application/x-protobuf"
    assert (service, name) == ("checkout-service", "checkout")
    assert {path for path, _, _ in collector.received} <= {"/v1/traces", "/v1/metrics", "/v1/logs"}


def test_otlp_from_the_standard_environment_variables(collector, monkeypatch):
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic ZW52OnZhcg==")
    monkeypatch.setenv("OTEL_SERVICE_NAME", "from-environment")
    configured = configure(set_global=False)
    one_span(configured, "from-env")
    headers, service, name = exported_span(collector)
    assert headers["authorization"] == "Basic ZW52OnZhcg=="
    assert (service, name) == ("from-environment", "from-env")


def test_the_store_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    db = tmp_path / "kept.db"
    configured = configure("kept-locally", store=db, set_global=False)
    assert configured.destination == str(db)
    one_span(configured, "kept")
    with TraceStore(db, read_only=True) as store:
        (trace,) = store.query_traces()
        (span,) = store.get_trace(trace["trace_id"])
    assert (span["name"], span["service_name"]) == ("kept", "kept-locally")


def test_store_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.setenv("GENOTEL_STORE", str(tmp_path / "env.db"))
    configured = configure(set_global=False)
    assert configured.destination == str(tmp_path / "env.db")
    one_span(configured)
    with TraceStore(tmp_path / "env.db", read_only=True) as store:
        assert len(store.query_traces()) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"protocol": "carrier-pigeon"}, "unknown OTLP protocol 'carrier-pigeon'"),
        ({"headers": "Authorization"}, "malformed OTLP header 'Authorization'"),
    ],
)
def test_bad_otlp_options_are_clear_errors(options, message):
    with pytest.raises(StoreError, match=message):
        configure(otlp_endpoint="http://127.0.0.1:4318", set_global=False, **options)


def test_otlp_grpc_with_headers(monkeypatch):
    from concurrent import futures

    import grpc
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

    received: list[tuple[dict[str, str], ExportTraceServiceRequest]] = []

    class Traces(trace_service_pb2_grpc.TraceServiceServicer):
        def Export(self, request, context):  # the generated service names it so
            received.append((dict(context.invocation_metadata()), request))
            return trace_service_pb2.ExportTraceServiceResponse()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Traces(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_INSECURE", "true")
    try:
        configured = configure(
            "grpc-service", otlp_endpoint=f"http://127.0.0.1:{port}", protocol="grpc",
            headers={"authorization": "Basic Z3JwYzpvaw=="}, set_global=False,
        )  # fmt: skip
        one_span(configured, "over-grpc")
    finally:
        server.stop(grace=None)
    ((metadata, request),) = received
    assert metadata["authorization"] == "Basic Z3JwYzpvaw=="
    (span,) = [span for scope in request.resource_spans[0].scope_spans for span in scope.spans]
    assert span.name == "over-grpc"


def test_one_store_for_the_three_signals_and_retention_off_the_callers_thread(tmp_path, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    db = tmp_path / "shared.db"
    with TraceStore(db, retention_seconds=None) as seeding:
        seeding.log_event({"type": "stale"}, ttl_seconds=0.001)  # something for the purge to delete
    opened: list[TraceStore] = []
    purged_on: list[threading.Thread] = []
    real_init, real_purge = TraceStore.__init__, retention.purge

    def counting_init(self, *arguments, **options):
        opened.append(self)
        real_init(self, *arguments, **options)

    def recorded_purge(*arguments, **options):
        purged_on.append(threading.current_thread())
        return real_purge(*arguments, **options)

    monkeypatch.setattr(TraceStore, "__init__", counting_init)
    monkeypatch.setattr(retention, "purge", recorded_purge)
    configured = configure("shared", store=db, set_global=False)
    assert len(opened) == 1  # one store (one pool, one purge) for traces, logs and metrics
    (store,) = opened
    assert store._purger.wait(timeout=10)
    assert len(purged_on) == 1 and purged_on[0] is not threading.current_thread()
    one_span(configured, "shared")  # and shuts the providers down: the last exporter closes the store
    assert store._db.open_connections() == 0
    with TraceStore(db, read_only=True) as reading:
        assert [span["name"] for span in reading.query_spans([{"key": "name", "op": "eq", "value": "shared"}])] == [
            "shared"
        ]
        assert not [record for record in reading.iter_records() if record["record"] == "event"]
