"""A prompt-injection heuristic: known override phrasing, invisible characters, encoded payloads.

It scores how much a text looks like an attempt to take over the model, in [0, 1]; it is a
cheap first signal for detection rules, not a classifier. Each kind of evidence adds a fixed
weight, capped at 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .detectors import Finding

_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|original)\s+"
    r"(?:instructions?|prompts?|rules?|directions?|messages?|context|guidelines)"
    r"|\b(?:reveal|print|show|repeat|output)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+prompt|initial\s+instructions|hidden\s+instructions)"
    r"|\byou\s+are\s+(?:now\s+)?(?:DAN|in\s+developer\s+mode|no\s+longer\s+bound|free\s+of\s+all\s+restrictions)"
    r"|\bdo\s+anything\s+now\b|\bjailbreak(?:ed)?\b|\bdeveloper\s+mode\s+(?:enabled|on)\b"
    r"|\bnew\s+instructions\s*:|\bpretend\s+(?:that\s+)?you\s+(?:have\s+no|are\s+not\s+bound)",
    re.IGNORECASE,
)
# Zero-width and bidirectional-control characters, and the Unicode tag block used to hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_BASE64_REQUEST = re.compile(
    r"\b(?:decode|base64|b64)\b[^\n]{0,80}?[A-Za-z0-9+/]{40,}={0,2}"
    r"|[A-Za-z0-9+/]{40,}={0,2}[^\n]{0,80}?\b(?:decode|base64|b64)\b",
    re.IGNORECASE,
)
_WEIGHTS = (("instruction_override", _OVERRIDE, 0.6), ("invisible_unicode", _INVISIBLE, 0.4),
            ("encoded_payload", _BASE64_REQUEST, 0.4))  # fmt: skip


class PromptInjectionDetector:
    """One finding per text with any evidence: ``kind`` names the strongest, ``score`` sums the weights."""

    name = "prompt_injection"
    role = "injection"

    def __call__(self, text: str) -> Iterable[Finding]:
        score, kinds, matched = 0.0, [], []  # evidence found so far
        lowered = None
        for kind, pattern, weight in _WEIGHTS:
            if pattern is _BASE64_REQUEST:  # a plain substring test first: the pattern is slow on long text
                lowered = text.lower()
                if "decode" not in lowered and "base64" not in lowered and "b64" not in lowered:
                    continue
            match = pattern.search(text)
            if match is not None:
                score += weight
                kinds.append(kind)
                matched.append(match.group())
        if not kinds:
            return ()
        return (Finding(kinds[0], score=min(score, 1.0), match=" | ".join(matched)),)
