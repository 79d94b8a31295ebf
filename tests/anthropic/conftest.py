"""Fixtures for the Anthropic tests: clients that never reach the network; replay, instrument and call from the kit.

The clients send their own (SDK-native) spans to the test's tracer provider, so a test sees
any second span the SDK would add.
"""

from __future__ import annotations

from pathlib import Path

import anthropic
import pytest

from genotel.core.testing import OtelHarness, provider_fixtures
from genotel.instrumentation.anthropic import AnthropicInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "anthropic"
API_KEY = "sk-ant-test-not-a-real-key"

replay, instrument, call = provider_fixtures(AnthropicInstrumentor, CASSETTES)


def native_tracing(otel: OtelHarness) -> dict:
    """The client option that sends the SDK's own spans (anthropic >= 2) to the test's exporter."""
    return {"tracer_provider": otel.tracer_provider}


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
