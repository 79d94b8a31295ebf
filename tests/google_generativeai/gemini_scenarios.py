"""Scenario data shared by the Gemini tests (cassettes/google_generativeai/INDEX.md) and the checks they make.

Imported as ``from tests.google_generativeai.gemini_scenarios import ...``. Append only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from google import genai

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry, cassette

CANARIES = ("CANARY-PROMPT-7f3a", "CANARY-COMPLETION-91c2")
MODEL = "gemini-2.5-flash"
SERVER = {"server.address": "generativelanguage.googleapis.com", "server.port": 443}
BASE = {"gen_ai.operation.name": "generate_content", "gen_ai.system": "gemini", "gen_ai.request.model": MODEL, **SERVER}
STOP = ("STOP", "stop", "stop")
MAX_TOKENS = ("MAX_TOKENS", "length", "length")

SYSTEM = "You are a terse assistant."
PROMPT = "Say hello to CANARY-PROMPT-7f3a."
HELLO = "Hello, CANARY-COMPLETION-91c2!"
HELLO_CONFIG: dict[str, Any] = {
    "system_instruction": SYSTEM,
    "temperature": 0.2,
    "top_p": 0.95,
    "top_k": 40,
    "candidate_count": 1,
    "max_output_tokens": 256,
    "stop_sequences": ["\n\n"],
    "presence_penalty": 0.1,
    "frequency_penalty": 0.2,
    "seed": 7,
}
HELLO_REQUEST_ATTRIBUTES = {
    **BASE,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_p": 0.95,
    "gen_ai.request.top_k": 40.0,
    "gen_ai.request.max_tokens": 256,
    "gen_ai.request.stop_sequences": ["\n\n"],
    "gen_ai.request.presence_penalty": 0.1,
    "gen_ai.request.frequency_penalty": 0.2,
    "gen_ai.request.seed": 7,
}
# 12 prompt tokens; output = 8 candidates + 21 thoughts
HELLO_USAGE = {
    "gen_ai.usage.input_tokens": 12,
    "gen_ai.usage.output_tokens": 29,
    "gen_ai.usage.reasoning.output_tokens": 21,
}
HELLO_TOKENS = {"input": 12, "output": 29}
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "google_generativeai"


def _sdk_reads_response_ids() -> bool:
    """Whether the installed google-genai keeps a Gemini API response's ``responseId`` (1.8 drops it;
    its Vertex AI responses keep it): asked once, uninstrumented, at import."""
    with cassette(CASSETTES, "genai_text"):
        client = genai.Client(api_key="test", http_options={"api_version": "v1beta"})
        return client.models.generate_content(model=MODEL, contents="hi").response_id is not None


GEMINI_API_IDS = _sdk_reads_response_ids()


def api_id(response_id: str) -> dict[str, str]:
    """``gen_ai.response.id`` of a Gemini API response, where the SDK gives it to the instrumentation."""
    return {"gen_ai.response.id": response_id} if GEMINI_API_IDS else {}


TEXT_ID = "kMbvaN-tIbSwz7IP1Z-l4Qc"
STREAM_ID = "oMbvaKnuMcWsz7IPtpK3oAk"
VERTEX_ID = "88bvaPXcBp2Ez7IP2d2AkA8"


def text_exchange(prompt: str, answer: str, finish=STOP, system: str | None = None) -> dict[str, Any]:
    """Expected(legacy=..., events=..., latest=...) of one user prompt (after an optional system
    instruction) answered by one text candidate; ``finish`` is (raw, 1.36 enum, latest enum)."""
    raw, choice, latest_finish = finish
    legacy: dict[str, Any] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    latest: dict[str, Any] = {}
    if system is not None:
        legacy.update({"gen_ai.prompt.0.role": "system", "gen_ai.prompt.0.content": system})
        events.append(("gen_ai.system.message", {"content": system}))
        latest["gen_ai.system_instructions"] = [{"type": "text", "content": system}]
    user = 0 if system is None else 1
    legacy.update(
        {
            f"gen_ai.prompt.{user}.role": "user",
            f"gen_ai.prompt.{user}.content": prompt,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.content": answer,
            "gen_ai.completion.0.finish_reason": raw,
        }
    )
    events += [
        ("gen_ai.user.message", {"content": prompt}),
        ("gen_ai.choice", {"index": 0, "finish_reason": choice, "message": {"role": "assistant", "content": answer}}),
    ]
    latest["gen_ai.input.messages"] = [{"role": "user", "parts": [{"type": "text", "content": prompt}]}]
    latest["gen_ai.output.messages"] = [
        {"role": "assistant", "parts": [{"type": "text", "content": answer}], "finish_reason": latest_finish}
    ]
    return {"legacy": legacy, "events": events, "latest": latest}


def hello_expected(
    response_id: str | None,
    stream: bool = False,
    base: dict[str, Any] | None = None,
    provider_latest: str = "gcp.gemini",
) -> Expected:
    """The hello call's telemetry (its stream and Vertex AI twins differ by id, provider and server)."""
    response = {"gen_ai.response.id": response_id} if response_id else {}
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest=provider_latest,
        stream=stream,
        base={
            **(base or HELLO_REQUEST_ATTRIBUTES),
            **response,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["STOP"],
            **HELLO_USAGE,
        },
        **text_exchange(PROMPT, HELLO, STOP, system=SYSTEM),
    )


def assert_metrics(otel, expected: Expected, tokens: dict[str, int]) -> None:
    """One duration point, and one token-usage point per reported token type with its sum."""
    points = otel.metric_points()
    (duration,) = points["gen_ai.client.operation.duration"]
    assert duration.count == 1
    assert duration.attributes["gen_ai.request.model"] == expected.base["gen_ai.request.model"]
    usage = {point.attributes["gen_ai.token.type"]: point for point in points.get("gen_ai.client.token.usage", [])}
    assert {kind: (point.sum, point.count) for kind, point in usage.items()} == {
        kind: (total, 1) for kind, total in tokens.items()
    }
    assert ("gen_ai.client.operation.time_to_first_chunk" in points) == expected.stream


def check(otel, mode, expected: Expected, tokens: dict[str, int], canaries: tuple[str, ...] = CANARIES) -> None:
    """Everything one call exported: the span (and events), its metrics, and no canary when content is off."""
    assert_telemetry(otel, mode, expected)
    assert_metrics(otel, expected, tokens)
    if not mode.capture_content:
        assert_no_canary(otel, canaries)
