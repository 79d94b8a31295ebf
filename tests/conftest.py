"""Fixtures every test area shares."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

pytest_plugins = ["genotel.core.testing.plugin"]


@pytest.fixture
def no_gc() -> Iterator[None]:
    """The garbage collector off for the test: only a real finish can end a span, not a cycle collection."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()
