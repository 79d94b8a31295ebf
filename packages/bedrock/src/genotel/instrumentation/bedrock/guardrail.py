"""Bedrock Guardrails' verdicts as ``Safety`` records, with the names Elastic's Bedrock integration uses.

InvokeModel bodies carry ``amazon-bedrock-guardrailAction`` (``INTERVENED``/``NONE``) and, with
trace enabled, ``amazon-bedrock-trace.guardrail`` (``input``: guardrail id -> assessment;
``outputs``: a list of those). Converse says ``stopReason: guardrail_intervened`` and, with trace
enabled, ``trace.guardrail`` (``inputAssessment``, ``outputAssessments``). Each assessment holds
one block per policy type; each entry that acted (or detected) is a finding named after its policy.
Matched words, PII and regex matches are ``detail``: recorded only with content capture on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from genotel.core.model import Request, Safety, SafetyFinding

GUARDRAIL_ID = "aws.bedrock.guardrail.id"
ACTION_KEY = "amazon-bedrock-guardrailAction"
TRACE_KEY = "amazon-bedrock-trace"
INTERVENED = "INTERVENED"
_STOPS = frozenset({"guardrail_intervened", "content_filtered"})
PROMPT_ATTACK = "PROMPT_ATTACK"

# (assessment key, entry list key, policy name, the entry's code key, its detail key)
_POLICIES = (
    ("topicPolicy", "topics", "topic_policy", "name", None),
    ("contentPolicy", "filters", "content_policy", "type", None),
    ("wordPolicy", "customWords", "word_policy", None, "match"),
    ("wordPolicy", "managedWordLists", "word_policy", "type", "match"),
    ("sensitiveInformationPolicy", "piiEntities", "sensitive_information_policy", "type", "match"),
    ("sensitiveInformationPolicy", "regexes", "sensitive_information_policy", "name", "match"),
    ("contextualGroundingPolicy", "filters", "contextual_grounding_policy", "type", None),
)


def set_guardrail_id(request: Request, params: Mapping[str, Any]) -> None:
    """``guardrailIdentifier`` (InvokeModel) or ``guardrailConfig.guardrailIdentifier`` (Converse), at start."""
    identifier = params.get("guardrailIdentifier")
    if identifier is None:
        config = params.get("guardrailConfig")
        identifier = config.get("guardrailIdentifier") if isinstance(config, Mapping) else None
    if isinstance(identifier, str) and identifier:
        request.attributes[GUARDRAIL_ID] = identifier


def invoke_safety(action: Any, trace: Any) -> Safety | None:
    """An invoke body's guardrail action and trace; None when the body says nothing of a guardrail."""
    if action is None and trace is None:
        return None
    safety = Safety(assessed={"request", "response"})
    guardrail = trace.get("guardrail") if isinstance(trace, Mapping) else None
    if isinstance(guardrail, Mapping):
        _assessments(safety, "request", [guardrail.get("input")])
        _assessments(safety, "response", guardrail.get("outputs") or ())
    if action == INTERVENED:
        _intervened(safety, action)
    return safety


def converse_safety(stop_reason: Any, trace: Any) -> Safety | None:
    """Converse's stop reason and ``trace.guardrail``; None when neither says anything of a guardrail."""
    guardrail = trace.get("guardrail") if isinstance(trace, Mapping) else None
    intervened = stop_reason in _STOPS
    if not intervened and not isinstance(guardrail, Mapping):
        return None
    safety = Safety(assessed={"request", "response"} if isinstance(guardrail, Mapping) else set())
    if isinstance(guardrail, Mapping):
        _assessments(safety, "request", [guardrail.get("inputAssessment")])
        outputs = guardrail.get("outputAssessments")
        if isinstance(outputs, Mapping):
            _assessments(safety, "response", [{key: item} for key, items in outputs.items() for item in items or ()])
    if intervened:
        _intervened(safety, stop_reason)
    return safety


def _intervened(safety: Safety, action: str) -> None:
    """The intervention itself, at the stage its assessments flagged (the prompt first), else the response."""
    stage = next((finding.stage for finding in safety.findings if finding.stage == "request"), "response")
    safety.findings.insert(0, SafetyFinding(stage, action=action))


def _assessments(safety: Safety, stage: str, by_guardrail: Any) -> None:
    """Each ``{guardrail id: assessment}`` mapping's flagged entries, in policy order."""
    for mapping in by_guardrail:
        if not isinstance(mapping, Mapping):
            continue
        for assessment in mapping.values():
            if isinstance(assessment, Mapping):
                _assessment(safety, stage, assessment)


def _assessment(safety: Safety, stage: str, assessment: Mapping[str, Any]) -> None:
    for block_key, list_key, policy, code_key, detail_key in _POLICIES:
        block = assessment.get(block_key)
        if not isinstance(block, Mapping):
            continue
        for entry in block.get(list_key) or ():
            if not isinstance(entry, Mapping):
                continue
            action = entry.get("action")
            acted = isinstance(action, str) and action != "NONE"
            if not acted and entry.get("detected") is not True:
                continue
            code = entry.get(code_key) if code_key else "CUSTOM_WORDS"
            confidence = entry.get("confidence")
            if confidence is None and "score" in entry:
                confidence = str(entry["score"])
            safety.findings.append(
                SafetyFinding(
                    stage,
                    action=action if acted else None,
                    policy=policy,
                    code=code,
                    confidence=confidence,
                    threat=PROMPT_ATTACK if code == PROMPT_ATTACK else None,
                    detail=entry.get(detail_key) if detail_key else None,
                )
            )
