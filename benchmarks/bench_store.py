"""genotel-store at scale: ingest throughput through the span exporter, and query latency at 1M spans.

Builds a store of realistic GenAI traces (an agent span, three chat spans of ~17 attributes, one tool
span: ~14 attributes a span on average) in a temporary directory, exporting batches of 512 SDK
ReadableSpans through `StoreSpanExporter` (the time to build the spans is not counted). Then, on a
read-only store as a CLI would open it, it times `get_span_tree` and filtered `query_traces` (median
of several runs). Run: `python benchmarks/bench_store.py [--spans 1000000]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.util.instrumentation import InstrumentationScope
from opentelemetry.trace import SpanContext, SpanKind, TraceFlags
from opentelemetry.trace.status import Status, StatusCode

from genotel.store import StoreSpanExporter, TraceStore

MODELS = ("gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "claude-haiku-3.5", "o3-mini")
RESOURCE = Resource.create(
    {"service.name": "trip-planner", "service.version": "1.4.2", "deployment.environment": "prod"}
)
SCOPE = InstrumentationScope("genotel.instrumentation.openai", "0.1.0")
SPANS_PER_TRACE = 5
OK, ERROR = Status(StatusCode.UNSET), Status(StatusCode.ERROR, "RateLimitError")


def _context(rng: random.Random, trace_id: int) -> SpanContext:
    return SpanContext(trace_id, rng.getrandbits(64) | 1, is_remote=False, trace_flags=TraceFlags(1))


def make_trace(rng: random.Random, start_ns: int) -> list[ReadableSpan]:
    """One agent run: root span, three chat calls, one tool call; children end (and export) first."""
    trace_id = rng.getrandbits(128) | 1
    root = _context(rng, trace_id)
    spans = []
    t = start_ns
    for index in range(3):
        model = rng.choice(MODELS)
        input_tokens, output_tokens = rng.randint(20, 6000), rng.randint(1, 1500)
        duration = rng.randint(200_000_000, 4_000_000_000)
        failed = rng.random() < 0.02
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": "openai" if model.startswith(("gpt", "o3")) else "anthropic",
            "gen_ai.request.model": model,
            "gen_ai.response.model": f"{model}-2025-01-01",
            "gen_ai.request.temperature": rng.choice((0.0, 0.2, 0.7, 1.0)),
            "gen_ai.request.max_tokens": rng.choice((256, 1024, 4096)),
            "gen_ai.request.top_p": 1.0,
            "gen_ai.response.id": f"chatcmpl-{rng.getrandbits(96):024x}",
            "gen_ai.response.finish_reasons": ("stop",) if index < 2 else ("tool_calls",),
            "gen_ai.usage.input_tokens": input_tokens,
            "gen_ai.usage.output_tokens": output_tokens,
            "server.address": "api.openai.com",
            "server.port": 443,
            "llm.is_streaming": rng.random() < 0.3,
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": "Plan a three-day trip to Lisbon in May with a budget of 900 euros.",
            "gen_ai.completion.0.role": "assistant",
        }
        if failed:
            attributes["error.type"] = "RateLimitError"
        spans.append(
            ReadableSpan(
                f"chat {model}",
                _context(rng, trace_id),
                parent=root,
                resource=RESOURCE,
                attributes=attributes,
                kind=SpanKind.CLIENT,
                status=ERROR if failed else OK,
                start_time=t,
                end_time=t + duration,
                instrumentation_scope=SCOPE,
            )
        )
        t += duration + 1_000_000
    tool_attributes = {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.call.id": f"call_{rng.getrandbits(64):016x}",
        "gen_ai.tool.type": "function",
        "city": "Lisbon",
        "http.status_code": 200,
        "retries": rng.randint(0, 2),
        "cache.hit": rng.random() < 0.5,
        "latency_budget_ms": 500,
        "tool.version": "2",
    }
    spans.append(
        ReadableSpan(
            "execute_tool get_weather",
            _context(rng, trace_id),
            parent=root,
            resource=RESOURCE,
            attributes=tool_attributes,
            kind=SpanKind.INTERNAL,
            start_time=t,
            end_time=t + 50_000_000,
            instrumentation_scope=SCOPE,
        )
    )
    root_attributes = {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "trip-planner",
        "gen_ai.agent.id": "agent-7",
        "gen_ai.conversation.id": f"conv-{rng.getrandbits(48):012x}",
        "user.tier": rng.choice(("free", "pro", "team")),
        "session.turn": rng.randint(1, 20),
        "app.region": rng.choice(("eu-west-1", "us-east-1")),
        "app.version": "1.4.2",
        "gen_ai.request.model": "gpt-4o-mini",
        "feature.flag.planner_v2": True,
    }
    spans.append(
        ReadableSpan(
            "invoke_agent trip-planner",
            root,
            parent=None,
            resource=RESOURCE,
            attributes=root_attributes,
            kind=SpanKind.INTERNAL,
            start_time=start_ns,
            end_time=t + 60_000_000,
            instrumentation_scope=SCOPE,
        )
    )
    return spans


def ingest(path: Path, total_spans: int, batch_size: int, seed: int) -> tuple[float, float]:
    """Export `total_spans` in batches; returns (overall spans/s, last-10% spans/s)."""
    rng = random.Random(seed)
    exporter = StoreSpanExporter(path)
    start_ns = time.time_ns() - 20 * 3600 * 1_000_000_000  # within the retention window
    step_ns = (20 * 3600 * 1_000_000_000 * SPANS_PER_TRACE) // max(total_spans, 1)
    pending: list[ReadableSpan] = []
    exported, busy = 0, 0.0
    tail_from, tail_busy, tail_count = int(total_spans * 0.9), 0.0, 0
    last_report = time.monotonic()
    while exported < total_spans:
        while len(pending) < batch_size:
            spans = make_trace(rng, start_ns)
            start_ns += step_ns
            pending.extend(spans)
        batch, pending = pending[:batch_size], pending[batch_size:]
        began = time.perf_counter()
        exporter.export(batch)
        elapsed = time.perf_counter() - began
        busy += elapsed
        exported += len(batch)
        if exported > tail_from:
            tail_busy += elapsed
            tail_count += len(batch)
        if time.monotonic() - last_report > 10:
            print(f"  ... {exported:>9,} spans, {exported / busy:,.0f} spans/s so far", flush=True)
            last_report = time.monotonic()
    exporter.shutdown()
    return exported / busy, (tail_count / tail_busy if tail_busy else 0.0)


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    action()  # first run warms the page cache; the medians are of the runs after it
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="where to build the store (default: a temp dir)")
    parser.add_argument("--keep", type=Path, default=None, help="build the store at this path and keep it")
    parser.add_argument("--queries-only", action="store_true", help="with --keep: reuse the store built before")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=arguments.dir) as folder:
        path = arguments.keep or Path(folder) / "telemetry.db"
        overall = tail = build_s = 0.0
        if not arguments.queries_only:
            print(f"building {arguments.spans:,} spans in {path} (batches of {arguments.batch})", flush=True)
            began = time.monotonic()
            overall, tail = ingest(path, arguments.spans, arguments.batch, arguments.seed)
            build_s = time.monotonic() - began
        size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
        rng = random.Random(arguments.seed)
        with TraceStore(path, read_only=True) as store:
            roots = [t["root_span_id"] for t in store.query_traces(limit=5000, order_by=["trace_id"])]
            probe_ids = rng.sample(roots, min(len(roots), arguments.runs + 1))
            cursor = iter(probe_ids * 2)
            tree_ms, tree = median_ms(lambda: store.get_span_tree(next(cursor)), arguments.runs)
            common = [{"key": "gen_ai.request.model", "op": "eq", "value": "claude-sonnet-4"}]
            common_ms, common_found = median_ms(lambda: store.query_traces(common, limit=100), arguments.runs)
            ranged = [{"key": "gen_ai.usage.input_tokens", "op": "gt", "value": 5990}]
            ranged_ms, ranged_found = median_ms(lambda: store.query_traces(ranged, limit=100), arguments.runs)
            some_span = store.query_spans([{"key": "name", "op": "eq", "value": "chat gpt-4o"}], limit=1)[0]
            rare = [{"key": "gen_ai.response.id", "op": "eq", "value": some_span["attributes"]["gen_ai.response.id"]}]
            rare_ms, rare_found = median_ms(lambda: store.query_traces(rare, limit=100), arguments.runs)
            errors = [
                {"key": "status", "op": "eq", "value": "ERROR"},
                {"key": "gen_ai.system", "op": "eq", "value": "anthropic"},
            ]
            errors_ms, errors_found = median_ms(lambda: store.query_traces(errors, limit=20), arguments.runs)
            absent = [{"key": "name", "op": "eq", "value": "no such span"}]
            absent_ms, _ = median_ms(lambda: store.query_traces(absent, limit=100), arguments.runs)
            listing_ms, _ = median_ms(lambda: store.query_traces(limit=100), arguments.runs)
            stored = store.count_spans()
    rows = [
        ("spans stored", f"{stored:,}", ""),
        ("store size", f"{size_mb:,.0f} MB", ""),
        ("build time (with span generation)", f"{build_s:,.1f} s", ""),
        ("ingest, whole run", f"{overall:,.0f} spans/s", ">= 20,000"),
        ("ingest, last 10% (store nearly full)", f"{tail:,.0f} spans/s", ">= 20,000"),
        (f"get_span_tree ({len(tree)} spans)", f"{tree_ms:.2f} ms", "< 50 ms"),  # type: ignore[arg-type]
        (f"query_traces model eq, 20% of chats ({len(common_found)})", f"{common_ms:.2f} ms", "< 50 ms"),  # type: ignore[arg-type]
        (f"query_traces input_tokens gt 5990 ({len(ranged_found)})", f"{ranged_ms:.2f} ms", "< 50 ms"),  # type: ignore[arg-type]
        (f"query_traces response.id eq, 1 span ({len(rare_found)})", f"{rare_ms:.2f} ms", "< 50 ms"),  # type: ignore[arg-type]
        (f"query_traces status ERROR + system ({len(errors_found)})", f"{errors_ms:.2f} ms", ""),  # type: ignore[arg-type]
        ("query_traces name eq, no span has it", f"{absent_ms:.2f} ms", ""),
        ("query_traces, no filter, 100 newest", f"{listing_ms:.2f} ms", ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'measure':<{width}}  {'result':>16}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>16}  {target}")


if __name__ == "__main__":
    main()
