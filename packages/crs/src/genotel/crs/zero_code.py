"""The zero-code path: ``opentelemetry-instrument`` adds the task processor by itself.

``opentelemetry-instrument`` configures the SDK, loads the instrumentors, then calls every
``opentelemetry_post_instrument`` entry point; genotel-crs registers ``add_task_processor`` there
(``genotel_crs``), which adds ``TaskMetadataSpanProcessor`` to the tracer provider just configured.
It is a hook, not an instrumentor (it patches nothing), but it honours the instrumentors' opt-out:
``OTEL_PYTHON_DISABLED_INSTRUMENTATIONS=genotel_crs``.
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

from opentelemetry import trace

from .processor import TaskMetadataSpanProcessor

ENTRY_POINT = "genotel_crs"
_logger = logging.getLogger(__name__)
_added: weakref.WeakKeyDictionary[Any, TaskMetadataSpanProcessor] = weakref.WeakKeyDictionary()


def add_task_processor(tracer_provider: Any = None) -> TaskMetadataSpanProcessor | None:
    """Add the task processor to ``tracer_provider`` (default: the global one), once per provider."""
    disabled = {name.strip() for name in os.environ.get("OTEL_PYTHON_DISABLED_INSTRUMENTATIONS", "").split(",")}
    if ENTRY_POINT in disabled or "*" in disabled:
        return None
    provider = tracer_provider or trace.get_tracer_provider()
    if not hasattr(provider, "add_span_processor"):
        _logger.debug("genotel.crs: %r takes no span processor; task metadata not stamped", provider)
        return None
    if provider not in _added:
        _added[provider] = processor = TaskMetadataSpanProcessor()
        provider.add_span_processor(processor)
    return _added[provider]
