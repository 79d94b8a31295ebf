"""Security and policy telemetry: providers' safety signals mapped to one field set, and local detectors.

``signals.safety_attributes`` maps what the adapters report (``Response.safety``); the detectors
here run in-process when ``instrument(detectors=[...])`` (or ``GENOTEL_SECURITY_DETECTORS``)
asks for them. See docs/telemetry.md, section "Security and policy".
"""

from __future__ import annotations

from .detectors import Detector, Finding, PIIDetector, RegexDetector, SecretsDetector
from .injection import PromptInjectionDetector
from .signals import safety_attributes

__all__ = [
    "Detector",
    "Finding",
    "PIIDetector",
    "PromptInjectionDetector",
    "RegexDetector",
    "SecretsDetector",
    "safety_attributes",
]
