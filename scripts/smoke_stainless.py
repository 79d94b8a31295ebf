"""The Stainless SDKs' smoke calls (OpenAI, Anthropic): a canned JSON answer through an httpx mock transport."""

from __future__ import annotations

from typing import Any

try:  # the newest SDKs ship on httpx2, older ones on httpx
    import httpx2 as http
except ImportError:
    import httpx as http  # type: ignore[no-redef]


def http_client(body: dict[str, Any]) -> Any:
    """An httpx client that answers every request with `body`."""
    return http.Client(transport=http.MockTransport(lambda request: http.Response(200, json=body)))
