"""Overhead of genotel on real openai SDK calls against an in-process canned transport.

Prints, per scenario and mode, the median cost of one call (or one stream chunk) bare and
instrumented, and the difference. Ratios from one run on one machine are what to compare;
absolute times depend on the machine. Run with ``python3 -m nox -s bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import openai
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from genotel.instrumentation.openai import OpenAIInstrumentor

try:  # openai >= 3 ships on httpx2, older releases on httpx
    import httpx2 as http
except ImportError:  # pragma: no cover - depends on the installed SDK
    import httpx as http  # type: ignore[no-redef]

CHUNKS = 100
MESSAGES = [
    {"role": "system", "content": "You are a terse assistant."},
    {"role": "user", "content": "Say hello."},
]
COMPLETION = {
    "id": "chatcmpl-bench",
    "object": "chat.completion",
    "created": 1751544011,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there!"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 24, "completion_tokens": 9, "total_tokens": 33},
}


def _stream_body() -> bytes:
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
    events += [{**base, "choices": [{"index": 0, "delta": {"content": f"w{i} "}}]} for i in range(CHUNKS)]
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    events.append(
        {**base, "choices": [], "usage": {"prompt_tokens": 24, "completion_tokens": CHUNKS, "total_tokens": 124}}
    )
    text = "".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n"
    return text.encode()


COMPLETION_BODY = json.dumps(COMPLETION).encode()
STREAM_BODY = _stream_body()


def _respond(request: Any) -> Any:
    if b'"stream":true' in request.content.replace(b" ", b""):
        return http.Response(200, headers={"content-type": "text/event-stream"}, content=STREAM_BODY)
    return http.Response(200, headers={"content-type": "application/json"}, content=COMPLETION_BODY)


def _sync_client() -> openai.OpenAI:
    return openai.OpenAI(api_key="bench", http_client=http.Client(transport=http.MockTransport(_respond)))


def _async_client() -> openai.AsyncOpenAI:
    async def respond(request: Any) -> Any:
        return _respond(request)

    return openai.AsyncOpenAI(api_key="bench", http_client=http.AsyncClient(transport=http.MockTransport(respond)))


def _per_call_us(run: Callable[[], None], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls * 1e6


def _compare(run: Callable[[], None], mode: dict[str, Any], calls: int, rounds: int) -> tuple[float, float]:
    """Median per-call µs bare and instrumented, the two interleaved round by round against drift."""
    bare, instrumented = [], []
    for _ in range(rounds):
        bare.append(_per_call_us(run, calls))
        instrumentor = _instrumentor(mode)
        try:
            run()
            instrumented.append(_per_call_us(run, calls))
        finally:
            instrumentor.uninstrument()
    return statistics.median(bare), statistics.median(instrumented)


def _scenarios() -> dict[str, Callable[[], None]]:
    client, aclient = _sync_client(), _async_client()
    loop = asyncio.new_event_loop()

    def chat() -> None:
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)

    def stream() -> None:
        for _ in client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True):
            pass

    async def achat_once() -> None:
        await aclient.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)

    def achat() -> None:
        loop.run_until_complete(achat_once())

    return {"chat (sync)": chat, "chat (async)": achat, f"stream of {CHUNKS} chunks (sync)": stream}


def _instrumentor(mode: dict[str, Any]) -> OpenAIInstrumentor:
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
    logger_provider = LoggerProvider()
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(InMemoryLogRecordExporter()))
    meter_provider = MeterProvider(metric_readers=[InMemoryMetricReader()])
    instrumentor = OpenAIInstrumentor()
    instrumentor.instrument(
        tracer_provider=tracer_provider, logger_provider=logger_provider, meter_provider=meter_provider, **mode
    )
    return instrumentor


MODES = {
    "attributes, content off": {"capture_content": False},
    "attributes, content on": {"capture_content": True},
    "events, content on": {"capture_content": True, "use_legacy_attributes": False},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    scenarios = _scenarios()
    for run in scenarios.values():  # warm up imports, pools and caches
        run()
    print("| scenario | mode | bare µs | genotel µs | overhead µs | overhead per chunk µs |")
    print("|---|---|---:|---:|---:|---:|")
    for mode_name, mode in MODES.items():
        for name, run in scenarios.items():
            bare, instrumented = _compare(run, mode, args.calls, args.rounds)
            overhead = instrumented - bare
            per_chunk = f"{overhead / CHUNKS:.2f}" if "stream" in name else ""
            print(f"| {name} | {mode_name} | {bare:.0f} | {instrumented:.0f} | {overhead:.0f} | {per_chunk} |")


if __name__ == "__main__":
    main()
