"""A list answer is one page whatever the store holds: the server reads about a page of rows from SQLite."""

from __future__ import annotations

from genotel.store.serve import wire
from tests.serve.running import running_server
from tests.store.bulk import fill, rows_read  # noqa: F401  (counts the rows SQLite hands to Python)

SPANS = 5 * wire.MAX_PAGE


def test_pages_of_a_large_store_read_a_page_of_rows(tmp_path, rows_read):  # noqa: F811
    db = tmp_path / "large.db"
    fill(db, SPANS)
    with running_server(db) as server:
        assert server.post("/v1/telemetry/traces", {"limit": 1}).status_code == 200  # opens the store
        asked = [
            ("/v1/telemetry/spans", {"attribute_filters": [], "attributes_to_return": ["gen_ai.request.model"]}),
            ("/v1/telemetry/spans", {"limit": None, "offset": 2 * wire.MAX_PAGE}),
            ("/v1/telemetry/traces", {"limit": None}),
            ("/v1/telemetry/traces", {"limit": 10**9, "order_by": ["start_time"]}),
        ]
        for path, body in asked:
            rows_read["rows"] = 0
            response = server.post(path, body)
            assert response.status_code == 200, response.text
            assert len(response.json()["data"]) == wire.MAX_PAGE
            assert int(response.headers["X-Next-Offset"]) == (body.get("offset") or 0) + wire.MAX_PAGE
            # the rows skipped by `offset`, the page, one to tell whether more follow (and a few of the plan):
            # never the whole store
            assert rows_read["rows"] <= (body.get("offset") or 0) + wire.MAX_PAGE + 10, (path, body, rows_read["rows"])
        last = server.post("/v1/telemetry/spans", {"offset": SPANS - 10})
        assert len(last.json()["data"]) == 10 and "X-Next-Offset" not in last.headers
