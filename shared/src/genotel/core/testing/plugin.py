"""pytest fixtures: ``otel`` (in-memory pipelines) and ``mode`` (all eight modes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import MODES, Mode, OtelHarness


@pytest.fixture
def otel() -> Iterator[OtelHarness]:
    harness = OtelHarness()
    yield harness
    harness.shutdown()


@pytest.fixture(params=MODES, ids=str)
def mode(request: pytest.FixtureRequest) -> Mode:
    return request.param
