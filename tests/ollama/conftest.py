"""Fixtures for the Ollama tests: clients of the default local server; replay, instrument, call: the testing kit."""

from __future__ import annotations

from pathlib import Path

import ollama
import pytest

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.ollama import OllamaInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "ollama"

replay, instrument, call = provider_fixtures(OllamaInstrumentor, CASSETTES)


@pytest.fixture
def client(monkeypatch) -> ollama.Client:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    return ollama.Client()


@pytest.fixture
def async_client(monkeypatch) -> ollama.AsyncClient:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    return ollama.AsyncClient()
