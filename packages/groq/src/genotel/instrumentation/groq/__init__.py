"""OpenTelemetry GenAI instrumentation for the groq SDK.

``GroqInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_groq``).
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor

from .package import _instruments
from .patch_table import ENDPOINTS
from .version import __version__


class GroqInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    scope = "genotel.instrumentation.groq"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS


__all__ = ["GroqInstrumentor", "__version__"]
