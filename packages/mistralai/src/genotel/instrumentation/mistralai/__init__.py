"""OpenTelemetry GenAI instrumentation for the mistralai SDK.

``MistralAIInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_mistralai``).
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor, Patch

from .native_tracing import quiet_native_tracing
from .package import _instruments
from .patch_table import ENDPOINTS
from .version import __version__


class MistralAIInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    scope = "genotel.instrumentation.mistralai"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS

    def sdk_patches(self) -> Iterable[Patch]:
        return quiet_native_tracing()


__all__ = ["MistralAIInstrumentor", "__version__"]
