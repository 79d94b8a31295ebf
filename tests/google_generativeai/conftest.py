"""Fixtures for the Gemini tests: google-genai clients that never reach the network; replay, instrument
and call from the kit (``call`` runs each test with ``client`` and with ``client.aio``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from google import genai

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.google_generativeai import GoogleGenerativeAIInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "google_generativeai"
API_KEY = "AIzaSy-test-not-a-real-key"
# The cassettes hold v1beta URLs; the SDK's default API version changed across releases.
HTTP_OPTIONS = {"api_version": "v1beta"}

replay, instrument, call = provider_fixtures(GoogleGenerativeAIInstrumentor, CASSETTES)


@pytest.fixture
def client() -> genai.Client:
    return genai.Client(api_key=API_KEY, http_options=HTTP_OPTIONS)


@pytest.fixture
def async_client(client: genai.Client) -> genai.client.AsyncClient:
    return client.aio
