"""Fixtures for the Anthropic tests: cassette replay and clients that never reach the network.

The clients send their own (SDK-native) spans to the test's tracer provider, so a test sees
any second span the SDK would add.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anthropic
import pytest

from genotel.core.testing import Mode, OtelHarness, cassette, instrumented
from genotel.instrumentation.anthropic import AnthropicInstrumentor
from tests.anthropic.claude_scenarios import Call

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "anthropic"
API_KEY = "sk-ant-test-not-a-real-key"


def native_tracing(otel: OtelHarness) -> dict:
    """The client option that sends the SDK's own spans (anthropic >= 2) to the test's exporter."""
    return {"tracer_provider": otel.tracer_provider}


@pytest.fixture
def replay():
    """``with replay("messages_text"):`` replays cassettes/anthropic/messages_text.yaml."""
    return lambda name, sent=None: cassette(CASSETTES, name, sent)


@pytest.fixture
def instrument(otel: OtelHarness, mode: Mode) -> Iterator[AnthropicInstrumentor]:
    with instrumented(AnthropicInstrumentor(), otel, mode) as instrumentor:
        yield instrumentor


def _client_options(otel: OtelHarness) -> dict:
    options: dict = {"api_key": API_KEY, "max_retries": 0}
    if "open_telemetry" in anthropic.Anthropic.__init__.__code__.co_varnames:
        options["open_telemetry"] = native_tracing(otel)
    return options


@pytest.fixture
def client(otel: OtelHarness) -> anthropic.Anthropic:
    return anthropic.Anthropic(**_client_options(otel))


@pytest.fixture
def async_client(otel: OtelHarness) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(**_client_options(otel))


@pytest.fixture(params=["sync", "async"])
def call(request, client, async_client):
    """``call(lambda sdk: sdk.messages.create(...))`` runs with ``client``, then awaited with ``async_client``."""
    return Call(async_client if request.param == "async" else client)
