"""Fixtures for the Together AI tests: offline clients; replay, instrument and call come from the testing kit."""

from __future__ import annotations

from pathlib import Path

import pytest
import together

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.together import TogetherInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "together"

replay, instrument, call = provider_fixtures(TogetherInstrumentor, CASSETTES)


@pytest.fixture
def client(monkeypatch) -> together.Together:
    monkeypatch.delenv("TOGETHER_BASE_URL", raising=False)
    return together.Together(api_key="tgp-test-not-a-real-key", max_retries=0)


@pytest.fixture
def async_client(monkeypatch) -> together.AsyncTogether:
    monkeypatch.delenv("TOGETHER_BASE_URL", raising=False)
    return together.AsyncTogether(api_key="tgp-test-not-a-real-key", max_retries=0)
