"""Fixtures for the Groq tests: offline clients; replay, instrument and call come from the testing kit."""

from __future__ import annotations

from pathlib import Path

import groq
import pytest

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.groq import GroqInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "groq"

replay, instrument, call = provider_fixtures(GroqInstrumentor, CASSETTES)


@pytest.fixture
def client() -> groq.Groq:
    return groq.Groq(api_key="gsk-test-not-a-real-key", max_retries=0)


@pytest.fixture
def async_client() -> groq.AsyncGroq:
    return groq.AsyncGroq(api_key="gsk-test-not-a-real-key", max_retries=0)
