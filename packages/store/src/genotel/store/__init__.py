"""genotel-store: an embedded SQLite store for OpenTelemetry traces, GenAI events and metrics.

Write with the exporters (`StoreSpanExporter`, `StoreLogExporter`, `StoreMetricExporter`), read
with `TraceStore` (query_traces, get_trace, get_span, get_span_tree, query_spans, query_metrics, ...).
The file is `.genotel/telemetry.db` in the working directory unless `$GENOTEL_STORE` or a path says otherwise.
"""

from .connection import DEFAULT_PATH, ENV_PATH, resolve_path
from .errors import (
    InvalidFilter,
    InvalidQuery,
    NotFound,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreMissing,
    StoreReadOnly,
)
from .exporters import StoreLogExporter, StoreMetricExporter, StoreSpanExporter
from .providers import Configured, configure
from .schema import SCHEMA_VERSION
from .store import TraceStore

__all__ = [
    "DEFAULT_PATH",
    "ENV_PATH",
    "SCHEMA_VERSION",
    "Configured",
    "InvalidFilter",
    "InvalidQuery",
    "NotFound",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreLogExporter",
    "StoreMetricExporter",
    "StoreMissing",
    "StoreReadOnly",
    "StoreSpanExporter",
    "TraceStore",
    "configure",
    "resolve_path",
]
