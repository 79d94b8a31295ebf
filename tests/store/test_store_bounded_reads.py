"""Every read is bounded by its limit: SQLite stops at LIMIT/OFFSET, and Python never sees the rest."""

from __future__ import annotations

from pathlib import Path

from genotel.store import TraceStore
from tests.store.bulk import fill

CHATS = [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}]
SPANS = 600


def test_query_spans_reads_only_its_page(db_path: Path, rows_read: dict[str, int]) -> None:
    fill(db_path, SPANS)
    with TraceStore(db_path, read_only=True) as store:
        rows_read["rows"] = 0
        page = store.query_spans(CHATS, limit=5, offset=300)
        assert rows_read["rows"] < 20  # the page, and the few rows of planning (bucket bounds, key ids)
        assert [span["attributes"]["gen_ai.usage.input_tokens"] for span in page] == [299, 298, 297, 296, 295]
        rows_read["rows"] = 0
        unfiltered = store.query_spans(None, limit=3, order_by="start_time")
        assert rows_read["rows"] < 10
        assert [span["attributes"]["gen_ai.usage.input_tokens"] for span in unfiltered] == [0, 1, 2]


def test_query_spans_with_a_depth_stops_at_its_page(db_path: Path, rows_read: dict[str, int]) -> None:
    fill(db_path, SPANS)
    with TraceStore(db_path, read_only=True) as store:
        rows_read["rows"] = 0
        page = store.query_spans(CHATS, max_depth=0, limit=4, offset=2)
        assert [span["attributes"]["gen_ai.usage.input_tokens"] for span in page] == [597, 596, 595, 594]
        assert rows_read["rows"] < 40  # the rows up to the page end, and each one's trace for its depth


def test_query_traces_reads_only_its_page(db_path: Path, rows_read: dict[str, int]) -> None:
    fill(db_path, SPANS)
    with TraceStore(db_path, read_only=True) as store:
        rows_read["rows"] = 0
        traces = store.query_traces(CHATS, limit=5, offset=10)
        assert len(traces) == 5 and all(trace["span_count"] == 1 for trace in traces)
        assert rows_read["rows"] < 20


def test_count_spans_up_to_a_cap(db_path: Path) -> None:
    fill(db_path, SPANS)
    with TraceStore(db_path, read_only=True) as store:
        assert store.count_spans(CHATS) == SPANS
        assert store.count_spans(CHATS, up_to=50) == 50
        assert store.count_spans(None, up_to=10_000) == SPANS
        model = [{"key": "gen_ai.request.model", "op": "eq", "value": "gpt-4o"}]  # from the index
        assert store.count_spans(model, up_to=7) == 7 and store.count_spans(model) == SPANS // 2
