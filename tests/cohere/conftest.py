"""Fixtures for the Cohere tests: clients that never reach the network; replay, instrument and call from the kit.

``client``/``async_client`` are the v2 clients (``ClientV2``/``AsyncClientV2``); ``v1`` runs a
test with ``Client`` and with ``AsyncClient``.
"""

from __future__ import annotations

from pathlib import Path

import cohere
import pytest

from genotel.core.testing import Call, provider_fixtures
from genotel.instrumentation.cohere import CohereInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "cohere"
API_KEY = "test-cohere-key-not-real"

replay, instrument, call = provider_fixtures(CohereInstrumentor, CASSETTES)


@pytest.fixture
def client() -> cohere.ClientV2:
    return cohere.ClientV2(api_key=API_KEY)


@pytest.fixture
def async_client() -> cohere.AsyncClientV2:
    return cohere.AsyncClientV2(api_key=API_KEY)


@pytest.fixture(params=["sync", "async"])
def v1(request: pytest.FixtureRequest) -> Call:
    """A v1 call, once through ``Client`` and once through ``AsyncClient``."""
    is_async = request.param == "async"
    return Call((cohere.AsyncClient if is_async else cohere.Client)(api_key=API_KEY), is_async)
