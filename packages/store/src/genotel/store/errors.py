"""The one exception family of genotel-store.

Every failure of the store surfaces as a `StoreError` with a one-line message that names the
file and what to do, so a CLI can print `str(error)` and exit instead of showing a sqlite traceback.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: anything the store cannot do, with a one-line, user-facing message."""


class StoreMissing(StoreError):
    """The database file does not exist and the store was opened read-only."""


class StoreLocked(StoreError):
    """Another connection held the write lock for longer than the busy timeout."""


class StoreReadOnly(StoreError):
    """The file (or the store as opened) cannot be written."""


class StoreCorrupt(StoreError):
    """The file is not a SQLite database, is damaged, or is not a genotel store; it is left untouched."""


class NotFound(StoreError, LookupError):
    """The trace or span asked for is not in the store."""


class InvalidQuery(StoreError, ValueError):
    """A query argument (order_by, granularity, label matcher, ...) is malformed."""


class InvalidFilter(InvalidQuery):
    """An attribute filter is malformed (unknown op, missing key, unsupported value type)."""
