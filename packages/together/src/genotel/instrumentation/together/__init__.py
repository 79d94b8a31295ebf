"""OpenTelemetry GenAI instrumentation for the together SDK (2.x and later).

``TogetherInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_together``).
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor

from .package import _instruments
from .patch_table import ENDPOINTS
from .version import __version__


class TogetherInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    scope = "genotel.instrumentation.together"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS


__all__ = ["TogetherInstrumentor", "__version__"]
