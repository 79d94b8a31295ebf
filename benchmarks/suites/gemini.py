"""Gemini through google-genai (the Developer API): generate_content, and generate_content_stream."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import canned
from canned import CHUNKS

FLOOR = False
MODEL = "gemini-2.5-flash"
SYSTEM = "You are a terse assistant."
SCENARIOS = {
    "gemini generate": "`models.generate_content`, `system_instruction` in `config` and one user text",
    "gemini stream": f"the same through `generate_content_stream`: {CHUNKS} SSE chunks, usage in each",
}
VERSIONS = {
    "sdk": ("google-genai",),
    "genotel": ("genotel-instrumentation-google-generativeai",),
    "openllmetry": ("opentelemetry-instrumentation-google-generativeai",),
    "official": ("opentelemetry-instrumentation-google-genai",),
}
_USAGE = {"promptTokenCount": 12, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 12}]}


def _response(text: str, finish: bool, output_tokens: int) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}
    usage = {**_USAGE, "totalTokenCount": 12 + output_tokens}
    if finish:
        candidate["finishReason"] = "STOP"
        usage["candidatesTokenCount"] = output_tokens
    return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": MODEL, "responseId": "bench-gemini"}


def _stream() -> bytes:
    chunks = [_response(f"w{i} ", i == CHUNKS - 1, CHUNKS) for i in range(CHUNKS)]
    return "".join(f"data: {json.dumps(chunk)}\r\n\r\n" for chunk in chunks).encode()


_HOST = "generativelanguage.googleapis.com"
_GENERATED = json.dumps(_response("Hello there!", True, 9)).encode()
_STREAMED = _stream()
canned.route(_HOST, ":generateContent", lambda body: (canned.JSON, _GENERATED))
canned.route(_HOST, ":streamGenerateContent", lambda body: (canned.SSE, _STREAMED))


def calls(is_async: bool) -> dict[str, Callable[[], Any]]:
    from google import genai
    from google.genai import types

    try:  # google-genai >= 2 is built on httpx2, older releases on httpx
        import httpx2 as http
    except ImportError:
        import httpx as http  # type: ignore[no-redef]

    options = types.HttpOptions(
        httpx_client=canned.sync_http_client(http), httpx_async_client=canned.async_http_client(http)
    )
    client = genai.Client(api_key="bench", http_options=options)
    models: Any = client.aio.models if is_async else client.models
    config = types.GenerateContentConfig(system_instruction=SYSTEM)
    if is_async:

        async def stream() -> Any:
            return await models.generate_content_stream(model=MODEL, contents="Say hello.", config=config)

    else:

        def stream() -> Any:
            return models.generate_content_stream(model=MODEL, contents="Say hello.", config=config)

    return {
        "gemini generate": lambda: models.generate_content(model=MODEL, contents="Say hello.", config=config),
        "gemini stream": stream,
    }


def instrument(implementation: str, legacy: bool, content: bool, providers: dict[str, Any]) -> None:
    if implementation == "genotel":
        from genotel.instrumentation.google_generativeai import GoogleGenerativeAIInstrumentor

        GoogleGenerativeAIInstrumentor().instrument(use_legacy_attributes=legacy, capture_content=content, **providers)
    elif implementation == "openllmetry":
        from opentelemetry.instrumentation.google_generativeai import GoogleGenerativeAiInstrumentor

        GoogleGenerativeAiInstrumentor(use_legacy_attributes=legacy).instrument(**providers)
    elif implementation == "official":
        from opentelemetry.instrumentation.google_genai import GoogleGenAiSdkInstrumentor

        # Its [instruments] range stops below google-genai 3; the API it wraps is unchanged there.
        GoogleGenAiSdkInstrumentor().instrument(skip_dep_check=True, **providers)
