"""Bedrock Guardrails on invoke_model and Converse, streamed or not, in every mode: the security fields.

The guardrail id is set at span start; the assessments' flagged entries become policy names,
actions, confidences and violation codes; a prompt attack is a threat; matched text (an e-mail
address, a custom word) only with content capture on.
"""

from __future__ import annotations

import json

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import check as check_call
from tests.anthropic.claude_scenarios import text_exchange
from tests.bedrock import guardrail_cases as g
from tests.bedrock.expect import base, tokens_of
from tests.bedrock.features import _has
from tests.bedrock.scenarios import CLAUDE

# botocore learnt Converse's guardrailConfig and trace after Converse itself (the oldest stack's has
# neither): there the application cannot ask for a guardrail, and the SDK hands back the stop reason
# without the trace, so the stop reason is all there is to record.
CONVERSE_GUARDRAILS = _has("ConverseRequest", "guardrailConfig")


def converse_params(question: str) -> dict:
    params = {**g.CONVERSE_PARAMS, "messages": [{"role": "user", "content": [{"text": question}]}]}
    if not CONVERSE_GUARDRAILS:
        del params["guardrailConfig"]
    return params


END_TURN = ("end_turn", "stop", "stop")
INTERVENED = ("guardrail_intervened", "content_filter", "content_filter")
GUARDRAIL_ID = {"aws.bedrock.guardrail.id": g.GUARDRAIL}


def expected(mode, prompt, answer, finish, attributes, detail=None, stream=False, guardrail=True) -> Expected:
    extra = {"gen_ai.policy.match_detail": detail} if detail and mode.capture_content else {}
    if guardrail:
        extra.update(GUARDRAIL_ID)
    return Expected(
        span_name=f"chat {CLAUDE}",
        provider_latest="aws.bedrock",
        stream=stream,
        base=base("chat", CLAUDE, **{"gen_ai.response.finish_reasons": [finish[0]]}, **attributes,
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


CONVERSE_USAGE = {"gen_ai.usage.input_tokens": 12, "gen_ai.usage.output_tokens": 30}
CONVERSE_BLOCKED = {
    **CONVERSE_USAGE,
    "gen_ai.policy.violation": True,
    "gen_ai.policy.action": ["guardrail_intervened", "BLOCKED"],
    "gen_ai.policy.name": ["topic_policy"],
    "gen_ai.compliance.request_triggered": False,
    "gen_ai.compliance.response_triggered": True,
    "gen_ai.compliance.violation_detected": True,
    "gen_ai.compliance.violation_code": ["Investment advice"],
}
# Without the trace: the stop reason alone (no policy, no stage, so no compliance fields).
CONVERSE_STOPPED = {**CONVERSE_USAGE, "gen_ai.policy.violation": True, "gen_ai.policy.action": ["guardrail_intervened"]}


def test_converse_output_guardrail(otel, mode, instrument, call, replay):
    with replay("converse_guardrail"):
        response = call.converse(CLAUDE, **converse_params(g.TOPIC_QUESTION))
    assert response["stopReason"] == "guardrail_intervened"
    assert ("trace" in response) == CONVERSE_GUARDRAILS
    attributes = CONVERSE_BLOCKED if CONVERSE_GUARDRAILS else CONVERSE_STOPPED
    want = expected(mode, g.TOPIC_QUESTION, g.BLOCKED, INTERVENED, attributes, guardrail=CONVERSE_GUARDRAILS)
    check(otel, mode, want, ("stocks", "index funds"))
    assert_no_canary(otel, ("diversified",))  # the model's blocked output (trace modelOutput): never recorded


def test_converse_stream_guardrail_that_flagged_nothing(otel, mode, instrument, call, replay):
    events: list = []
    with replay("converse_stream_guardrail"):
        call.converse_stream(CLAUDE, events, **converse_params(g.SAFE_QUESTION))
    assert ("trace" in events[-1]["metadata"]) == CONVERSE_GUARDRAILS
    attributes = {"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 11}
    if CONVERSE_GUARDRAILS:
        attributes.update({
            "gen_ai.policy.violation": False,  # the guardrail assessed both sides and flagged nothing
            "gen_ai.compliance.request_triggered": False,
            "gen_ai.compliance.response_triggered": False,
            "gen_ai.compliance.violation_detected": False,
        })  # fmt: skip
    want = expected(
        mode, g.SAFE_QUESTION, g.SAFE_ANSWER, END_TURN, attributes, stream=True, guardrail=CONVERSE_GUARDRAILS
    )
    check(otel, mode, want, ("index funds",))
