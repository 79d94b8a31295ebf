"""``GenAIInstrumentor``: the base every provider instrumentor is, over a patch table."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import fields
from typing import Any

from opentelemetry.instrumentation.dependencies import DependencyConflict, get_dependency_conflicts
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor  # type: ignore[attr-defined]

from .config import Config
from .invocation import Telemetry
from .patching import Endpoint, Patch, Revertible, apply, revert

logger = logging.getLogger("genotel")

# What instrument() understands: the configuration, and what BaseInstrumentor itself takes.
_KNOWN_OPTIONS = frozenset(field.name for field in fields(Config)) | {"skip_dep_check", "raise_exception_on_conflict"}


class GenAIInstrumentor(BaseInstrumentor):  # type: ignore[misc]
    """Subclasses name their SDK requirement, scope and endpoints; everything else is here.

    ``instrument()`` accepts ``use_legacy_attributes``, ``capture_content``, ``semconv``,
    ``max_content_length``, ``detectors``, ``detector_budget_ms`` and the three providers, over the
    environment (see the README).
    """

    instruments: Collection[str] = ()
    # SDKs of which any one is enough (the ``instruments-any`` extra): one instrumentor for two SDKs.
    instruments_any: Collection[str] = ()
    scope: str = "genotel"
    version: str = "0.0.0"

    def endpoints(self) -> Iterable[Endpoint]:
        raise NotImplementedError

    def instrumentation_dependencies(self) -> Collection[str]:
        return (*self.instruments, *self.instruments_any)

    def _check_dependency_conflicts(self) -> DependencyConflict | None:
        """All of ``instruments`` and one of ``instruments_any``, as ``opentelemetry-instrument`` checks the extras."""
        return get_dependency_conflicts(self.instruments, self.instruments_any or None)

    def _instrument(self, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - _KNOWN_OPTIONS)
        if unknown:
            logger.warning("genotel: %s.instrument() ignores unknown options: %s", type(self).__name__, unknown)
        config = Config.resolve(kwargs)
        self._genotel_telemetry = Telemetry(config, self.scope, self.version)
        patches: list[Revertible] = []
        self._genotel_patches = patches
        try:
            # The SDK patches come with the first method wrapped: when the SDK is imported, not before.
            apply(self.endpoints(), self._genotel_telemetry, patches, first=self.sdk_patches)
        except Exception:
            # An SDK internal moved: leave the SDK exactly as it was rather than half instrumented.
            logger.warning("genotel: %s could not instrument this SDK version", type(self).__name__, exc_info=True)
            revert(patches)
            patches.clear()

    def _uninstrument(self, **kwargs: Any) -> None:
        revert(getattr(self, "_genotel_patches", ()))
        self._genotel_patches = []
        telemetry = getattr(self, "_genotel_telemetry", None)
        if telemetry is not None:
            telemetry.active = False  # wrappers the SDK kept beyond the patched attributes go inert

    def sdk_patches(self) -> Iterable[Patch]:
        """Other SDK changes, made with the first SDK method wrapped and undone at ``uninstrument()``.

        For instance, keeping an SDK's own tracing from adding a second span to the calls
        genotel traces (see :func:`genotel.core.override` and :func:`genotel.core.in_genai_call`).
        """
        return ()
