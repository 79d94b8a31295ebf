"""Fixtures for the core stream-proxy tests (sync and async share them)."""

from __future__ import annotations

import pytest

from genotel.core.testing import instrumented
from tests.core.stream_fakes import ADAPTER, FakeInstrumentor


@pytest.fixture
def fake(otel):
    """Instrumented with content capture on, legacy attributes (the content lands on the span)."""
    ADAPTER.accumulators.clear()
    with instrumented(FakeInstrumentor(), otel, capture_content=True):
        yield
