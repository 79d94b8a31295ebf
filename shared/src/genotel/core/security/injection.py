"""A prompt-injection heuristic: known override phrasing, invisible characters, encoded payloads.

It scores how much a text looks like an attempt to take over the model, in [0, 1]; it is a
cheap first signal for detection rules, not a classifier. Each kind of evidence adds a fixed
weight, capped at 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .detectors import Finding

# Instruction-override phrasing, tried only where one of its first words occurs (see _override).
_OVERRIDE = re.compile(
    r"(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+)*"
    r"(?:previous|prior|above|earlier|preceding|system|original)\s+"
    r"(?:instructions?|prompts?|rules?|directions?|messages?|context|guidelines)"
    r"|(?:reveal|print|show|repeat|output)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+prompt|initial\s+instructions|hidden\s+instructions)"
    r"|you\s+are\s+(?:now\s+)?(?:DAN|in\s+developer\s+mode|no\s+longer\s+bound|free\s+of\s+all\s+restrictions)"
    r"|do\s+anything\s+now\b|jailbreak(?:ed)?\b|developer\s+mode\s+(?:enabled|on)\b"
    r"|new\s+instructions\s*:|pretend\s+(?:that\s+)?you\s+(?:have\s+no|are\s+not\s+bound)",
    re.IGNORECASE,
)
_OVERRIDE_ANYWHERE = re.compile(rf"\b(?:{_OVERRIDE.pattern})", re.IGNORECASE)
_OVERRIDE_WORDS = ("ignore", "disregard", "forget", "override", "bypass", "reveal", "print", "show", "repeat",
                   "output", "you", "do", "jailbreak", "developer", "new", "pretend")  # fmt: skip


def _override(text: str, lowered: str) -> re.Match[str] | None:
    """The first override phrase: ``str.find`` for each first word, the pattern only where one starts a word.

    A regular expression starting with an alternation of words would be tried at every position.
    """
    if len(lowered) != len(text):  # lower-casing changed lengths (rare letters): positions would not line up
        return _OVERRIDE_ANYWHERE.search(text)
    best: re.Match[str] | None = None
    for word in _OVERRIDE_WORDS:
        index = lowered.find(word)
        while index != -1 and (best is None or index < best.start()):
            if index == 0 or not lowered[index - 1].isalnum():
                match = _OVERRIDE.match(text, index)
                if match is not None:
                    best = match
                    break
            index = lowered.find(word, index + 1)
    return best


# Zero-width and bidirectional-control characters, and the Unicode tag block used to hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_BASE64_REQUEST = re.compile(
    r"\b(?:decode|base64|b64)\b[^\n]{0,80}?[A-Za-z0-9+/]{40,}={0,2}"
    r"|[A-Za-z0-9+/]{40,}={0,2}[^\n]{0,80}?\b(?:decode|base64|b64)\b",
    re.IGNORECASE,
)
# (kind, pattern, weight, words one of which every match holds: a cheap substring test before the pattern)
_EVIDENCE = (
    ("invisible_unicode", _INVISIBLE, 0.4, ()),
    ("encoded_payload", _BASE64_REQUEST, 0.4, ("decode", "base64", "b64")),
)


class PromptInjectionDetector:
    """One finding per text with any evidence: ``kind`` names the strongest, ``score`` sums the weights
    (instruction override 0.6, invisible characters 0.4, an encoded payload to decode 0.4)."""

    name = "prompt_injection"
    role = "injection"

    def __call__(self, text: str) -> Iterable[Finding]:
        lowered = text.lower()
        score, kinds, matched = 0.0, [], []  # evidence found so far
        override = _override(text, lowered)
        if override is not None:
            score, kinds, matched = 0.6, ["instruction_override"], [override.group()]
        for kind, pattern, weight, words in _EVIDENCE:
            if words and not any(word in lowered for word in words):
                continue
            match = pattern.search(text)
            if match is not None:
                score += weight
                kinds.append(kind)
                matched.append(match.group())
        if not kinds:
            return ()
        return (Finding(kinds[0], score=min(score, 1.0), match=" | ".join(matched)),)
