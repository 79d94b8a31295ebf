"""mistralai traces its API calls itself whenever OpenTelemetry has a tracer provider (later 1.x
releases in ``mistralai._hooks.tracing``, 2.x and later in ``mistralai.client._hooks.tracing``):
keep that out of the calls genotel traces.

The SDK's tracing hook asks ``get_traced_request_and_span`` (a name in its hook module) for a
span before each request. While genotel instruments the SDK, that function starts no span inside
a call genotel is tracing, so every call has exactly one GenAI span (genotel's). Other requests,
and everything after ``uninstrument()``, keep the SDK's own tracing.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from genotel.core import Patch, in_genai_call, override

HOOK_MODULES = ("mistralai.client._hooks.tracing", "mistralai._hooks.tracing")
_PARAMETERS = ("tracing_enabled", "tracer", "span", "operation_id", "request")


def _hook_module() -> Any:
    for name in HOOK_MODULES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def quiet_native_tracing() -> list[Patch]:
    module = _hook_module()
    original = getattr(module, "get_traced_request_and_span", None)
    if original is None:
        return []  # early 1.x releases: no tracing of their own
    if tuple(inspect.signature(original).parameters) != _PARAMETERS:
        return []  # a hook this patch was not written for: leave it alone

    def get_traced_request_and_span(
        tracing_enabled: bool, tracer: Any, span: Any, operation_id: str, request: Any
    ) -> tuple[Any, Any]:
        if in_genai_call():
            return request, span
        return original(tracing_enabled, tracer, span, operation_id, request)

    return [override(module, "get_traced_request_and_span", get_traced_request_and_span)]
