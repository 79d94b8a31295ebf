"""Local detectors: what genotel can find in a call's text in-process, whatever the provider said.

A detector is any callable taking one text and returning findings (``Detector``); the built-in
ones are regular expressions compiled once. Findings carry the matched text only so that it can
be recorded with content capture on; with it off, only their names and counts leave the process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a detector found in one text.

    ``kind`` names it (a pattern's name, ``email``, ``aws_access_key``); ``score`` in [0, 1] when
    the detector grades rather than matches; ``match`` is the text found (content: recorded only
    with capture on).
    """

    kind: str
    score: float | None = None
    match: str | None = None


@runtime_checkable
class Detector(Protocol):
    """A callable from one text (a prompt or a completion) to what it found there."""

    def __call__(self, text: str) -> Iterable[Finding]: ...


class RegexDetector:
    """Named patterns of the user's own: each match is a finding named after its pattern.

    Recorded as ``gen_ai.security.regex_pattern_count`` (matches) and ``gen_ai.policy.name``
    (the names that matched).
    """

    name = "regex"
    role = "regex"

    def __init__(self, patterns: Mapping[str, str | re.Pattern[str]]) -> None:
        if not isinstance(patterns, Mapping) or not patterns:
            raise ValueError("RegexDetector needs a non-empty mapping of names to patterns")
        try:
            self.patterns = tuple((str(name), re.compile(pattern)) for name, pattern in patterns.items())
        except (re.error, TypeError) as error:
            raise ValueError(f"RegexDetector: invalid pattern: {error}") from None

    def __call__(self, text: str) -> Iterable[Finding]:
        return [
            Finding(name, match=match.group()) for name, pattern in self.patterns for match in pattern.finditer(text)
        ]


class _PatternDetector:
    """A table of (kind, pattern), one scan per kind.

    A kind with ``_markers`` (substrings every match contains) is scanned only in texts holding
    one: a plain ``in`` test is far cheaper than a regular expression tried at every position.
    """

    name = "patterns"
    role = "compliance"
    _table: tuple[tuple[str, str], ...] = ()
    _markers: dict[str, tuple[str, ...]] = {}

    def __init__(self) -> None:
        self._patterns = tuple(
            (kind, re.compile(pattern), self._markers.get(kind, ())) for kind, pattern in self._table
        )

    def __call__(self, text: str) -> Iterable[Finding]:
        found: list[Finding] = []
        for kind, pattern, markers in self._patterns:
            if markers and not any(marker in text for marker in markers):
                continue
            found.extend(Finding(kind, match=match.group()) for match in pattern.finditer(text))
        return found


class SecretsDetector(_PatternDetector):
    """Credentials pasted into prompts or leaked in completions: cloud keys, private keys, API tokens."""

    name = "secrets"
    _table = (
        ("private_key", r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
        ("aws_access_key", r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"),
        ("gcp_api_key", r"\bAIza[0-9A-Za-z_\-]{35}\b"),
        ("azure_storage_key", r"AccountKey=[0-9A-Za-z+/]{86}=="),
        ("github_token", r"\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b|\bgithub_pat_[0-9A-Za-z_]{82}\b"),
        ("slack_token", r"\bxox[abposr]-[0-9A-Za-z\-]{10,}"),
        ("stripe_key", r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,}\b"),
        ("anthropic_api_key", r"\bsk-ant-[0-9A-Za-z_\-]{32,}"),
        ("openai_api_key", r"\bsk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_\-]{32,}"),
        ("google_oauth_token", r"\bya29\.[0-9A-Za-z_\-]{20,}"),
        ("jwt", r"\beyJ[0-9A-Za-z_\-]{8,}\.eyJ[0-9A-Za-z_\-]{8,}\.[0-9A-Za-z_\-]{8,}"),
        ("bearer_token", r"\b[Bb]earer\s+[0-9A-Za-z_\-.=~+/]{20,}"),
    )
    _markers = {
        "private_key": ("PRIVATE KEY",), "aws_access_key": ("AKIA", "ASIA", "ABIA", "ACCA"), "gcp_api_key": ("AIza",),
        "azure_storage_key": ("AccountKey=",), "github_token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        "slack_token": ("xox",), "stripe_key": ("_live_", "_test_"), "anthropic_api_key": ("sk-ant-",),
        "openai_api_key": ("sk-",), "google_oauth_token": ("ya29.",), "jwt": ("eyJ",), "bearer_token": ("earer",),
    }  # fmt: skip


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
# Runs of digits with their separators: cards and phone numbers are looked for only inside them.
_NUMBERS = re.compile(r"[0-9][0-9 ().\-]{6,}[0-9]")
_CARD_OR_PHONE = re.compile(
    r"(?P<payment_card>\b(?:\d[ \-]?){12,18}\d\b)"
    r"|(?P<phone>(?<![\w+])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,4}\)[ .\-]?|\d{2,4}[ .\-])\d{3,4}[ .\-]\d{3,4}\b)"
)


class PIIDetector:
    """Personal data: e-mail addresses, phone numbers, payment cards (Luhn-checked) and IBANs (mod-97-checked).

    Each pattern starts with a character class, so the regular expression engine skips ahead to
    where a match can begin; cards and phone numbers are only looked for in runs of digits, and
    never inside an IBAN (whose digit groups also look like a phone number).
    """

    name = "pii"
    role = "compliance"

    def __call__(self, text: str) -> Iterable[Finding]:
        found: list[Finding] = []
        if "@" in text:
            found.extend(Finding("email", match=match.group()) for match in _EMAIL.finditer(text))
        ibans = []
        for match in _IBAN.finditer(text):
            begin = match.start()
            if begin and text[begin - 1].isalnum():
                continue
            ibans.append(match.span())  # IBAN-shaped, valid or not: its digits are not a card or a phone
            if iban_valid(match.group().replace(" ", "")):
                found.append(Finding("iban", match=match.group()))
        searched = 0
        for run in _NUMBERS.finditer(text):
            begin, end = max(run.start() - 5, searched), run.end()  # room for "+44 " or "(" before the digits
            searched = end
            if any(begin < iban_end and iban_begin < end for iban_begin, iban_end in ibans):
                continue
            for match in _CARD_OR_PHONE.finditer(text, begin, end):
                kind, value = match.lastgroup, match.group()
                if kind == "payment_card":
                    valid = luhn_valid(re.sub(r"\D", "", value))
                else:
                    valid = 8 <= sum(char.isdigit() for char in value) <= 15
                if valid and kind is not None:
                    found.append(Finding(kind, match=value))
        return found


def luhn_valid(digits: str) -> bool:
    """The payment-card checksum: a random 16-digit number passes it one time in ten."""
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616: the country code and check digits moved to the end, letters as numbers, mod 97 is 1."""
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1
