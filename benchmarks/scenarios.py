"""The benchmark's calls, through the real SDK clients on the canned transport, sync and async (``suites/``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import suites

SyncCall = Callable[[], None]
AsyncBatch = Callable[[int], Awaitable[float]]


def _sync(call: Callable[[], Any], stream: bool) -> SyncCall:
    if not stream:
        return call

    def consume() -> None:
        for _ in call():
            pass

    return consume


def _async_batch(call: Callable[[], Any], stream: bool) -> AsyncBatch:
    async def batch(calls: int) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            result = await call()
            if stream:
                async for _ in result:
                    pass
        return time.perf_counter() - start

    return batch


def build(loop: asyncio.AbstractEventLoop) -> tuple[dict[str, SyncCall], dict[str, AsyncBatch]]:
    """Sync scenarios as calls, async scenarios as batches timed inside the event loop, of the selected suites."""
    del loop  # clients bind to whichever loop runs them
    sync: dict[str, SyncCall] = {}
    batches: dict[str, AsyncBatch] = {}
    for suite in suites.selected():
        sync |= {f"{name} (sync)": _sync(call, "stream" in name) for name, call in suite.calls(False).items()}
        batches |= {f"{name} (async)": _async_batch(call, "stream" in name) for name, call in suite.calls(True).items()}
    return sync, batches
