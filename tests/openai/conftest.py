"""Fixtures for the OpenAI tests: cassette replay and clients that never reach the network."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import openai
import pytest

from genotel.core.testing import Mode, OtelHarness, cassette, instrumented
from genotel.instrumentation.openai import OpenAIInstrumentor

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"


@pytest.fixture
def replay():
    """``with replay("chat_text"):`` replays cassettes/openai/chat_text.yaml."""
    return lambda name, sent=None: cassette(CASSETTES, name, sent)


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


class Call:
    """One SDK call, made with the sync client or with the async client on an event loop of its own."""

    def __init__(self, sdk: openai.OpenAI | openai.AsyncOpenAI) -> None:
        self.sdk = sdk
        self.is_async = isinstance(sdk, openai.AsyncOpenAI)
        self.stream_class = openai.AsyncStream if self.is_async else openai.Stream
        self.returned: object = None  # what the SDK call returned, before any reading

    def __call__(self, method: Callable, into: list | None = None):
        """``method(sdk)`` makes the call; with ``into``, the stream it returns is read into that list.

        Items land in ``into`` as they arrive, so after an error the list holds what came before it.
        """
        if not self.is_async:
            self.returned = method(self.sdk)
            if into is None:
                return self.returned
            for item in self.returned:
                into.append(item)
            return into

        async def run():
            self.returned = await method(self.sdk)
            if into is None:
                return self.returned
            async for item in self.returned:
                into.append(item)
            return into

        return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def call(request, client, async_client) -> Call:
    """Runs a test's SDK call once with ``client`` and once with ``async_client``."""
    return Call(async_client if request.param == "async" else client)
