"""Fixtures for the Mistral AI tests: clients that never reach the network; replay, instrument and call from the kit.

One ``Mistral`` client has both flavours (``chat.complete`` / ``chat.complete_async``): the async
fixture shows its async methods under the sync names, so each scenario is written once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.mistralai import MistralAIInstrumentor
from tests.mistralai.scenarios import Mistral, async_view

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "mistralai"
API_KEY = "test-mistral-key-not-real"

replay, instrument, call = provider_fixtures(MistralAIInstrumentor, CASSETTES)


@pytest.fixture
def client() -> Any:
    return Mistral(api_key=API_KEY)


@pytest.fixture
def async_client(client: Any) -> Any:
    return async_view(client)
