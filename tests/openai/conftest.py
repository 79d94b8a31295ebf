"""Fixtures for the OpenAI tests: cassette replay and clients that never reach the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from genotel.core.testing import Mode, OtelHarness, cassette, instrumented
from genotel.instrumentation.openai import OpenAIInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"


@pytest.fixture
def replay():
    """``with replay("chat_text"):`` replays cassettes/openai/chat_text.yaml."""
    return lambda name: cassette(CASSETTES, name)


@pytest.fixture
def instrument(otel: OtelHarness, mode: Mode) -> Iterator[OpenAIInstrumentor]:
    with instrumented(OpenAIInstrumentor(), otel, mode) as instrumentor:
        yield instrumentor


@pytest.fixture
def client() -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test-not-a-real-key", max_retries=0)


@pytest.fixture
def async_client() -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="sk-test-not-a-real-key", max_retries=0)
