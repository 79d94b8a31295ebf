"""Many spans written at once, and a count of the rows SQLite hands to Python: what a bounded read is checked by."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanContext, SpanKind, TraceFlags

from genotel.store import TraceStore, connection

RESOURCE = Resource.create({"service.name": "bulk"})


def chat_spans(count: int, start_ns: int | None = None, trace_base: int = 1) -> list[ReadableSpan]:
    """`count` chat spans, each the root of its own trace, one second apart (from a day ago by default)."""
    start_ns = time.time_ns() - 86400 * 10**9 if start_ns is None else start_ns
    spans = []
    for index in range(count):
        context = SpanContext(trace_base + index, index + 1, is_remote=False, trace_flags=TraceFlags(1))
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": "gpt-4o" if index % 2 else "claude-sonnet-4",
            "gen_ai.usage.input_tokens": index,
        }
        begin = start_ns + index * 10**9
        spans.append(
            ReadableSpan(
                f"chat {attributes['gen_ai.request.model']}",
                context,
                resource=RESOURCE,
                attributes=attributes,
                kind=SpanKind.CLIENT,
                start_time=begin,
                end_time=begin + 10**8,
            )
        )
    return spans


def fill(path: Any, count: int) -> None:
    with TraceStore(path, retention_seconds=None) as store:
        store.write_spans(chat_spans(count))


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """`rows_read["rows"]`: rows built by stores opened from here on, whatever query built them."""
    counter = {"rows": 0}

    class CountingRow(connection.sqlite3.Row):  # type: ignore[misc]
        def __new__(cls, cursor: Any, row: Any) -> CountingRow:
            counter["rows"] += 1
            return super().__new__(cls, cursor, row)

    monkeypatch.setattr(connection, "ROW_FACTORY", CountingRow)
    yield counter
