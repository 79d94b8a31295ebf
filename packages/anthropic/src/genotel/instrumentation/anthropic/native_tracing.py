"""anthropic >= 2 traces its API calls itself, on by default: keep that out of the calls genotel traces.

The SDK asks its client's ``_tracer`` property before each request and skips its span when it
is None. While genotel instruments the SDK, that property answers None inside a call genotel
is tracing, so every call has exactly one GenAI span (genotel's, in the configured modes).
Other requests, and everything after ``uninstrument()``, keep the SDK's own tracing.
"""

from __future__ import annotations

import importlib
from typing import Any

from genotel.core import Patch, in_genai_call, override


def quiet_native_tracing() -> list[Patch]:
    try:
        base_client: Any = importlib.import_module("anthropic._base_client").BaseClient
    except (ImportError, AttributeError):
        return []
    original = vars(base_client).get("_tracer")
    if not isinstance(original, property) or original.fget is None:
        return []  # an SDK without its own tracing
    sdk_tracer = original.fget

    def tracer(client: Any) -> Any:
        return None if in_genai_call() else sdk_tracer(client)

    return [override(base_client, "_tracer", property(tracer, doc=original.__doc__))]
