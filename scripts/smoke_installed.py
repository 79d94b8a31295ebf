"""Smoke check of the built wheels, installed alone (not editable): import, entry point, one span.

Run by ``nox -s packaging`` in a fresh environment where only the wheels and the SDK are installed.
"""

from __future__ import annotations

import json
import pathlib
from importlib.metadata import entry_points

import openai
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import genotel.instrumentation.openai as package

try:
    import httpx2 as http
except ImportError:
    import httpx as http  # type: ignore[no-redef]

installed_at = pathlib.Path(package.__file__).resolve()
assert "site-packages" in installed_at.parts, f"not imported from an installed wheel: {installed_at}"

(entry_point,) = [ep for ep in entry_points(group="opentelemetry_instrumentor") if ep.name == "genotel_openai"]
instrumentor_class = entry_point.load()

body = {
    "id": "chatcmpl-smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
transport = http.MockTransport(lambda request: http.Response(200, json=body))
exporter = InMemorySpanExporter()
tracer_provider = TracerProvider()
tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
instrumentor_class().instrument(tracer_provider=tracer_provider)
client = openai.OpenAI(api_key="smoke", http_client=http.Client(transport=transport))
client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
(span,) = exporter.get_finished_spans()
assert span.name == "chat gpt-4o-mini", span.name
assert span.attributes["gen_ai.usage.input_tokens"] == 3
print("installed wheels work:", json.dumps({"span": span.name, "module": package.__file__}))
