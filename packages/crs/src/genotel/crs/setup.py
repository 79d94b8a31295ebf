"""``configure()``: a CRS component's telemetry in one call.

CRS teams send OTLP, usually gRPC with a Basic ``Authorization`` header, so gRPC is the default
protocol here; with no endpoint set, telemetry stays on the machine in genotel's embedded store
(``genotel tasks`` reads it back). Prompts are reviewed by the organisers, so GenAI content
capture is switched on unless the user chose otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from opentelemetry import _logs, metrics, trace
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from .processor import TaskMetadataSpanProcessor

CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
PROTOCOLS = ("grpc", "http/protobuf")
_SIGNALS = ("traces", "metrics", "logs")


@dataclass(frozen=True)
class Configured:
    """The providers ``configure()`` built, and where their telemetry goes."""

    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    logger_provider: LoggerProvider
    destination: str  # the OTLP endpoint, or the store file

    def force_flush(self) -> None:
        self.tracer_provider.force_flush()
        self.logger_provider.force_flush()
        self.meter_provider.force_flush()

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
        self.logger_provider.shutdown()
        self.meter_provider.shutdown()


def configure(
    service_name: str,
    *,
    otlp_endpoint: str | None = None,
    protocol: str | None = None,
    headers: Mapping[str, str] | None = None,
    store: str | os.PathLike[str] | None = None,
    capture_content: bool | None = None,
    resource_attributes: Mapping[str, Any] | None = None,
    set_global: bool = True,
) -> Configured:
    """Tracer, meter and logger providers for the CRS component ``service_name``, with the task processor.

    OTLP when ``otlp_endpoint`` or ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``..._TRACES_ENDPOINT``) is
    set: ``protocol``, else ``OTEL_EXPORTER_OTLP_PROTOCOL``, else ``grpc``; ``headers`` default to
    ``OTEL_EXPORTER_OTLP_HEADERS`` (read by the exporters, e.g. ``Authorization=Basic <base64>``).
    Otherwise the embedded store (``store``, else ``$GENOTEL_STORE``, else ``.genotel/telemetry.db``;
    needs ``genotel-crs[store]``). ``capture_content`` sets
    ``OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`` for the instrumentors enabled after this
    call; left at None it turns capture on unless the variable is already set.
    """
    if not isinstance(service_name, str) or not service_name.strip():
        raise ValueError(f"service_name must name the CRS component, got {service_name!r}")
    if capture_content is not None:
        os.environ[CAPTURE_CONTENT] = "true" if capture_content else "false"
    else:
        os.environ.setdefault(CAPTURE_CONTENT, "true")
    resource = Resource.create({**(resource_attributes or {}), SERVICE_NAME: service_name})
    endpoint = (
        otlp_endpoint
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )
    if endpoint:
        exporters = otlp_exporters(otlp_endpoint, resolve_protocol(protocol), headers)
        destination = endpoint
    else:
        exporters, destination = store_exporters(store)
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(TaskMetadataSpanProcessor())
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


def resolve_protocol(protocol: str | None) -> str:
    chosen = (protocol or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "grpc").strip().lower()
    if chosen not in PROTOCOLS:
        raise ValueError(f"unknown OTLP protocol {chosen!r}: use one of {', '.join(PROTOCOLS)}")
    return chosen


def otlp_exporters(endpoint: str | None, protocol: str, headers: Mapping[str, str] | None) -> dict[str, Any]:
    """Each signal's OTLP exporter; what is not given here they read from the standard variables."""
    try:
        if protocol == "grpc":
            from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
            from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        else:
            from opentelemetry.exporter.otlp.proto.http._log_exporter import (  # type: ignore[assignment]
                OTLPLogExporter,
            )
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import (  # type: ignore[assignment]
                OTLPMetricExporter,
            )
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # type: ignore[assignment]
                OTLPSpanExporter,
            )
    except ImportError:
        raise ImportError(f"OTLP over {protocol} needs its exporter: pip install 'genotel-crs[otlp]'") from None
    classes = {"traces": OTLPSpanExporter, "metrics": OTLPMetricExporter, "logs": OTLPLogExporter}
    exporters: dict[str, Any] = {}
    for signal in _SIGNALS:
        options: dict[str, Any] = {}
        if headers is not None:
            options["headers"] = dict(headers)
        if endpoint:
            base = endpoint.rstrip("/")
            options["endpoint"] = base if protocol == "grpc" else f"{base}/v1/{signal}"
        exporters[signal] = classes[signal](**options)
    return exporters


def store_exporters(store: str | os.PathLike[str] | None) -> tuple[dict[str, Any], str]:
    """The embedded store's three exporters, on one file; each closes its use of it at shutdown."""
    try:
        from genotel.store import StoreLogExporter, StoreMetricExporter, StoreSpanExporter, resolve_path
    except ImportError:
        raise ImportError(
            "no OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT) and the embedded store is not installed:"
            " set the endpoint, or pip install 'genotel-crs[store]'"
        ) from None
    path = resolve_path(store)
    exporters = {
        "traces": StoreSpanExporter(path),
        "metrics": StoreMetricExporter(path),
        "logs": StoreLogExporter(path),
    }
    return exporters, str(path)
