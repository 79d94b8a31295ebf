"""The built-in detectors by the names the environment uses (``GENOTEL_SECURITY_DETECTORS``)."""

from __future__ import annotations

from typing import Any

from .detectors import PIIDetector, SecretsDetector
from .injection import PromptInjectionDetector

_BUILT_IN = {"secrets": SecretsDetector, "pii": PIIDetector, "prompt_injection": PromptInjectionDetector}


def detector_named(name: str) -> Any:
    """A new built-in detector of that name, or None (``regex`` needs patterns: only in code)."""
    factory = _BUILT_IN.get(name.strip().lower())
    return None if factory is None else factory()
