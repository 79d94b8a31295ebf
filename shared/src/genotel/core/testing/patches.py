"""What a patch table's methods are on the SDK's classes, to check that ``uninstrument()`` restores them."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from ..patching import Endpoint


def locate(endpoint: Endpoint) -> tuple[Any, str] | None:
    """(owner class, attribute name), or None where this SDK version lacks the method."""
    owner_path, _, name = endpoint.attribute.rpartition(".")
    owner: Any = importlib.import_module(endpoint.module)
    for part in filter(None, owner_path.split(".")):
        owner = getattr(owner, part, None)
        if owner is None:
            return None
    return (owner, name) if name in vars(owner) else None


def own_attributes(endpoints: Iterable[Endpoint]) -> dict[Endpoint, Any]:
    """Each present endpoint -> what its class's own ``__dict__`` holds (compared by identity)."""
    found = {}
    for endpoint in endpoints:
        located = locate(endpoint)
        if located is not None:
            owner, name = located
            found[endpoint] = vars(owner)[name]
    return found
