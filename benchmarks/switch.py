"""An implementation switched off and on inside its worker, whatever its own ``uninstrument()`` does.

Paired timings need the same process to run the SDK with and without the instrumentation. Not
every peer's ``uninstrument()`` undoes its ``instrument()`` (OpenLLMetry's Ollama instrumentor
wraps ``Client._request`` and unwraps ``Client.chat``), and calling ``instrument()`` again
would stack a second layer. So the worker switches the patches themselves: it records every loaded
module and the classes defined there before ``instrument()`` and after it, and swaps exactly the
attributes that became wrappers. Switched off, the SDK runs its own functions; switched on, the very
wrappers the implementation installed. A wrapper the SDK copies onto its client objects (cohere's
clients keep their ``chat`` functions) stays: the worker counts what a switched-off batch exports beyond
what the bare SDK exports by itself, and the report then measures that cell across processes instead.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import wrapt

_MISSING = object()

Snapshot = dict[int, tuple[Any, dict[str, Any]]]  # id(owner) -> (owner, its own attributes then)


def snapshot(module_names: set[str]) -> Snapshot:
    """The attributes of these modules and of the classes defined in them, as they are now."""
    owners: list[Any] = []
    for name in module_names:
        module = sys.modules.get(name)
        if module is None:
            continue
        owners.append(module)
        owners += [
            value for value in list(vars(module).values()) if isinstance(value, type) and value.__module__ == name
        ]
    return {id(owner): (owner, dict(vars(owner))) for owner in owners}


def _is_patch(before: Any, after: Any) -> bool:
    """A wrapper in place of a function (wrapt's proxies, ``functools.wraps``) or a function added, not the
    SDK's own state changing (a cache filled, a default client made)."""
    try:
        if isinstance(after, wrapt.ObjectProxy) or hasattr(after, "__wrapped__"):
            return True
    except Exception:  # an object whose attribute lookup raises something else: not a wrapper
        return False
    if before is _MISSING:
        return inspect.isfunction(after)
    return inspect.isfunction(before) or inspect.ismethod(before) or isinstance(before, (staticmethod, classmethod))


class Switch:
    """The attributes ``instrument()`` replaced, each with its value before and after."""

    def __init__(self, before: Snapshot, after: Snapshot) -> None:
        self.changes: list[tuple[Any, str, Any, Any]] = []
        for key, (owner, now) in after.items():
            if key not in before:
                continue  # imported by instrument() itself: no value before it to go back to
            then = before[key][1]
            for name, value in now.items():
                old = then.get(name, _MISSING)
                if value is not old and _is_patch(old, value):
                    self.changes.append((owner, name, old, value))

    def off(self) -> None:
        for owner, name, old, _ in self.changes:
            if old is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, old)

    def on(self) -> None:
        for owner, name, _, new in self.changes:
            setattr(owner, name, new)
