"""`genotel serve` and `genotel demo --serve` as a user runs them: a process that says where it listens,
answers, and stops cleanly on SIGTERM or SIGINT."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from genotel.store import TraceStore
from tests.cli.conftest import cli  # noqa: F401  (the in-process CLI fixture)

URL = re.compile(r"(http://127\.0\.0\.1:\d+/)")


class Served:
    """A `genotel` process, its output read line by line in a thread so waiting can time out."""

    def __init__(self, *argv: str) -> None:
        environment = {key: value for key, value in os.environ.items() if not key.startswith(("GENOTEL_", "OTEL_"))}
        environment.update(COLUMNS="200", NO_COLOR="1", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "genotel.store.cli", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def url(self, timeout: float = 90) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                self.process.kill()
                raise AssertionError(f"no URL printed; saw {self.seen!r}") from None
            self.seen.append(line)
            found = URL.search(line)
            if found:
                return found.group(1)

    def stop(self, signum: int | None) -> tuple[int, str, str]:
        """Send `signum` (None: it was sent already) and wait for the end: (status, stdout, stderr)."""
        if signum is not None:
            self.process.send_signal(signum)
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)  # the reader owns stdout: everything printed is in `lines` now
        assert self.process.stderr is not None
        err = self.process.stderr.read()
        self.process.stderr.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return self.process.returncode, "".join(self.seen + rest), err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_then_stops_gracefully(served_store, signum):
    served = Served("--db", str(served_store[0]), "serve", "--port", "0")
    url = served.url()
    response = httpx.post(url + "v1/telemetry/traces", json={"limit": 1}, timeout=30)
    assert response.status_code == 200 and response.json()["data"][0]["trace_id"] == served_store[1]
    status, out, err = served.stop(signum)
    assert status == 0, err
    assert "genotel serve: stopped" in out
    assert "Traceback" not in err


def test_a_request_in_flight_at_sigterm_is_answered_before_the_process_ends(served_store):
    served = Served("--db", str(served_store[0]), "serve", "--port", "0")
    port = int(served.url().rstrip("/").rsplit(":", 1)[1])
    body = b'{"limit": 1}'
    head = (
        b"POST /v1/telemetry/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(head + body[:4])  # the request has begun: headers and part of the body
        time.sleep(0.5)
        served.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        client.sendall(body[4:])
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = client.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["data"][0]["trace_id"] == served_store[1]
    status, out, err = served.stop(None)  # SIGTERM was sent above
    assert status == 0, err
    assert "genotel serve: stopped" in out


def test_demo_serve_fills_the_store_then_prints_the_viewer_url(tmp_path: Path):
    served = Served("--db", str(tmp_path / "demo.db"), "demo", "--serve", "--port", "0")
    url = served.url()
    assert any("plan_trip" in line for line in served.seen)  # the demo's tree came first
    page = httpx.get(url, timeout=30)
    assert page.status_code == 200 and '<script type="module" src="/static/main.js">' in page.text
    traces = httpx.post(url + "v1/telemetry/traces", json={}, timeout=30).json()["data"]
    assert [trace["root_name"] for trace in traces] == ["plan_trip"]
    status, _, err = served.stop(signal.SIGTERM)
    assert status == 0, err


def test_serve_refuses_a_wide_bind_without_a_token(cli, served_store, monkeypatch):  # noqa: F811
    monkeypatch.delenv("GENOTEL_SERVE_TOKEN", raising=False)
    ran = cli("--db", str(served_store[0]), "serve", "--host", "0.0.0.0")
    assert ran.status == 2
    assert ran.err.count("\n") == 1 and "GENOTEL_SERVE_TOKEN" in ran.err and "0.0.0.0" in ran.err
    bad_port = cli("--db", str(served_store[0]), "serve", "--port", "70000")
    assert bad_port.status == 2 and "--port" in bad_port.err


def test_serve_without_the_extra_says_what_to_install(cli, served_store, monkeypatch):  # noqa: F811
    monkeypatch.setitem(sys.modules, "genotel.store.serve", None)  # as if FastAPI were not installed
    ran = cli("--db", str(served_store[0]), "serve")
    assert ran.status == 2 and ran.err.strip() == (
        "genotel: error: genotel serve needs FastAPI and uvicorn: pip install 'genotel-store[serve]'"
    )


SELF_TRACING = """
import sys
from genotel.store import TraceStore, configure
from tests.serve.running import running_server

db = sys.argv[1]
telemetry = configure("app-serving-its-store", store=db)  # global providers, as in `genotel demo --serve`
with running_server(db) as server:
    for _ in range(3):
        assert server.post("/v1/telemetry/traces", {}).status_code == 200
    assert server.get("/").status_code == 200
telemetry.shutdown()
with TraceStore(db, read_only=True) as store:
    print(sorted({span["name"] for span in store.query_spans(limit=None)}))
"""


def test_the_server_never_traces_its_own_requests_into_the_store(writable_copy):
    """With global OpenTelemetry providers writing the store, page views must not become traces in it."""
    with TraceStore(writable_copy, read_only=True) as store:
        before = sorted({span["name"] for span in store.query_spans(limit=None)})
    ran = subprocess.run(
        [sys.executable, "-c", SELF_TRACING, str(writable_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == repr(before)
