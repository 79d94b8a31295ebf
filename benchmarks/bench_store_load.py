"""genotel-store under a server's load: what a bounded read costs, and what many threads leave open.

Measures, on a store of `--spans` GenAI spans (built with `bench_store.ingest`, or reused with `--db`):
- `genotel spans --where gen_ai.operation.name=chat --limit 5` in a fresh process: wall time and peak
  memory (RSS), against `genotel traces --limit 5` as the floor of starting Python and the CLI;
- `query_spans(limit=5, offset=20000)` and `query_metrics` with a label matcher, in this process;
- open connections' files after 200 short-lived threads each ran one query on one shared store.

Run: `python benchmarks/bench_store_load.py [--spans 100000] [--db PATH]`. Not a timed test: numbers
vary with the machine; compare them within one run, or before/after a change on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import ingest

from genotel.store import TraceStore

_MEASURE = """
import resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
elapsed = time.perf_counter() - began
assert done.returncode == 0, done.stderr
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def cli_cost(db: Path, *argv: str, runs: int = 3) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MB) of `genotel --db db ARGV` run in a fresh process."""
    command = [sys.executable, "-m", "genotel.store.cli", "--db", str(db), *argv]
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
        seconds, kilobytes = out.stdout.split()
        times.append(float(seconds))
        peaks.append(int(kilobytes) / 1024)
    return statistics.median(times), max(peaks)


def open_store_files(path: Path) -> int:
    """File descriptors of this process open on the store file, its WAL or its shared-memory index."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") in names:
                count += 1
        except OSError:
            continue
    return count


def threads_leave(path: Path, threads: int = 200) -> tuple[int, int]:
    """(open store files, open connections) after `threads` short-lived threads each ran one query."""
    with TraceStore(path, read_only=True) as store:

        def one_query() -> None:
            store.query_traces(limit=1)

        for _ in range(threads):
            worker = threading.Thread(target=one_query)
            worker.start()
            worker.join()
        return open_store_files(path), store._db.open_connections()


def seed_metric_points(path: Path, points: int) -> None:
    """`points` token-usage points over the last hour, one model in 50 named 'rare-model'."""
    now = time.time_ns()
    with TraceStore(path) as store:
        rows = [
            (
                "gen_ai.client.token.usage",
                "{token}",
                "histogram",
                "DELTA",
                now - (points - i) * 1_000_000,
                json.dumps({"gen_ai.request.model": "rare-model" if i % 50 == 0 else f"model-{i % 7}"}),
                float(i % 100),
                1,
            )
            for i in range(points)
        ]
        store._db.write(
            lambda conn: conn.executemany(
                "INSERT INTO metric_points (name, unit, kind, temporality, time_ns, attributes, sum, count)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        )


def timed_ms(action, runs: int = 5) -> float:
    action()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=100_000)
    parser.add_argument("--metric-points", type=int, default=200_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or build and keep) the store at this path")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.db or Path(folder) / "telemetry.db"
        if not path.exists():
            print(f"building {arguments.spans:,} spans and {arguments.metric_points:,} metric points in {path}")
            ingest(path, arguments.spans, 512, 7)
            seed_metric_points(path, arguments.metric_points)
        floor_s, floor_mb = cli_cost(path, "traces", "--limit", "5")
        spans_s, spans_mb = cli_cost(path, "spans", "--where", "gen_ai.operation.name=chat", "--limit", "5")
        with TraceStore(path, read_only=True) as store:
            chats = [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}]
            deep_ms = timed_ms(lambda: store.query_spans(chats, limit=5, offset=20_000))
            rare = [{"name": "gen_ai.request.model", "operator": "=", "value": "rare-model"}]
            start = time.time() - 7200
            metrics_ms = timed_ms(lambda: store.query_metrics("gen_ai.client.token.usage", start, label_matchers=rare))
            regex = [{"name": "gen_ai.request.model", "operator": "=~", "value": "rare-.*"}]
            regex_ms = timed_ms(lambda: store.query_metrics("gen_ai.client.token.usage", start, label_matchers=regex))
            stored = store.count_spans()
        files, connections = threads_leave(path)
    rows = [
        ("spans stored", f"{stored:,}"),
        ("genotel traces --limit 5 (floor): wall, peak RSS", f"{floor_s:.2f} s, {floor_mb:.0f} MB"),
        ("genotel spans --where chat --limit 5: wall, peak RSS", f"{spans_s:.2f} s, {spans_mb:.0f} MB"),
        ("query_spans(chat, limit=5, offset=20000)", f"{deep_ms:.1f} ms"),
        (f"query_metrics label = rare ({arguments.metric_points:,} points)", f"{metrics_ms:.1f} ms"),
        (f"query_metrics label =~ rare-.* ({arguments.metric_points:,} points)", f"{regex_ms:.1f} ms"),
        ("after 200 threads: open store files, connections", f"{files}, {connections}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
