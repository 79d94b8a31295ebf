"""The fixtures every provider's tests repeat, written once: replay, instrument, and sync/async calls.

A provider's ``conftest.py`` names its instrumentor and cassette folder and defines ``client``
and ``async_client``; everything else comes from here::

    replay, instrument, call = provider_fixtures(OpenAIInstrumentor, CASSETTES)

so its test folder holds scenarios only. ``call`` runs each test twice, with the sync client and
with the async client (awaited on an event loop of its own).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import Mode, OtelHarness, cassette, instrumented


class Call:
    """One SDK call through ``sdk``: ``call(lambda sdk: sdk.x.create(...))`` returns what the SDK returned,
    awaited for an async client; with ``into``, the stream it returned is read into that list.

    Items land in ``into`` as they arrive, so after an error the list holds what came before it.
    ``returned`` is what the call returned before any reading (the stream object itself).
    """

    def __init__(self, sdk: Any, is_async: bool) -> None:
        self.sdk = sdk
        self.is_async = is_async
        self.returned: Any = None

    def __call__(self, method: Callable[[Any], Any], into: list[Any] | None = None) -> Any:
        if not self.is_async:
            self.returned = method(self.sdk)
            if into is None:
                return self.returned
            for item in self.returned:
                into.append(item)
            return into
        return asyncio.run(self._run(method, into))

    async def _run(self, method: Callable[[Any], Any], into: list[Any] | None) -> Any:
        result = method(self.sdk)
        self.returned = await result if inspect.isawaitable(result) else result
        if into is None:
            return self.returned
        async for item in self.returned:
            into.append(item)
        return into


def provider_fixtures(instrumentor_class: type, cassettes: Path) -> tuple[Any, Any, Any]:
    """``replay``, ``instrument`` and ``call`` fixtures for one provider's conftest."""

    @pytest.fixture(name="replay")
    def replay() -> Callable[..., Any]:
        """``with replay("chat_text"):`` replays ``<cassettes>/chat_text.yaml``; ``replay(name, sent)``
        also collects the requests the SDK sent."""
        return lambda name, sent=None: cassette(cassettes, name, sent)

    @pytest.fixture(name="instrument")
    def instrument(otel: OtelHarness, mode: Mode) -> Iterator[Any]:
        """The provider instrumented in the test's mode, uninstrumented afterwards."""
        with instrumented(instrumentor_class(), otel, mode) as instrumentor:
            yield instrumentor

    @pytest.fixture(name="call", params=["sync", "async"])
    def call(request: pytest.FixtureRequest, client: Any, async_client: Any) -> Call:
        """Runs a test's SDK call once with ``client`` and once with ``async_client``."""
        is_async = request.param == "async"
        return Call(async_client if is_async else client, is_async)

    return replay, instrument, call
