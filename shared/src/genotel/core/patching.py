"""Patch tables: which SDK methods to wrap, applied and reverted exactly."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import wrapt

from .adapter import Adapter
from .invocation import Telemetry
from .wrappers import async_wrapper, deferring_wrapper, sync_wrapper

logger = logging.getLogger("genotel")

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One SDK method: ``module`` and ``attribute`` (``"Class.method"``) locate it."""

    module: str
    attribute: str
    adapter: Adapter
    is_async: bool = False


class _GenotelWrapper(wrapt.FunctionWrapper):  # type: ignore[misc]
    """Marks our wrappers so a second patch of the same attribute is recognised."""


@dataclass(slots=True)
class Patch:
    owner: Any
    name: str
    original: Any  # what the owner's own __dict__ held, or _MISSING when it was inherited

    def revert(self) -> None:
        if self.original is _MISSING:
            if self.name in vars(self.owner):
                delattr(self.owner, self.name)
        else:
            setattr(self.owner, self.name, self.original)


def apply(endpoints: Iterable[Endpoint], telemetry: Telemetry, into: list[Patch] | None = None) -> list[Patch]:
    """Wrap every endpoint that exists in the installed SDK; skip the rest with a DEBUG log.

    Each patch lands in ``into`` as soon as it is made, so a failure half-way loses none of them.
    """
    patches = [] if into is None else into
    for endpoint in endpoints:
        patch = _apply_one(endpoint, telemetry)
        if patch is not None:
            patches.append(patch)
    return patches


def revert(patches: Iterable[Patch]) -> None:
    for patch in reversed(list(patches)):
        patch.revert()


def _apply_one(endpoint: Endpoint, telemetry: Telemetry) -> Patch | None:
    owner_path, _, name = endpoint.attribute.rpartition(".")
    try:
        owner: Any = importlib.import_module(endpoint.module)
        for part in filter(None, owner_path.split(".")):
            owner = getattr(owner, part)
        current = getattr(owner, name)
    except (ImportError, AttributeError):
        logger.debug("genotel: %s.%s not in this SDK version; skipped", endpoint.module, endpoint.attribute)
        return None
    if isinstance(vars(owner).get(name), _GenotelWrapper):
        logger.debug("genotel: %s.%s already wrapped", endpoint.module, endpoint.attribute)
        return None
    original = vars(owner).get(name, _MISSING)
    if endpoint.adapter.defers_request:
        wrapper = deferring_wrapper(telemetry, endpoint.adapter, endpoint.is_async)
    else:
        wrapper = (async_wrapper if endpoint.is_async else sync_wrapper)(telemetry, endpoint.adapter)
    target = current if original is _MISSING else original
    setattr(owner, name, _GenotelWrapper(target, wrapper))
    return Patch(owner, name, original)


def override(owner: Any, name: str, value: Any) -> Patch:
    """Replace ``owner.name`` with ``value``; the returned patch restores it exactly."""
    original = vars(owner).get(name, _MISSING)
    setattr(owner, name, value)
    return Patch(owner, name, original)
