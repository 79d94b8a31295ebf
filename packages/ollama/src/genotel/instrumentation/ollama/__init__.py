"""OpenTelemetry GenAI instrumentation for the ollama SDK.

``OllamaInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_ollama``).
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor, Patch

from .package import _instruments
from .patch_table import ENDPOINTS, module_functions
from .version import __version__


class OllamaInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    scope = "genotel.instrumentation.ollama"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS

    def sdk_patches(self) -> Iterable[Patch]:
        return list(module_functions())


__all__ = ["OllamaInstrumentor", "__version__"]
