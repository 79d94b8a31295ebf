"""One-shot iterables in a call's arguments, made lists once, so the SDK and genotel both read them.

The SDKs accept any iterable for ``messages``, ``tools``, ``system``, ``input``: a generator
read by a converter first would reach the SDK empty. The wrapper hands the SDK and the
converters the same materialised arguments; containers holding a generator are copied, never
changed in place, and everything else is passed on as the very same object.
"""

from __future__ import annotations

import io
from typing import Any

_ONE_SHOT: dict[type, bool] = {}


def _is_one_shot(value: Any) -> bool:
    """An iterator (generator, ``map``, ``iter(list)``), but not a file: reading it empties it."""
    cls = type(value)
    one_shot = _ONE_SHOT.get(cls)
    if one_shot is None:
        one_shot = _ONE_SHOT[cls] = (
            hasattr(cls, "__next__")
            and hasattr(cls, "__iter__")
            and not issubclass(cls, io.IOBase)
            and not hasattr(cls, "read")
        )
    return one_shot


def materialized(args: tuple[Any, ...], kwargs: dict[str, Any], deep: bool) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """``args`` and ``kwargs`` with one-shot iterables as lists: top level only, or all the way down when ``deep``."""
    new_args = _sequence(args, deep, 0) if args else args
    new_kwargs = kwargs
    for key, value in kwargs.items():
        new = _value(value, deep, 0)
        if new is not value:
            if new_kwargs is kwargs:
                new_kwargs = dict(kwargs)
            new_kwargs[key] = new
    return tuple(new_args), new_kwargs


_MAX_DEPTH = 8  # messages > message > content > part > nested results: deeper is not conversation
# Values that hold nothing to read: skipped before any call, since a long history is mostly these.
_PLAIN = frozenset((str, int, float, bool, bytes, type(None)))


def _value(value: Any, deep: bool, depth: int) -> Any:
    cls = type(value)
    if cls in _PLAIN:
        return value
    if _is_one_shot(value):
        return [_value(item, deep, depth + 1) for item in value]
    if not deep or depth >= _MAX_DEPTH:
        return value
    if cls is list or cls is tuple:
        return _sequence(value, deep, depth)
    if cls is dict:
        return _mapping(value, deep, depth)
    return value


def _sequence(items: Any, deep: bool, depth: int) -> Any:
    """``items`` itself when nothing inside changed, else a copy of the same type."""
    if _PLAIN.issuperset(map(type, items)):
        return items
    changed = None
    for index, item in enumerate(items):
        cls = type(item)  # plain values, and dicts of them (most messages), need no call deeper
        if cls in _PLAIN or (cls is dict and _PLAIN.issuperset(map(type, item.values()))):
            continue
        new = _value(item, deep, depth + 1)
        if new is not item:
            if changed is None:
                changed = list(items)
            changed[index] = new
    if changed is None:
        return items
    return tuple(changed) if type(items) is tuple else changed


def _mapping(mapping: dict[str, Any], deep: bool, depth: int) -> dict[str, Any]:
    if _PLAIN.issuperset(map(type, mapping.values())):  # most messages: one pass in C
        return mapping
    changed = None
    for key, item in mapping.items():
        cls = type(item)  # plain values, and dicts of them (most messages), need no call deeper
        if cls in _PLAIN or (cls is dict and _PLAIN.issuperset(map(type, item.values()))):
            continue
        new = _value(item, deep, depth + 1)
        if new is not item:
            if changed is None:
                changed = dict(mapping)
            changed[key] = new
    return mapping if changed is None else changed
