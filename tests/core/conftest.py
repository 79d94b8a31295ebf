"""Fixtures for the core tests: the fake SDK and its instrumentor, and the stream-proxy fakes."""

from __future__ import annotations

import sys

import pytest

from genotel.core.testing import instrumented
from tests.core import fake_sdk
from tests.core.stream_fakes import ADAPTER, FakeInstrumentor


@pytest.fixture
def sdk(monkeypatch):
    """A fresh fake SDK module, registered as ``fake_sdk.SDK`` for the test."""
    module = fake_sdk.build(fake_sdk.SDK)
    monkeypatch.setitem(sys.modules, fake_sdk.SDK, module)
    return module


@pytest.fixture
def instrumentor(sdk):
    """The fake SDK's instrumentor over its whole patch table, uninstrumented afterwards."""
    instrumentor = fake_sdk.FakeInstrumentor()
    instrumentor.patch_table = fake_sdk.endpoints(fake_sdk.SDK)
    yield instrumentor
    if instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.uninstrument()


@pytest.fixture
def fake(otel):
    """Instrumented with content capture on, legacy attributes (the content lands on the span)."""
    ADAPTER.accumulators.clear()
    with instrumented(FakeInstrumentor(), otel, capture_content=True):
        yield
