"""Bedrock Guardrails on invoke_model and Converse, streamed or not, in every mode: the security fields.

The guardrail id is set at span start; the assessments' flagged entries become policy names,
actions, confidences and violation codes; a prompt attack is a threat; matched text (an e-mail
address, a custom word) only with content capture on.
"""

from __future__ import annotations

import json

import pytest

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import check as check_call
from tests.anthropic.claude_scenarios import text_exchange
from tests.bedrock import guardrail_cases as g
from tests.bedrock.expect import base, tokens_of
from tests.bedrock.features import _has
from tests.bedrock.scenarios import CLAUDE

# botocore learnt Converse's guardrailConfig after Converse itself: older ones reject the parameter
# before sending, so there is no call to trace (the oldest stack's botocore is such a one).
CONVERSE_GUARDRAILS = _has("ConverseRequest", "guardrailConfig")
needs_converse_guardrails = pytest.mark.skipif(not CONVERSE_GUARDRAILS, reason="botocore without Converse guardrails")

END_TURN = ("end_turn", "stop", "stop")
INTERVENED = ("guardrail_intervened", "content_filter", "content_filter")
GUARDRAIL_ID = {"aws.bedrock.guardrail.id": g.GUARDRAIL}


def expected(mode, prompt, answer, finish, attributes, detail=None, stream=False) -> Expected:
    extra = {"gen_ai.policy.match_detail": detail} if detail and mode.capture_content else {}
    return Expected(
        span_name=f"chat {CLAUDE}",
        provider_latest="aws.bedrock",
        stream=stream,
        base=base("chat", CLAUDE, **GUARDRAIL_ID, **{"gen_ai.response.finish_reasons": [finish[0]]}, **attributes,
                  **extra),
        **text_exchange(prompt, answer, finish),
    )  # fmt: skip


def check(otel, mode, want: Expected, canaries: tuple[str, ...]) -> None:
    check_call(otel, mode, want, tokens_of(want), canaries)


INPUT_BLOCKED = {
    "gen_ai.response.id": g.MESSAGE_ID,
    "gen_ai.response.model": "claude-sonnet-4-5-20250929",
    "gen_ai.request.max_tokens": 256,
    "gen_ai.usage.input_tokens": 0,
    "gen_ai.usage.output_tokens": 0,
    "gen_ai.policy.violation": True,
    "gen_ai.policy.action": ["INTERVENED", "BLOCKED", "ANONYMIZED"],
    "gen_ai.policy.name": ["content_policy", "sensitive_information_policy"],
    "gen_ai.policy.confidence": ["HIGH"],
    "gen_ai.compliance.request_triggered": True,
    "gen_ai.compliance.response_triggered": False,
    "gen_ai.compliance.violation_detected": True,
    "gen_ai.compliance.violation_code": ["PROMPT_ATTACK", "EMAIL"],
    "gen_ai.threat.detected": True,
    "gen_ai.threat.type": ["PROMPT_ATTACK"],
}


def test_invoke_model_input_guardrail(otel, mode, instrument, call, replay):
    with replay("invoke_guardrail"):
        _, body = call.invoke(CLAUDE, g.INVOKE_BODY, **g.INVOKE_PARAMS)
    assert b'"amazon-bedrock-guardrailAction": "INTERVENED"' in body  # the application reads the body untouched
    want = expected(mode, g.ATTACK, g.BLOCKED, END_TURN, INPUT_BLOCKED, detail=[g.EMAIL])
    check(otel, mode, want, (g.EMAIL, "admin password"))


def test_invoke_model_stream_output_guardrail(otel, mode, instrument, call, replay):
    body = {**g.INVOKE_BODY, "messages": [{"role": "user", "content": g.QUESTION}]}
    events: list = []
    with replay("invoke_stream_guardrail"):
        data = json.dumps(body)
        call(
            lambda client: client.invoke_model_with_response_stream(modelId=CLAUDE, body=data, **g.INVOKE_PARAMS),
            events,
        )
    assert len(events) == 6
    attributes = {
        "gen_ai.response.id": g.STREAM_ID,
        "gen_ai.response.model": "claude-sonnet-4-5-20250929",
        "gen_ai.request.max_tokens": 256,
        "gen_ai.usage.input_tokens": 15,
        "gen_ai.usage.output_tokens": 11,
        "gen_ai.policy.violation": True,
        "gen_ai.policy.action": ["INTERVENED", "BLOCKED"],
        "gen_ai.policy.name": ["word_policy"],
        "gen_ai.compliance.request_triggered": False,
        "gen_ai.compliance.response_triggered": True,
        "gen_ai.compliance.violation_detected": True,
        "gen_ai.compliance.violation_code": ["CUSTOM_WORDS"],
    }
    want = expected(mode, g.QUESTION, g.BLOCKED, END_TURN, attributes, detail=[g.SECRET_WORD], stream=True)
    check(otel, mode, want, (g.SECRET_WORD, "product launch"))


CONVERSE_BLOCKED = {
    "gen_ai.usage.input_tokens": 12,
    "gen_ai.usage.output_tokens": 30,
    "gen_ai.policy.violation": True,
    "gen_ai.policy.action": ["guardrail_intervened", "BLOCKED"],
    "gen_ai.policy.name": ["topic_policy"],
    "gen_ai.compliance.request_triggered": False,
    "gen_ai.compliance.response_triggered": True,
    "gen_ai.compliance.violation_detected": True,
    "gen_ai.compliance.violation_code": ["Investment advice"],
}


@needs_converse_guardrails
def test_converse_output_guardrail(otel, mode, instrument, call, replay):
    with replay("converse_guardrail"):
        response = call.converse(CLAUDE, **g.CONVERSE_PARAMS)
    assert response["stopReason"] == "guardrail_intervened"
    want = expected(mode, g.TOPIC_QUESTION, g.BLOCKED, INTERVENED, CONVERSE_BLOCKED)
    check(otel, mode, want, ("stocks", "index funds"))
    assert_no_canary(otel, ("diversified",))  # the model's blocked output (trace modelOutput): never recorded


@needs_converse_guardrails
def test_converse_stream_guardrail_that_flagged_nothing(otel, mode, instrument, call, replay):
    params = {**g.CONVERSE_PARAMS, "messages": [{"role": "user", "content": [{"text": g.SAFE_QUESTION}]}]}
    events: list = []
    with replay("converse_stream_guardrail"):
        call.converse_stream(CLAUDE, events, **params)
    assert "trace" in events[-1]["metadata"]
    attributes = {
        "gen_ai.usage.input_tokens": 14,
        "gen_ai.usage.output_tokens": 11,
        "gen_ai.policy.violation": False,  # the guardrail assessed both sides and flagged nothing
        "gen_ai.compliance.request_triggered": False,
        "gen_ai.compliance.response_triggered": False,
        "gen_ai.compliance.violation_detected": False,
    }
    want = expected(mode, g.SAFE_QUESTION, g.SAFE_ANSWER, END_TURN, attributes, stream=True)
    check(otel, mode, want, ("index funds",))
