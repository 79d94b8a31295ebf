"""Fixtures for the Bedrock tests: boto3 (and, where installed, aioboto3) clients with fake
credentials that never reach the network; replay and instrument from the testing kit.

aiobotocore (under aioboto3) pins botocore a few releases behind the newest, so it is installed in
the latest nox stack only: the async runs are collected where aiobotocore is importable.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from genotel.core.testing import provider_fixtures
from genotel.instrumentation.bedrock import BedrockInstrumentor
from tests.bedrock import converse_cases, invoke_cases  # noqa: F401  (they register every scenario)
from tests.bedrock.calls import HAS_AIO, BedrockCall

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "bedrock"

replay, instrument, _ = provider_fixtures(BedrockInstrumentor, CASSETTES)

assert (importlib.util.find_spec("aiobotocore") is not None) == HAS_AIO


@pytest.fixture(params=["sync", "async"] if HAS_AIO else ["sync"])
def call(request: pytest.FixtureRequest) -> BedrockCall:
    """Runs a test's call once through boto3 and, where aioboto3 is installed, once through it."""
    return BedrockCall(request.param == "async")
