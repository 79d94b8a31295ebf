"""``configure()``: tracer, meter and logger providers in one call, to the embedded store or to OTLP.

The store is the default so telemetry is kept with no collector; OTLP takes over when the
caller or the standard ``OTEL_EXPORTER_OTLP_*`` variables name an endpoint, which is the path
to an OpenTelemetry Collector once one machine is not enough.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opentelemetry import _logs, metrics, trace
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from .connection import resolve_path
from .errors import StoreError
from .exporters import StoreLogExporter, StoreMetricExporter, StoreSpanExporter

PROTOCOLS = ("grpc", "http/protobuf")
# Module of each signal's OTLP exporter, per protocol, and the URL path HTTP appends.
_OTLP_MODULES = {
    "grpc": "opentelemetry.exporter.otlp.proto.grpc",
    "http/protobuf": "opentelemetry.exporter.otlp.proto.http",
}
_SIGNALS = {
    "traces": ("trace_exporter", "OTLPSpanExporter"),
    "metrics": ("metric_exporter", "OTLPMetricExporter"),
    "logs": ("_log_exporter", "OTLPLogExporter"),
}
_DISTRIBUTIONS = {
    "grpc": "opentelemetry-exporter-otlp-proto-grpc",
    "http/protobuf": "opentelemetry-exporter-otlp-proto-http",
}


@dataclass(frozen=True)
class Configured:
    """The providers ``configure()`` installed, and where their telemetry goes."""

    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    logger_provider: LoggerProvider
    destination: str  # the store file, or the OTLP endpoint

    def force_flush(self) -> None:
        self.tracer_provider.force_flush()
        self.logger_provider.force_flush()
        self.meter_provider.force_flush()

    def shutdown(self) -> None:
        """Export what is pending and release the exporters (the store's connections included)."""
        self.tracer_provider.shutdown()
        self.logger_provider.shutdown()
        self.meter_provider.shutdown()


def configure(
    service_name: str | None = None,
    *,
    store: str | os.PathLike[str] | None = None,
    otlp_endpoint: str | None = None,
    protocol: str | None = None,
    headers: Mapping[str, str] | str | None = None,
    set_global: bool = True,
) -> Configured:
    """Install providers with a ``service.name`` resource; telemetry goes to the store unless OTLP is asked for.

    OTLP is used when ``otlp_endpoint`` is given or ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set;
    ``protocol`` (else ``OTEL_EXPORTER_OTLP_PROTOCOL``, else ``http/protobuf``) picks the
    exporter; ``headers`` (a mapping or ``"k=v,k2=v2"``) default to ``OTEL_EXPORTER_OTLP_HEADERS``.
    Every other standard ``OTEL_*`` variable is honoured by the SDK and the exporters themselves.
    """
    attributes = {SERVICE_NAME: service_name} if service_name else {}
    resource = Resource.create(attributes)
    endpoint = otlp_endpoint or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if endpoint:
        exporters = _otlp_exporters(otlp_endpoint, _protocol(protocol), _headers(headers))
        destination = endpoint
    else:
        exporters = _store_exporters(store)
        destination = str(exporters["destination"])
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(exporters["traces"]))
    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(exporters["logs"]))
    meter_provider = MeterProvider(
        resource=resource, metric_readers=[PeriodicExportingMetricReader(exporters["metrics"])]
    )
    if set_global:
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)
        _logs.set_logger_provider(logger_provider)
    return Configured(tracer_provider, meter_provider, logger_provider, destination)


def _protocol(protocol: str | None) -> str:
    chosen = (protocol or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "http/protobuf").strip().lower()
    if chosen not in PROTOCOLS:
        raise StoreError(f"unknown OTLP protocol {chosen!r}: use one of {', '.join(PROTOCOLS)}")
    return chosen


def _headers(headers: Mapping[str, str] | str | None) -> dict[str, str] | None:
    if headers is None or isinstance(headers, Mapping):
        return dict(headers) if headers is not None else None
    pairs = {}
    for item in filter(None, (part.strip() for part in headers.split(","))):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise StoreError(f"malformed OTLP header {item!r}: expected key=value")
        pairs[key.strip()] = value.strip()
    return pairs


def _otlp_exporters(endpoint: str | None, protocol: str, headers: dict[str, str] | None) -> dict[str, Any]:
    """Each signal's OTLP exporter; with no explicit endpoint they read the standard variables themselves."""
    exporters: dict[str, Any] = {}
    for signal, (module_name, class_name) in _SIGNALS.items():
        try:
            module = importlib.import_module(f"{_OTLP_MODULES[protocol]}.{module_name}")
        except ImportError:
            raise StoreError(
                f"OTLP over {protocol} needs {_DISTRIBUTIONS[protocol]}: pip install 'genotel-store[otlp]'"
            ) from None
        options: dict[str, Any] = {}
        if headers is not None:
            options["headers"] = headers
        if endpoint:
            base = endpoint.rstrip("/")
            options["endpoint"] = base if protocol == "grpc" else f"{base}/v1/{signal}"
        exporters[signal] = getattr(module, class_name)(**options)
    return exporters


def _store_exporters(store: str | os.PathLike[str] | None) -> dict[str, Any]:
    """The three exporters on one shared store of the file (one pool of connections, one retention purge);
    the store closes when the last of them shuts down."""
    path = Path(store) if store is not None else None
    return {
        "traces": StoreSpanExporter(path),
        "logs": StoreLogExporter(path),
        "metrics": StoreMetricExporter(path),
        "destination": resolve_path(path),
    }
