"""The task being worked on: its metadata in the OpenTelemetry context and in W3C baggage.

The OpenTelemetry context lives in a ``contextvars.ContextVar``, so keeping the metadata there
(rather than in a variable of our own) lets asyncio tasks and ``contextvars``-copied threads
inherit it, and lets a span started with an explicit parent context see that context's task.
The same metadata rides baggage, so propagators carry it to the next service; a baggage entry
(``TASK_KEYS_BAGGAGE``) lists which baggage entries are task metadata, so a downstream service
stamps exactly those and never unrelated baggage.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from opentelemetry import baggage, propagate
from opentelemetry import context as otel_context
from opentelemetry.context import Context

TASK_KEY = otel_context.create_key("genotel.crs.task")
# The baggage entry naming the task's metadata keys, comma-separated.
TASK_KEYS_BAGGAGE = "genotel.crs.task.keys"
_EMPTY: Mapping[str, str] = MappingProxyType({})


def validate_metadata(metadata: Any) -> Mapping[str, str]:
    """A read-only copy of a string-to-string map, or TypeError/ValueError naming the bad entry."""
    if not isinstance(metadata, Mapping):
        raise TypeError(f"task metadata must be a mapping of strings to strings, got {type(metadata).__name__}")
    for key, value in metadata.items():
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"task metadata keys must be non-empty strings, got {key!r}")
        if "," in key or key == TASK_KEYS_BAGGAGE:
            raise ValueError(f"task metadata key {key!r} is reserved or holds a comma")
        if not isinstance(value, str):
            raise TypeError(f"task metadata values must be strings, got {value!r} for {key!r}")
    return MappingProxyType(dict(metadata))


def with_task(metadata: Mapping[str, str], context: Context | None = None) -> Context:
    """``context`` (default: the current one) working on the task ``metadata`` (already validated).

    The previous task's baggage entries are removed first: the inner task replaces the outer
    one whole, it does not merge with it.
    """
    ctx = otel_context.get_current() if context is None else context
    for key in task_metadata(ctx):
        ctx = baggage.remove_baggage(key, ctx)
    for key, value in metadata.items():
        ctx = baggage.set_baggage(key, value, ctx)
    ctx = baggage.set_baggage(TASK_KEYS_BAGGAGE, ",".join(metadata), ctx)
    return otel_context.set_value(TASK_KEY, metadata, ctx)


def task_metadata(context: Context | None = None) -> Mapping[str, str]:
    """The task metadata of ``context`` (default: current): set by ``task()`` here, else from baggage.

    Empty outside a task. The baggage path is how a downstream service sees the task an upstream
    one started, once its propagator has extracted the incoming headers.
    """
    ctx = otel_context.get_current() if context is None else context
    metadata = ctx.get(TASK_KEY)
    if metadata is not None:
        return metadata  # type: ignore[return-value]
    return from_baggage(ctx)


def from_baggage(context: Context) -> Mapping[str, str]:
    """The task metadata the baggage of ``context`` carries (the entries ``TASK_KEYS_BAGGAGE`` names)."""
    keys = baggage.get_baggage(TASK_KEYS_BAGGAGE, context)
    if not isinstance(keys, str) or not keys:
        return _EMPTY
    entries = baggage.get_all(context)
    found = {key: entries[key] for key in keys.split(",") if isinstance(entries.get(key), str)}
    return MappingProxyType(found)  # type: ignore[arg-type]


@contextlib.contextmanager
def task(metadata: Mapping[str, str]) -> Iterator[Mapping[str, str]]:
    """Work on the task ``metadata``: every span started inside carries it as attributes.

    The metadata is checked (string keys and values) before anything changes; it also goes into
    W3C baggage so the global propagator carries it to the services this one calls. Nested tasks:
    the inner one wins. Yields the metadata, read-only.
    """
    checked = validate_metadata(metadata)
    token = otel_context.attach(with_task(checked))
    try:
        yield checked
    finally:
        otel_context.detach(token)


@contextlib.contextmanager
def continue_task(carrier: Mapping[str, Any], context: Context | None = None) -> Iterator[Mapping[str, str]]:
    """On the receiving side of a request: the caller's trace and task, from its headers.

    Extracts ``carrier`` (e.g. the request's headers) with the global propagator (by default
    W3C trace context and baggage), so the spans started inside join the caller's trace and carry
    the task metadata its baggage holds. Yields that metadata (empty when the caller sent none).
    """
    extracted = propagate.extract(carrier, context=context)
    metadata = from_baggage(extracted)
    if metadata:
        extracted = otel_context.set_value(TASK_KEY, metadata, extracted)
    token = otel_context.attach(extracted)
    try:
        yield metadata
    finally:
        otel_context.detach(token)
