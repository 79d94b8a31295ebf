"""`genotel serve` for tests: uvicorn on an ephemeral loopback port in a thread, and a small JSON client."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from genotel.store.serve import create_app


@dataclass(frozen=True)
class Running:
    url: str
    client: httpx.Client

    def post(self, path: str, body: Any = None, **options: Any) -> httpx.Response:
        return self.client.post(path, json=body, **options)

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.client.get(path, **options)


@contextmanager
def running_server(db: Path | str, token: str | None = None) -> Iterator[Running]:
    """Serve `db` on 127.0.0.1:<free port> until the block ends (then a graceful stop, as on SIGTERM)."""
    config = uvicorn.Config(create_app(db, token), host="127.0.0.1", port=0, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="genotel-serve-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("genotel serve did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield Running(url, client)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
