"""Fixtures for genotel-store: a store in tmp_path and real OpenTelemetry SDK pipelines writing into it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from genotel.store import StoreLogExporter, StoreSpanExporter, TraceStore
from tests.store.bulk import rows_read  # noqa: F401  (a fixture, shared by tests/store and tests/cli)

RESOURCE = Resource.create({"service.name": "trip-planner"})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "telemetry.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[TraceStore]:
    with TraceStore(db_path) as opened:
        yield opened


@pytest.fixture
def tracer_provider(store: TraceStore) -> Iterator[TracerProvider]:
    provider = TracerProvider(resource=RESOURCE)
    provider.add_span_processor(SimpleSpanProcessor(StoreSpanExporter(store)))
    yield provider
    provider.shutdown()


@pytest.fixture
def tracer(tracer_provider: TracerProvider):
    return tracer_provider.get_tracer("tests.store")


@pytest.fixture
def logger_provider(store: TraceStore) -> Iterator[LoggerProvider]:
    provider = LoggerProvider(resource=RESOURCE)
    provider.add_log_record_processor(SimpleLogRecordProcessor(StoreLogExporter(store)))
    yield provider
    provider.shutdown()
