"""genotel serve under load: requests/s and p50/p99 latency of the telemetry API with 1,000,000 spans stored.

Builds the store as `bench_store.py` does (or reuses one kept with `--keep`), starts `genotel serve`'s app
(uvicorn, one process, as `genotel serve` runs it) on loopback in a child process, and drives it with 16
concurrent clients (httpx.AsyncClient, keep-alive connections) through three requests in turn:
- trace list: `POST /v1/telemetry/traces` `{"limit": 20}`, the 20 newest traces;
- trace tree: `POST /v1/telemetry/spans/{span_id}/tree` of a random agent span (5 spans a tree);
- filtered span query: `POST /v1/telemetry/spans` with `gen_ai.request.model = claude-sonnet-4` (20% of
  the chat spans), 20 newest.
Each runs a fixed number of requests after a warm-up, bounded in time as well. For comparison the same
queries run straight on `TraceStore` from 16 threads, without HTTP. The client shares the machine with the
server: on 2 CPUs both compete, so the figures are a floor for a dedicated server, not a ceiling.
Run: `python benchmarks/bench_serve.py [--spans 1000000] [--keep PATH [--queries-only]]`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import ingest

from genotel.store import TraceStore

CLIENTS = 16
CHATS_BY_MODEL = [{"key": "gen_ai.request.model", "op": "eq", "value": "claude-sonnet-4"}]
_SERVER = """
import sys
from genotel.store.serve import serve
serve(sys.argv[1], host="127.0.0.1", port=0, announce=lambda url: print(url, flush=True))
"""
Request = tuple[str, dict[str, Any]]  # path, JSON body


def scenarios(roots: list[str], rng: random.Random) -> dict[str, Callable[[], Request]]:
    return {
        "trace list (20 newest)": lambda: ("/v1/telemetry/traces", {"limit": 20}),
        "trace tree (5 spans)": lambda: (f"/v1/telemetry/spans/{rng.choice(roots)}/tree", {}),
        "filtered span query (model eq, 20 newest)": lambda: (
            "/v1/telemetry/spans",
            {"attribute_filters": CHATS_BY_MODEL, "limit": 20},
        ),
    }


def summary(latencies: list[float], wall: float, errors: int) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": cuts[98] * 1000,
        "errors": errors,
        "requests": len(latencies),
    }


async def drive(base: str, make: Callable[[], Request], requests: int, seconds: float) -> dict[str, float]:
    """`requests` requests from CLIENTS concurrent clients (stopping early after `seconds`)."""
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    latencies: list[float] = []
    errors = 0
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one_client(count: int, deadline: float, record: bool) -> None:
            nonlocal errors
            for _ in range(count):
                if time.monotonic() > deadline:
                    return
                path, body = make()
                began = time.perf_counter()
                response = await client.post(path, json=body)
                elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    errors += 1
                if record:
                    latencies.append(elapsed)

        warm = time.monotonic() + seconds
        await asyncio.gather(*(one_client(10, warm, False) for _ in range(CLIENTS)))
        began = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(one_client(requests // CLIENTS, deadline, True) for _ in range(CLIENTS)))
        wall = time.perf_counter() - began
    return summary(latencies, wall, errors)


def drive_store(store: TraceStore, call: Callable[[], object], requests: int) -> dict[str, float]:
    """The same load straight on the store: CLIENTS threads, no HTTP."""

    def timed(_: int) -> float:
        began = time.perf_counter()
        call()
        return time.perf_counter() - began

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(timed, range(CLIENTS * 4)))  # warm-up
        began = time.perf_counter()
        latencies = list(pool.map(timed, range(requests)))
        wall = time.perf_counter() - began
    return summary(latencies, wall, 0)


def start_server(path: Path) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(path)], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        server.kill()
        raise SystemExit(f"genotel serve did not start (said {url!r})")
    return server, url.rstrip("/")


def stop_server(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=4000, help="measured requests per query")
    parser.add_argument("--seconds", type=float, default=60, help="at most this long per query")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="build the store at this path and keep it")
    parser.add_argument("--queries-only", action="store_true", help="with --keep: reuse the store built before")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "telemetry.db"
        if not arguments.queries_only:
            print(f"building {arguments.spans:,} spans in {path}", flush=True)
            overall, _ = ingest(path, arguments.spans, 512, arguments.seed)
            print(f"  ingested at {overall:,.0f} spans/s", flush=True)
        rng = random.Random(arguments.seed)
        with TraceStore(path, read_only=True) as store:
            stored = store.count_spans()
            roots = [t["root_span_id"] for t in store.query_traces(limit=5000, order_by=["trace_id"])]
            direct = {
                "trace list (20 newest)": lambda: store.query_traces(limit=21),
                "trace tree (5 spans)": lambda: store.get_span_tree(rng.choice(roots)),
                "filtered span query (model eq, 20 newest)": lambda: store.query_spans(CHATS_BY_MODEL, limit=21),
            }
            store_results = {name: drive_store(store, call, arguments.requests) for name, call in direct.items()}
        server, base = start_server(path)
        try:
            http_results = {
                name: asyncio.run(drive(base, make, arguments.requests, arguments.seconds))
                for name, make in scenarios(roots, rng).items()
            }
        finally:
            stop_server(server)
    print(f"\n{stored:,} spans stored; {CLIENTS} concurrent clients on loopback\n")
    width = max(len(name) for name in http_results)
    print(f"{'request':<{width}}  {'via':<10}  {'req/s':>8}  {'p50 ms':>8}  {'p99 ms':>8}  {'n':>6}  errors")
    for name in http_results:
        for via, result in (("HTTP API", http_results[name]), ("TraceStore", store_results[name])):
            print(
                f"{name:<{width}}  {via:<10}  {result['rps']:>8,.0f}  {result['p50']:>8.2f}  {result['p99']:>8.2f}"
                f"  {result['requests']:>6,.0f}  {result['errors']:.0f}"
            )


if __name__ == "__main__":
    main()
