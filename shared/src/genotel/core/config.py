"""One frozen configuration, resolved once at ``instrument()``: kwargs > environment > defaults."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

ENV_USE_LEGACY_ATTRIBUTES = "GENOTEL_USE_LEGACY_ATTRIBUTES"
ENV_CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
ENV_SEMCONV_OPT_IN = "OTEL_SEMCONV_STABILITY_OPT_IN"
ENV_MAX_CONTENT_LENGTH = "GENOTEL_MAX_CONTENT_LENGTH"
ENV_SECURITY_DETECTORS = "GENOTEL_SECURITY_DETECTORS"
ENV_DETECTOR_BUDGET_MS = "GENOTEL_SECURITY_DETECTOR_BUDGET_MS"
DEFAULT_DETECTOR_BUDGET_MS = 20
LATEST_OPT_IN = "gen_ai_latest_experimental"

SEMCONV_1_36 = "1.36"
SEMCONV_LATEST = "latest"

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
# Values the official instrumentations accept for the capture variable; anything that
# names a destination means "capture".
_CAPTURE_COMPAT = {"no_content": False, "span_only": True, "event_only": True, "span_and_event": True}


class ConfigError(ValueError):
    """An ``instrument()`` argument has a value genotel cannot use."""


@dataclass(frozen=True, slots=True)
class Config:
    use_legacy_attributes: bool = True
    capture_content: bool = False
    semconv: str = SEMCONV_1_36
    max_content_length: int | None = None
    detectors: tuple[Any, ...] | None = None  # local detectors run on every call's text (opt-in)
    detector_budget_ms: int = DEFAULT_DETECTOR_BUDGET_MS  # per call, for all detectors together
    tracer_provider: Any = None
    meter_provider: Any = None
    logger_provider: Any = None

    @classmethod
    def resolve(cls, kwargs: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Config:
        """Merge ``instrument()`` kwargs over the environment over the defaults."""
        env = os.environ if environ is None else environ
        legacy = kwargs.get("use_legacy_attributes")
        capture = kwargs.get("capture_content")
        semconv = kwargs.get("semconv")
        limit = kwargs.get("max_content_length")
        detectors = kwargs.get("detectors")
        budget = kwargs.get("detector_budget_ms")
        return cls(
            use_legacy_attributes=_bool_arg("use_legacy_attributes", legacy)
            if legacy is not None
            else _env_bool(env, ENV_USE_LEGACY_ATTRIBUTES, default=True),
            capture_content=_bool_arg("capture_content", capture) if capture is not None else _env_capture(env),
            semconv=_semconv_arg(semconv) if semconv is not None else _env_semconv(env),
            max_content_length=_limit_arg(limit) if limit is not None else _env_limit(env),
            detectors=_detectors_arg(detectors) if detectors is not None else _env_detectors(env),
            detector_budget_ms=_limit_arg(budget, "detector_budget_ms")
            if budget is not None
            else _env_limit(env, ENV_DETECTOR_BUDGET_MS) or DEFAULT_DETECTOR_BUDGET_MS,
            tracer_provider=kwargs.get("tracer_provider"),
            meter_provider=kwargs.get("meter_provider"),
            logger_provider=kwargs.get("logger_provider"),
        )


def _bool_arg(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigError(f"{name} must be True or False, not {value!r}")


def _semconv_arg(value: Any) -> str:
    if value in (SEMCONV_1_36, SEMCONV_LATEST):
        return value
    raise ConfigError(f"semconv must be {SEMCONV_1_36!r} or {SEMCONV_LATEST!r}, not {value!r}")


def _limit_arg(value: Any, name: str = "max_content_length") -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ConfigError(f"{name} must be a positive integer, not {value!r}")


def _detectors_arg(value: Any) -> tuple[Any, ...] | None:
    """A list of detectors: callables, or the names of the built-in ones."""
    from .security.builtin import detector_named

    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ConfigError(f"detectors must be a list of detectors, not {value!r}")
    detectors = []
    for item in value:
        if isinstance(item, str):
            found = detector_named(item)
            if found is None:
                raise ConfigError(f"detectors: unknown built-in detector {item!r}")
            item = found
        if not callable(item):
            raise ConfigError(f"detectors: {item!r} is not callable")
        detectors.append(item)
    return tuple(detectors) or None


def _env_detectors(env: Mapping[str, str]) -> tuple[Any, ...] | None:
    from .security.builtin import detector_named

    raw = env.get(ENV_SECURITY_DETECTORS)
    if raw is None or not raw.strip():
        return None
    detectors = []
    for name in (item.strip() for item in raw.split(",")):
        if not name:
            continue
        found = detector_named(name)
        if found is None:
            logger.warning("genotel: ignoring unknown detector %r in %s", name, ENV_SECURITY_DETECTORS)
        else:
            detectors.append(found)
    return tuple(detectors) or None


def _env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    logger.warning("genotel: ignoring %s=%r (expected true or false)", name, raw)
    return default


def _env_capture(env: Mapping[str, str]) -> bool:
    raw = env.get(ENV_CAPTURE_CONTENT)
    if raw is None or not raw.strip():
        return False
    value = raw.strip().lower()
    if value in ("true", "false"):
        return value == "true"
    if value in _CAPTURE_COMPAT:
        return _CAPTURE_COMPAT[value]
    logger.warning("genotel: unknown %s=%r; content capture stays off (use true or false)", ENV_CAPTURE_CONTENT, raw)
    return False


def _env_semconv(env: Mapping[str, str]) -> str:
    opt_ins = {item.strip() for item in env.get(ENV_SEMCONV_OPT_IN, "").split(",")}
    return SEMCONV_LATEST if LATEST_OPT_IN in opt_ins else SEMCONV_1_36


def _env_limit(env: Mapping[str, str], name: str = ENV_MAX_CONTENT_LENGTH) -> int | None:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value > 0:
        return value
    logger.warning("genotel: ignoring %s=%r (expected a positive integer)", name, raw)
    return None
