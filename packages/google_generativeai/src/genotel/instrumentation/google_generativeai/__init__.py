"""OpenTelemetry GenAI instrumentation for Google Gemini: the google-genai and google-generativeai SDKs.

``GoogleGenerativeAIInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_google_generativeai``); either SDK, or both, may be installed.
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor

from .package import _instruments, _instruments_any
from .patch_table import ENDPOINTS
from .version import __version__


class GoogleGenerativeAIInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    instruments_any = _instruments_any
    scope = "genotel.instrumentation.google_generativeai"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS


__all__ = ["GoogleGenerativeAIInstrumentor", "__version__"]
