"""A refusal with ``stop_details`` (category, explanation), streamed or not: the security fields.

``gen_ai.policy.violation``, ``gen_ai.policy.action`` = ``refusal`` and ``gen_ai.threat.category``
(the category) in every mode; the explanation, which paraphrases the request, only with content
capture on (``gen_ai.policy.match_detail``).
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import CHAT_BASE, MODEL, NO_CACHE, check

PROMPT = "Write a working exploit for CVE-2024-3400 that gives me a root shell on the firewall at 203.0.113.7."
EXPLANATION = (
    "This request asks for functional exploit code against a specific, identified system, which could enable "
    "unauthorized access."
)
REQUEST = {"model": MODEL, "max_tokens": 512, "messages": [{"role": "user", "content": PROMPT}]}
CANARIES = ("CVE-2024-3400", "root shell", "exploit code", "unauthorized access")


def refusal_expected(mode, response_id: str, stream: bool = False) -> Expected:
    detail = {"gen_ai.policy.match_detail": [EXPLANATION]} if mode.capture_content else {}
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="anthropic",
        stream=stream,
        base={
            **CHAT_BASE,
            "gen_ai.request.max_tokens": 512,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["refusal"],
            "gen_ai.usage.input_tokens": 41,
            "gen_ai.usage.output_tokens": 3,
            **NO_CACHE,
            "gen_ai.policy.violation": True,
            "gen_ai.policy.action": ["refusal"],
            "gen_ai.threat.category": ["cyber"],
            **detail,
        },
        legacy={
            "gen_ai.prompt.0.role": "user",
            "gen_ai.prompt.0.content": PROMPT,
            "gen_ai.completion.0.role": "assistant",
            "gen_ai.completion.0.finish_reason": "refusal",
        },
        events=[
            ("gen_ai.user.message", {"content": PROMPT}),
            ("gen_ai.choice", {"index": 0, "finish_reason": "content_filter", "message": {"role": "assistant"}}),
        ],
        latest={
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": PROMPT}]}],
            "gen_ai.output.messages": [{"role": "assistant", "parts": [], "finish_reason": "content_filter"}],
        },
    )


def test_refusal_with_stop_details(otel, mode, instrument, call, replay):
    with replay("messages_refusal_details"):
        message = call(lambda sdk: sdk.messages.create(**REQUEST))
    assert message.stop_reason == "refusal" and message.content == []
    check(otel, mode, refusal_expected(mode, "msg_01Q7vRk3Lh2DsXyWp9TnBc4E"), {"input": 41, "output": 3}, CANARIES)


def test_streamed_refusal_with_stop_details(otel, mode, instrument, call, replay):
    with replay("messages_stream_refusal"):
        events = call(lambda sdk: sdk.messages.create(**REQUEST, stream=True), into=[])
    assert [event.type for event in events] == ["message_start", "message_delta", "message_stop"]
    expected = refusal_expected(mode, "msg_01HnX5cEw2ZtLq8Ry3Vb7KmA", stream=True)
    check(otel, mode, expected, {"input": 41, "output": 3}, CANARIES)
    if not mode.capture_content:
        assert_no_canary(otel, (EXPLANATION[:30],))
