"""The one mapper from what providers' safety systems said (``Response.safety``) to span attributes.

Adapters only report the provider's own values (``genotel.core.model.Safety``); this module
names them, the same way for every provider. Multi-valued fields are string arrays, kept in
the order the provider reported them, each value once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Safety
from . import names as n


def safety_attributes(safety: Safety, capture: bool) -> dict[str, Any]:
    """The security attributes of one call; ``detail`` texts only when content is captured."""
    findings = safety.findings
    flagged = [finding for finding in findings if finding.flagged]
    attributes: dict[str, Any] = {}
    if safety.guardrail_id:
        attributes[n.GUARDRAIL_ID] = safety.guardrail_id
    attributes[n.POLICY_VIOLATION] = bool(flagged)
    _put(attributes, n.POLICY_ACTION, (finding.action for finding in flagged))
    _put(attributes, n.POLICY_NAME, (finding.policy for finding in flagged))
    _put(attributes, n.POLICY_CONFIDENCE, (finding.confidence for finding in flagged))
    codes = _unique(finding.code for finding in flagged)
    assessed = safety.assessed
    if assessed or codes:
        # What the provider acted on or classified; a local policy pattern's match is not a compliance trigger.
        stages = {finding.stage for finding in flagged if finding.code or finding.threat or finding.action}
        if n.REQUEST in assessed or n.REQUEST in stages:
            attributes[n.COMPLIANCE_REQUEST_TRIGGERED] = n.REQUEST in stages
        if n.RESPONSE in assessed or n.RESPONSE in stages:
            attributes[n.COMPLIANCE_RESPONSE_TRIGGERED] = n.RESPONSE in stages
        attributes[n.COMPLIANCE_VIOLATION_DETECTED] = bool(codes)
        if codes:
            attributes[n.COMPLIANCE_VIOLATION_CODE] = codes
    threats = _unique(finding.threat for finding in flagged)
    if threats or n.THREAT in assessed:
        attributes[n.THREAT_DETECTED] = bool(threats)
        if threats:
            attributes[n.THREAT_TYPE] = threats
    _put(attributes, n.THREAT_CATEGORY, (finding.category for finding in flagged))
    if capture:
        _put(attributes, n.POLICY_MATCH_DETAIL, (finding.detail for finding in flagged))
    return attributes


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _put(attributes: dict[str, Any], key: str, values: Iterable[str | None]) -> None:
    found = _unique(values)
    if found:
        attributes[key] = found
