"""How a message ended and what it reported: thinking, refusal, an unknown stop reason, sparse usage.

Thinking is reasoning: ``gen_ai.completion.0.reasoning`` in legacy attributes and ``reasoning``
parts in the latest JSON (a redacted block is a reasoning part with empty content); the 1.36
``gen_ai.choice`` event has no field for it, so there the message holds the answer text only.
Signatures and redacted data are opaque bytes: never in telemetry.
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import CHAT_BASE, END_TURN, MODEL, NO_CACHE, check, text_exchange

THINKING = (
    "1001 = 7 × 11 × 13, since 7 × 143 = 1001 and 143 = 11 × 13. So 1001 has divisors other than 1 and "  # noqa: RUF001
    "itself, which means it is not prime."
)
PRIME_ANSWER = "No: 1001 = 7 × 11 × 13."  # noqa: RUF001
SIGNATURE_START, REDACTED_START = "EpECCkAWiKV2jW/n", "EtgCCgIYAVFTPcyL"
THINKING_REQUEST = {
    "model": MODEL,
    "max_tokens": 4096,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Is 1001 prime?"}],
}
THINKING_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 4096,
        "gen_ai.response.id": "msg_019ZMGjBpHZ6wLLQfKqKNzts",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 44,
        "gen_ai.usage.output_tokens": 187,  # thinking included, as Anthropic reports it
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Is 1001 prime?",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": PRIME_ANSWER,
        "gen_ai.completion.0.finish_reason": "end_turn",
        "gen_ai.completion.0.reasoning": THINKING,
    },
    events=[
        ("gen_ai.user.message", {"content": "Is 1001 prime?"}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": PRIME_ANSWER}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Is 1001 prime?"}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [
                    {"type": "reasoning", "content": THINKING},
                    {"type": "reasoning", "content": ""},  # redacted_thinking
                    {"type": "text", "content": PRIME_ANSWER},
                ],
                "finish_reason": "stop",
            }
        ],
    },
)


def test_messages_thinking(otel, mode, instrument, call, replay):
    with replay("messages_thinking"):
        message = call(lambda sdk: sdk.messages.create(**THINKING_REQUEST))
    assert [block.type for block in message.content] == ["thinking", "redacted_thinking", "text"]
    assert message.content[0].signature.startswith(SIGNATURE_START)
    check(otel, mode, THINKING_EXPECTED, {"input": 44, "output": 187}, canaries=("1001", "prime"))
    assert_no_canary(otel, (SIGNATURE_START, REDACTED_START))  # in every mode


def ended(response_id: str, prompt: str, answer: str, finish, tokens: tuple[int, int], cache=NO_CACHE) -> Expected:
    """A max_tokens=256 question answered by one text block; ``finish`` is (raw, 1.36 enum, latest enum)."""
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="anthropic",
        base={
            **CHAT_BASE,
            "gen_ai.request.max_tokens": 256,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": [finish[0]],
            "gen_ai.usage.input_tokens": tokens[0],
            "gen_ai.usage.output_tokens": tokens[1],
            **cache,
        },
        **text_exchange(prompt, answer, finish),
    )


def ask(prompt: str) -> dict:
    return {"model": MODEL, "max_tokens": 256, "messages": [{"role": "user", "content": prompt}]}


LOCK_QUESTION = "Give me step-by-step instructions to open my neighbor's front door lock without a key."


def test_messages_refusal(otel, mode, instrument, call, replay):
    """stop_reason "refusal": raw in finish_reasons, content_filter in both enums."""
    with replay("messages_refusal"):
        message = call(lambda sdk: sdk.messages.create(**ask(LOCK_QUESTION)))
    assert message.stop_reason == "refusal"
    refusal = ("refusal", "content_filter", "content_filter")
    expected = ended("msg_01sy1y4zp8ddpFUnU2xiyDwL", LOCK_QUESTION, "I can't help with that.", refusal, (27, 8))
    expected.base.update({"gen_ai.policy.violation": True, "gen_ai.policy.action": ["refusal"]})  # no stop_details
    check(otel, mode, expected, {"input": 27, "output": 8}, canaries=("neighbor", "help with"))


def test_messages_unknown_stop(otel, mode, instrument, call, replay):
    """A stop reason outside every enum passes through as sent."""
    question, answer = "Describe entanglement in five words.", "Particles linked across any distance."
    with replay("messages_unknown_stop"):
        message = call(lambda sdk: sdk.messages.create(**ask(question)))
    assert message.stop_reason == "quantum_flux"
    flux = ("quantum_flux", "quantum_flux", "quantum_flux")
    expected = ended("msg_01VBhf3JYtyChRa2kTB5ef6A", question, answer, flux, (15, 9))
    check(otel, mode, expected, {"input": 15, "output": 9}, canaries=("entanglement", "Particles"))


def test_messages_missing_usage_fields(otel, mode, instrument, call, replay):
    """Usage with only input/output tokens: no cache attributes at all (not zeros)."""
    with replay("messages_missing_usage_fields"):
        message = call(lambda sdk: sdk.messages.create(**ask("Reply with OK.")))
    assert message.usage.cache_read_input_tokens is None
    expected = ended("msg_01D4bM2bqe2JfPpF6o5x6i7Q", "Reply with OK.", "OK", END_TURN, (11, 4), cache={})
    check(otel, mode, expected, {"input": 11, "output": 4}, canaries=("Reply with",))
