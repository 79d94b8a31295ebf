"""``GenAIInstrumentor``: the base every provider instrumentor is, over a patch table."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from opentelemetry.instrumentation.instrumentor import BaseInstrumentor  # type: ignore[attr-defined]

from .config import Config
from .invocation import Telemetry
from .patching import Endpoint, Patch, apply, revert


class GenAIInstrumentor(BaseInstrumentor):  # type: ignore[misc]
    """Subclasses name their SDK requirement, scope and endpoints; everything else is here.

    ``instrument()`` accepts ``use_legacy_attributes``, ``capture_content``, ``semconv``,
    ``max_content_length`` and the three providers, over the environment (see the README).
    """

    instruments: Collection[str] = ()
    scope: str = "genotel"
    version: str = "0.0.0"

    def endpoints(self) -> Iterable[Endpoint]:
        raise NotImplementedError

    def instrumentation_dependencies(self) -> Collection[str]:
        return self.instruments

    def _instrument(self, **kwargs: Any) -> None:
        config = Config.resolve(kwargs)
        self._genotel_telemetry = Telemetry(config, self.scope, self.version)
        self._genotel_patches: list[Patch] = apply(self.endpoints(), self._genotel_telemetry)
        self._genotel_patches.extend(self.sdk_patches())

    def _uninstrument(self, **kwargs: Any) -> None:
        revert(getattr(self, "_genotel_patches", ()))
        self._genotel_patches = []

    def sdk_patches(self) -> Iterable[Patch]:
        """Other SDK changes, made at ``instrument()`` and undone at ``uninstrument()``.

        For instance, keeping an SDK's own tracing from adding a second span to the calls
        genotel traces (see :func:`genotel.core.override` and :func:`genotel.core.in_genai_call`).
        """
        return ()
