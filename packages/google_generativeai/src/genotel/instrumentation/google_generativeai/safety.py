"""Gemini's safety signals as ``Safety`` records: a blocked prompt, a candidate stopped for safety.

A prompt the API blocks is an HTTP 200 without candidates whose ``promptFeedback.blockReason``
says why; a candidate stopped by a safety system has a ``finishReason`` such as ``SAFETY`` or
``SPII``. Either way the ``safetyRatings`` marked ``blocked`` name the categories, with their
probability. Ratings of content nothing blocked are on every response: not recorded.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from genotel.core.model import Safety, SafetyFinding

# Candidate finish reasons that mean a safety or policy system stopped the output.
SAFETY_FINISHES = frozenset({
    "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "RECITATION",
    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
})  # fmt: skip
_BLOCKING = frozenset({"MEDIUM", "HIGH"})
_UNSET = frozenset({"", "BLOCK_REASON_UNSPECIFIED", "HARM_CATEGORY_UNSPECIFIED", "HARM_PROBABILITY_UNSPECIFIED"})


def get(obj: Any, name: str, camel: str) -> Any:
    return obj.get(name, obj.get(camel)) if isinstance(obj, dict) else getattr(obj, name, None)


def enum_name(value: Any) -> str | None:
    """An API enum as the wire names it, from an SDK enum, a proto int enum or a string."""
    if value is None:
        return None
    name = value.name if isinstance(value, Enum) else value
    name = name if isinstance(name, str) else str(value)
    return None if name in _UNSET else name


def prompt_findings(feedback: Any) -> list[SafetyFinding]:
    """``promptFeedback``: a finding when it carries a block reason (the prompt was blocked)."""
    reason = enum_name(get(feedback, "block_reason", "blockReason")) if feedback is not None else None
    if reason is None:
        return []
    return _blocked("request", reason, get(feedback, "safety_ratings", "safetyRatings"))


def candidate_findings(finish_reason: str | None, candidate: Any) -> list[SafetyFinding]:
    """A candidate that ended for safety (``finish_reason`` as converted), with its blocked ratings."""
    if finish_reason not in SAFETY_FINISHES:
        return []
    return _blocked("response", finish_reason, get(candidate, "safety_ratings", "safetyRatings"))


def _blocked(stage: str, action: str, ratings: Any) -> list[SafetyFinding]:
    """The block itself, and the categories behind it: the ratings marked ``blocked``, or where none is
    (prompt feedback usually marks none), the ratings the API graded ``MEDIUM`` or ``HIGH``."""
    findings = [SafetyFinding(stage, action=action)]
    rated = [
        (get(rating, "blocked", "blocked") is True, enum_name(get(rating, "category", "category")),
         enum_name(get(rating, "probability", "probability")))
        for rating in ratings or ()
    ]  # fmt: skip
    marked = [(category, probability) for blocked, category, probability in rated if blocked]
    if not marked:
        marked = [(category, probability) for _, category, probability in rated if probability in _BLOCKING]
    findings.extend(SafetyFinding(stage, action=action, code=code, confidence=grade) for code, grade in marked)
    return findings


def safety_of(findings: list[SafetyFinding]) -> Safety | None:
    if not findings:
        return None
    return Safety(findings, {finding.stage for finding in findings})
