"""A tracer provider with the task processor and in-memory exporters, per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan

from genotel.core.testing import OtelHarness
from genotel.crs import TaskMetadataSpanProcessor

METADATA = {"round.id": "round-3", "task.id": "task-42", "team.id": "team-blue"}


class CrsHarness(OtelHarness):
    """``OtelHarness`` whose tracer provider runs ``TaskMetadataSpanProcessor``, as ``configure()`` sets up."""

    def __init__(self) -> None:
        super().__init__()
        self.tracer_provider.add_span_processor(TaskMetadataSpanProcessor())
        self.tracer = self.tracer_provider.get_tracer("tests.crs")

    def span(self, name: str) -> ReadableSpan:
        (found,) = [span for span in self.spans() if span.name == name]
        return found

    def attributes(self, name: str) -> dict[str, Any]:
        return dict(self.span(name).attributes or {})


@pytest.fixture
def otel() -> Iterator[CrsHarness]:
    harness = CrsHarness()
    yield harness
    harness.shutdown()
