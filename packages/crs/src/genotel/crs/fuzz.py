"""``fuzz_corpus()``: the specification's corpus attributes on the current action, with its types."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from . import attributes as names
from .action import current_action


def fuzz_corpus(
    *,
    update_method: str | None = None,
    update_time: dt.datetime | None = None,
    size: int | None = None,
    additions: Iterable[str | os.PathLike[str]] | None = None,
    full_snapshot: bool | None = None,
) -> None:
    """Set ``fuzz.corpus.*`` on the innermost open ``action()`` span; arguments left out are not set.

    ``update_time`` becomes ISO 8601 with its time zone (a naive datetime is read as local time,
    as Python does); ``additions`` an array of strings (paths are accepted). Raises TypeError or
    ValueError for a value of the wrong type, and RuntimeError outside an action.
    """
    found: dict[str, Any] = {}
    if update_method is not None:
        if not isinstance(update_method, str) or not update_method:
            raise TypeError(f"update_method must be a non-empty string, got {update_method!r}")
        found[names.FUZZ_CORPUS_UPDATE_METHOD] = update_method
    if update_time is not None:
        if not isinstance(update_time, dt.datetime):
            raise TypeError(f"update_time must be a datetime, got {update_time!r}")
        aware = update_time if update_time.tzinfo is not None else update_time.astimezone()
        found[names.FUZZ_CORPUS_UPDATE_TIME] = aware.isoformat()
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise TypeError(f"size must be a non-negative int (corpus entries), got {size!r}")
        found[names.FUZZ_CORPUS_SIZE] = size
    if additions is not None:
        found[names.FUZZ_CORPUS_ADDITIONS] = _strings(additions)
    if full_snapshot is not None:
        if not isinstance(full_snapshot, bool):
            raise TypeError(f"full_snapshot must be a bool, got {full_snapshot!r}")
        found[names.FUZZ_CORPUS_FULL_SNAPSHOT] = full_snapshot
    action = current_action()
    if action is None:
        raise RuntimeError("fuzz_corpus() sets attributes on an action: call it inside genotel.crs.action(...)")
    action.span.set_attributes(found)


def _strings(additions: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    if isinstance(additions, (str, bytes)):
        raise TypeError(f"additions must be a list of strings, not one string: {additions!r}")
    items = []
    for item in additions:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"additions must hold strings (or paths), got {item!r}")
        items.append(os.fspath(item))
    return tuple(str(item) for item in items)
