"""Fixtures for the OpenAI tests: offline clients; replay, instrument and call come from the testing kit."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.openai import OpenAIInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"

replay, instrument, call = provider_fixtures(OpenAIInstrumentor, CASSETTES)


@pytest.fixture
def client() -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)


@pytest.fixture
def async_client() -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
