"""google-genai: a candidate stopped for safety (finishReason SAFETY, a rating marked blocked), streamed or not.

The blocked prompt (promptFeedback) is in test_genai_outcomes; here the response side: the
finish reason is the action, the blocked category the violation code, its probability the
confidence, in every mode.
"""

from __future__ import annotations

from genotel.core.testing import Expected
from tests.google_generativeai.gemini_scenarios import BASE, MODEL, api_id, check

PROMPT = "Write an insulting rant about my coworker Dana."
SAFETY = {
    "gen_ai.policy.violation": True,
    "gen_ai.policy.action": ["SAFETY"],
    "gen_ai.policy.confidence": ["MEDIUM"],
    "gen_ai.compliance.response_triggered": True,
    "gen_ai.compliance.violation_detected": True,
    "gen_ai.compliance.violation_code": ["HARM_CATEGORY_HARASSMENT"],
}


def stopped(response_id: str, text: str | None, stream: bool = False) -> Expected:
    parts = [] if text is None else [{"type": "text", "content": text}]
    message = {"role": "assistant"} if text is None else {"role": "assistant", "content": text}
    legacy = {
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": PROMPT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.finish_reason": "SAFETY",
    }
    if text is not None:
        legacy["gen_ai.completion.0.content"] = text
    return Expected(
        span_name=f"generate_content {MODEL}",
        provider_latest="gcp.gemini",
        stream=stream,
        base={
            **BASE,
            **api_id(response_id),
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["SAFETY"],
            "gen_ai.usage.input_tokens": 11,
            "gen_ai.usage.output_tokens": 6,
            **SAFETY,
        },
        legacy=legacy,
        events=[
            ("gen_ai.user.message", {"content": PROMPT}),
            ("gen_ai.choice", {"index": 0, "finish_reason": "content_filter", "message": message}),
        ],
        latest={
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}],
            "gen_ai.output.messages": [{"role": "assistant", "parts": parts, "finish_reason": "content_filter"}],
        },
    )


def test_candidate_stopped_for_safety(otel, mode, instrument, call, replay):
    with replay("genai_safety"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=PROMPT))
    assert response.candidates[0].finish_reason.name == "SAFETY"
    check(otel, mode, stopped("Y9fvaO2kLpGbz7IPq4mS8Qw", None), {"input": 11, "output": 6}, canaries=("Dana",))


def test_stream_stopped_for_safety(otel, mode, instrument, call, replay):
    chunks: list = []
    with replay("genai_stream_safety"):
        call(lambda sdk: sdk.models.generate_content_stream(model=MODEL, contents=PROMPT), chunks)
    assert chunks[-1].candidates[0].safety_ratings[2].blocked is True
    want = stopped("b9fvaP3lMqHcz7IPr5nT9Rx", "Dana is ", stream=True)
    check(otel, mode, want, {"input": 11, "output": 6}, canaries=("Dana",))
