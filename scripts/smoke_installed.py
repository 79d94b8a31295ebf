"""Smoke check of one provider's wheels, installed alone (not editable): import, entry point, one span.

Run by ``nox -s packaging`` in a fresh environment holding only that provider's wheels and SDK:
``python scripts/smoke_installed.py openai`` (or ``anthropic``).
"""

from __future__ import annotations

import importlib
import json
import pathlib
import sys
from importlib.metadata import entry_points
from typing import Any

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

try:  # the newest SDKs ship on httpx2, older ones on httpx
    import httpx2 as http
except ImportError:
    import httpx as http  # type: ignore[no-redef]

OPENAI_BODY = {
    "id": "chatcmpl-smoke",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
ANTHROPIC_BODY = {
    "id": "msg_smoke",
    "type": "message",
    "role": "assistant",
    "model": "claude-haiku-4-5-20251001",
    "content": [{"type": "text", "text": "ok"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


def call_openai(http_client: Any) -> str:
    import openai

    client = openai.OpenAI(api_key="smoke", http_client=http_client)
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    return "chat gpt-4o-mini"


def call_anthropic(http_client: Any) -> str:
    import anthropic

    client = anthropic.Anthropic(api_key="smoke", http_client=http_client)
    client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}])
    return "chat claude-haiku-4-5"


PROVIDERS = {"openai": (OPENAI_BODY, call_openai), "anthropic": (ANTHROPIC_BODY, call_anthropic)}


def main(provider: str) -> None:
    body, call = PROVIDERS[provider]
    package = importlib.import_module(f"genotel.instrumentation.{provider}")
    installed_at = pathlib.Path(package.__file__ or "").resolve()
    assert "site-packages" in installed_at.parts, f"not imported from an installed wheel: {installed_at}"
    (entry_point,) = [ep for ep in entry_points(group="opentelemetry_instrumentor") if ep.name == f"genotel_{provider}"]
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    entry_point.load()().instrument(tracer_provider=tracer_provider)
    transport = http.MockTransport(lambda request: http.Response(200, json=body))
    span_name = call(http.Client(transport=transport))
    (span,) = exporter.get_finished_spans()
    assert span.name == span_name, span.name
    assert span.attributes["gen_ai.usage.input_tokens"] == 3
    print("installed wheels work:", json.dumps({"span": span.name, "module": str(installed_at)}))


if __name__ == "__main__":
    main(sys.argv[1])
