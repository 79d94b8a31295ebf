"""Which ollama SDK methods genotel wraps, on ``Client`` and ``AsyncClient``.

The module-level ``ollama.chat()`` etc. are methods of a default client bound at import time, so
patching the class does not reach them: ``module_functions`` rebinds them while instrumented.
"""

from __future__ import annotations

from collections.abc import Iterator

from genotel.core import Endpoint, Patch, override

from .embeddings import EmbedAdapter, EmbeddingsAdapter
from .generation import ChatAdapter, GenerateAdapter

_ADAPTERS = {
    "chat": ChatAdapter(),
    "generate": GenerateAdapter(),
    "embed": EmbedAdapter(),
    "embeddings": EmbeddingsAdapter(),
}

ENDPOINTS = tuple(
    Endpoint("ollama", f"{client}.{method}", adapter, is_async=client == "AsyncClient")
    for client in ("Client", "AsyncClient")
    for method, adapter in _ADAPTERS.items()
)


def module_functions() -> Iterator[Patch]:
    """``ollama.chat`` & co. rebound to the default client's (now wrapped) methods; restored on uninstrument."""
    import ollama

    default = getattr(ollama, "_client", None)
    for name in _ADAPTERS:
        function = getattr(ollama, name, None)
        if getattr(function, "__self__", None) is default and isinstance(default, ollama.Client):
            yield override(ollama, name, getattr(default, name))
