"""What OpenAI and Azure OpenAI responses say about safety, as ``Safety`` records (the core maps them).

OpenAI: a refusal (``message.refusal``, a Responses ``refusal`` part) and the ``content_filter``
finish reason. Azure adds its content filters' verdicts, for the prompt
(``prompt_filter_results[].content_filter_results``) and per choice (``content_filter_results``):
harm categories with ``filtered``/``severity``, attack detectors (``jailbreak``,
``indirect_attack``) and other annotations with ``filtered``/``detected``. A prompt the filters
block is a 400 ``content_filter`` error whose ``innererror`` holds the same verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..convert import field
from ..model import Safety, SafetyFinding

_THREATS = frozenset({"jailbreak", "indirect_attack"})
CONTENT_FILTER = "content_filter"
REFUSAL = "refusal"
_MISSING = object()


def extra(obj: Any, name: str) -> Any:
    """A field the SDK's model does not declare (Azure's filter results): from a dict, or the model's extras."""
    if isinstance(obj, dict):
        return obj.get(name)
    extras: Any = getattr(obj, "__pydantic_extra__", _MISSING)
    if extras is _MISSING:
        return getattr(obj, name, None)
    return extras.get(name) if extras else None


def add_filter_results(safety: Safety, results: Any, stage: str) -> None:
    """Azure's verdicts for one prompt or choice: each filtered or detected one is a finding."""
    if not isinstance(results, Mapping) or not results:
        return
    safety.assessed.add(stage)
    for name, verdict in results.items():
        if not isinstance(verdict, Mapping):
            continue
        filtered = verdict.get("filtered") is True
        flagged = filtered or verdict.get("detected") is True
        if name in _THREATS:
            safety.assessed.add("threat")
        if not flagged:
            continue
        action = CONTENT_FILTER if filtered else None
        if name in _THREATS:
            finding = SafetyFinding(stage, action=action, threat=name)
        else:
            finding = SafetyFinding(stage, action=action, code=name, confidence=verdict.get("severity"))
        if finding not in safety.findings:  # a stream repeats its verdicts chunk after chunk
            safety.findings.append(finding)


def add_prompt_filters(safety: Safety, prompt_filter_results: Any) -> None:
    for prompt in prompt_filter_results or ():
        if isinstance(prompt, Mapping):
            add_filter_results(safety, prompt.get("content_filter_results"), "request")


def chat_safety(completion: Any, choices: Any) -> Safety | None:
    """A chat completion's signals: refusals and content-filter finishes per choice, Azure's filters.

    Nothing is allocated for the usual completion that carries none of them.
    """
    safety = None
    prompt_filters = extra(completion, "prompt_filter_results")
    if prompt_filters:
        safety = Safety()
        add_prompt_filters(safety, prompt_filters)
    for choice in choices:
        refused = bool(field(field(choice, "message"), "refusal"))
        reason = field(choice, "finish_reason")
        filters = extra(choice, "content_filter_results")
        if refused or reason == CONTENT_FILTER or filters:
            safety = safety or Safety()
            add_choice_signals(safety, refused, reason, filters)
    return safety if safety is not None and (safety.findings or safety.assessed) else None


def add_choice_signals(safety: Safety, refused: bool, finish_reason: Any, filter_results: Any) -> None:
    if refused:
        safety.findings.append(SafetyFinding("response", action=REFUSAL))
    if finish_reason == CONTENT_FILTER:
        safety.findings.append(SafetyFinding("response", action=CONTENT_FILTER))
    if filter_results:
        add_filter_results(safety, filter_results, "response")


def error_safety(body: Any) -> Safety | None:
    """Azure's 400 ``content_filter`` error: the prompt was blocked; ``innererror`` says by which filters.

    Both spellings of the verdicts' key are accepted (``content_filter_result`` in the REST
    reference, ``content_filter_results`` in some API versions).
    """
    if not isinstance(body, Mapping) or body.get("code") != CONTENT_FILTER:
        return None
    stage = "response" if body.get("param") == "response" else "request"
    safety = Safety(findings=[SafetyFinding(stage, action=CONTENT_FILTER)])
    inner = body.get("innererror")
    if isinstance(inner, Mapping):
        results = inner.get("content_filter_result") or inner.get("content_filter_results")
        add_filter_results(safety, results, stage)
    return safety


def responses_safety(response: Any, refused: bool) -> Safety | None:
    """The Responses API: a ``refusal`` output part, or ``incomplete_details.reason`` ``content_filter``."""
    reason = field(field(response, "incomplete_details"), "reason")
    if not refused and reason != CONTENT_FILTER:
        return None
    safety = Safety()
    if refused:
        safety.findings.append(SafetyFinding("response", action=REFUSAL))
    if reason == CONTENT_FILTER:
        safety.findings.append(SafetyFinding("response", action=CONTENT_FILTER))
    return safety
