"""Patch tables: which SDK methods to wrap, applied and reverted exactly.

An SDK the application has not imported yet is patched when it is imported, never imported by
genotel: ``opentelemetry-instrument`` loads every installed instrumentor, and importing every
installed SDK at start-up would cost seconds (and the warnings of deprecated ones) for nothing.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import wrapt

from .adapter import Adapter
from .invocation import Telemetry
from .wrappers import async_wrapper, deferring_wrapper, routed, sync_wrapper

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


class Revertible(Protocol):
    def revert(self) -> None: ...


def apply(
    endpoints: Iterable[Endpoint],
    telemetry: Telemetry,
    into: list[Revertible] | None = None,
    first: Callable[[], Iterable[Patch]] = tuple,
) -> list[Revertible]:
    """Wrap every endpoint that exists in the installed SDK; skip the rest with a DEBUG log.

    Endpoints in modules not imported yet are wrapped when they are. ``first`` makes the other
    patches the instrumentor needs, once, with the first endpoint wrapped. Each patch lands in
    ``into`` as soon as it is made, so a failure half-way loses none of them. A module's endpoints
    are wrapped together before ``first`` runs, so its patches see every method of that module
    wrapped (Ollama binds its module functions to the default client's wrapped methods).
    """
    patches: list[Revertible] = [] if into is None else into
    pending = _Pending(telemetry, patches, first)
    patches.append(pending)
    by_module: dict[str, list[Endpoint]] = {}
    for endpoint in endpoints:
        by_module.setdefault(endpoint.module, []).append(endpoint)
    for module, group in by_module.items():
        if module in sys.modules:
            pending.wrap(group)
        else:
            wrapt.register_post_import_hook(functools.partial(pending.imported, group), module)
    return patches


def revert(patches: Iterable[Revertible]) -> None:
    for patch in reversed(list(patches)):
        patch.revert()


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


class _Pending:
    """Endpoints waiting for their module's import. Reverted, their import hooks do nothing."""

    __slots__ = ("active", "first", "lock", "patches", "started", "telemetry")

    def __init__(self, telemetry: Telemetry, patches: list[Revertible], first: Callable[[], Iterable[Patch]]) -> None:
        self.telemetry, self.patches, self.first = telemetry, patches, first
        self.active, self.started = True, False
        self.lock = threading.Lock()

    def imported(self, endpoints: list[Endpoint], module: Any) -> None:
        """Runs inside the application's import: whatever happens here, the import goes on.

        A failure leaves the SDK as it was, rather than half instrumented, as ``instrument()`` does.
        """
        try:
            if self.active:
                self.wrap(endpoints)
        except Exception:
            logger.warning("genotel: could not instrument %s; left as it was", endpoints[0].module, exc_info=True)
            self.revert()
            made = [patch for patch in self.patches if patch is not self]
            revert(made)
            self.patches[:] = [self]

    def wrap(self, endpoints: list[Endpoint]) -> None:
        """Wraps one module's endpoints, then (the first time any was wrapped) makes the other patches."""
        with self.lock:
            made = [patch for patch in map(self._wrap_one, endpoints) if patch is not None]
            if made and not self.started:
                self.started = True
                self.patches.extend(self.first())

    def _wrap_one(self, endpoint: Endpoint) -> Patch | None:
        patch = _apply_one(endpoint, self.telemetry)
        if patch is not None:
            self.patches.append(patch)  # at once: a failure on the next endpoint still reverts this one
        return patch

    def revert(self) -> None:
        self.active = False


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
    present = vars(owner).get(name)
    if isinstance(present, _GenotelWrapper) or getattr(present, "__genotel__", False):
        logger.debug("genotel: %s.%s already wrapped", endpoint.module, endpoint.attribute)
        return None
    original = vars(owner).get(name, _MISSING)
    # The method as its class holds it (an inherited staticmethod stays one), or the module's function.
    target = inspect.getattr_static(owner, name) if inspect.isclass(owner) else current
    adapter = endpoint.adapter
    if adapter.defers_request:
        setattr(owner, name, _GenotelWrapper(target, deferring_wrapper(telemetry, adapter, endpoint.is_async)))
        return Patch(owner, name, original)
    owns = routed(adapter)
    plain = inspect.isclass(owner) and _plain_function(target)
    make_wrapper = async_wrapper if endpoint.is_async else sync_wrapper
    wrapper = make_wrapper(telemetry, adapter, owned=plain and owns is not None)
    if plain:
        setattr(owner, name, _plain_method(target, wrapper, owns))
    else:
        setattr(owner, name, _GenotelWrapper(target, wrapper))
    return Patch(owner, name, original)


def _plain_function(target: Any) -> bool:
    """A method a plain function can stand in for, keeping what ``inspect`` says of it: not a
    generator function (cohere's ``chat_stream``), whose replacement would stop being one."""
    generates = inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target)
    return inspect.isfunction(target) and not generates


def _plain_method(target: Any, wrapper: Any, owns: Any) -> Any:
    """An SDK method replaced by a plain function rather than a ``wrapt`` proxy: the proxy binds a
    wrapper on every access (``client.chat.completions.create``), a few µs on every call, and so on
    every AWS call for botocore's ``_make_api_call``, which ``owns`` (when the adapter has one) sorts
    first. A coroutine function stays one. ``__wrapped__`` and the signature are the method's."""
    if inspect.iscoroutinefunction(target):

        async def patched_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            if owns is None or owns(self, args, kwargs):
                return await wrapper(target.__get__(self), self, args, kwargs)
            return await target(self, *args, **kwargs)

        patched: Any = patched_async
    else:

        def patched_sync(self: Any, *args: Any, **kwargs: Any) -> Any:
            if owns is None or owns(self, args, kwargs):
                return wrapper(target.__get__(self), self, args, kwargs)
            return target(self, *args, **kwargs)

        patched = patched_sync
    functools.update_wrapper(patched, target)
    patched.__genotel__ = True
    return patched


def override(owner: Any, name: str, value: Any) -> Patch:
    """Replace ``owner.name`` with ``value``; the returned patch restores it exactly."""
    original = vars(owner).get(name, _MISSING)
    setattr(owner, name, value)
    return Patch(owner, name, original)
