"""The zero-code path: ``opentelemetry-instrument`` adds the task processor by itself.

``opentelemetry-instrument`` configures the SDK first, then loads every ``opentelemetry_instrumentor``
entry point; genotel-crs registers this class there (``genotel_crs``), and "instrumenting" means
adding ``TaskMetadataSpanProcessor`` to the tracer provider just configured. Disable it like any
instrumentor: ``OTEL_PYTHON_DISABLED_INSTRUMENTATIONS=genotel_crs``.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from opentelemetry import trace

from .processor import TaskMetadataSpanProcessor

_logger = logging.getLogger(__name__)


class TaskMetadataInstrumentor:
    """Adds the task processor to the global (or given) SDK tracer provider, once per provider."""

    _added: weakref.WeakKeyDictionary[Any, TaskMetadataSpanProcessor] = weakref.WeakKeyDictionary()

    def instrument(self, tracer_provider: Any = None, **_: Any) -> None:
        provider = tracer_provider or trace.get_tracer_provider()
        if not hasattr(provider, "add_span_processor"):
            _logger.debug("genotel.crs: %r takes no span processor; task metadata not stamped", provider)
            return
        if provider not in self._added:
            self._added[provider] = processor = TaskMetadataSpanProcessor()
            provider.add_span_processor(processor)

    def uninstrument(self, **_: Any) -> None:
        """The SDK cannot remove a span processor: the one added stays, as for every provider."""
