"""``action()``: one CRS action as an INTERNAL span, as a context manager or a decorator.

Everything the caller passes is checked when ``action()`` is called, before any span starts,
so a misspelt category fails the first test run instead of producing telemetry the CRS
organisers reject.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import threading
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, TracerProvider

from . import attributes as names
from .attributes import CATEGORIES, Category
from .version import __version__

ACTION_KEY = otel_context.create_key("genotel.crs.action")
_SCALARS = (str, bool, int, float)
F = TypeVar("F", bound=Callable[..., Any])


class OpenAction:
    """An action span while it runs, as the context holds it: the GenAI response ids it collected."""

    __slots__ = ("_ids", "_lock", "span")

    def __init__(self, span: Span) -> None:
        self.span = span
        self._ids: list[str] = []
        self._lock = threading.Lock()

    def link_response(self, response_id: str) -> None:
        """A GenAI call inside the action returned ``response_id``: the latest id, and all of them."""
        with self._lock:
            if response_id in self._ids or not self.span.is_recording():
                return
            self._ids.append(response_id)
            self.span.set_attribute(names.ACTION_GEN_AI_ID, response_id)
            self.span.set_attribute(names.ACTION_GEN_AI_IDS, tuple(self._ids))


def current_action() -> OpenAction | None:
    """The innermost action open in the current context, if any."""
    found = otel_context.get_value(ACTION_KEY)
    return found if isinstance(found, OpenAction) else None


class Action:
    """The span ``action()`` describes; each ``with`` (or decorated call) starts one of its own.

    One ``Action`` may be kept and entered again, from several threads or asyncio tasks at once:
    the spans it has open live in a context variable, so each thread or task ends its own.
    """

    def __init__(self, name: str, attributes: Mapping[str, Any], tracer_provider: TracerProvider | None) -> None:
        self.name = name
        self.attributes = attributes
        self.tracer_provider = tracer_provider
        # (span, context token) pairs this action has open in the current context, innermost last.
        self._running: contextvars.ContextVar[tuple[tuple[Span, object], ...]] = contextvars.ContextVar(
            "genotel.crs.action", default=()
        )

    def __enter__(self) -> Span:
        tracer = trace.get_tracer("genotel.crs", __version__, tracer_provider=self.tracer_provider)
        span = tracer.start_span(self.name, kind=SpanKind.INTERNAL, attributes=self.attributes)
        context = otel_context.set_value(ACTION_KEY, OpenAction(span), trace.set_span_in_context(span))
        self._running.set((*self._running.get(), (span, otel_context.attach(context))))
        return span

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        *outer, (span, token) = self._running.get()
        self._running.set(tuple(outer))
        try:
            if error is None:
                span.set_status(Status(StatusCode.OK))
            else:
                span.record_exception(error)
                span.set_attribute("error.type", type(error).__qualname__)
                span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
        finally:
            span.end()
            otel_context.detach(token)  # type: ignore[arg-type]

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.__exit__(kind, error, traceback)

    def __call__(self, function: F) -> F:
        """Decorate ``function`` (sync or ``async def``): each call runs in an action span of its own."""
        if inspect.isgeneratorfunction(function) or inspect.isasyncgenfunction(function):
            raise TypeError(
                f"action() cannot decorate the generator function {function.__qualname__}: "
                "use `with action(...)` around the loop that consumes it"
            )
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await function(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return function(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _fresh(self) -> Action:
        return Action(self.name, self.attributes, self.tracer_provider)


def action(
    category: Category | str,
    name: str,
    *,
    code_file: str | None = None,
    code_lines: str | None = None,
    target_harness: str | None = None,
    effort_weight: int | None = None,
    tracer_provider: TracerProvider | None = None,
    **attributes: Any,
) -> Action:
    """A CRS action: ``with action("fuzzing", "libfuzzer run") as span:`` or ``@action(...)``.

    The span (kind INTERNAL, named ``name``) carries ``crs.action.category`` and ``crs.action.name``,
    the optional spec attributes given, and ``attributes`` (extra span attributes: pass dotted keys
    as ``**{"my.key": 1}``). It ends with status OK, or ERROR with the exception recorded (and
    re-raised unchanged). Bad arguments raise ValueError/TypeError here, before any span starts.
    """
    collected: dict[str, Any] = {
        names.ACTION_CATEGORY: _category(category),
        names.ACTION_NAME: _text("name", name),
    }
    for key, value in (
        (names.ACTION_CODE_FILE, code_file),
        (names.ACTION_CODE_LINES, code_lines),
        (names.ACTION_TARGET_HARNESS, target_harness),
    ):
        if value is not None:
            collected[key] = _text(key, value)
    if effort_weight is not None:
        if isinstance(effort_weight, bool) or not isinstance(effort_weight, int):
            raise TypeError(f"effort_weight must be an int (processes or cores used), got {effort_weight!r}")
        collected[names.ACTION_EFFORT_WEIGHT] = effort_weight
    for key, value in attributes.items():
        collected[key] = check_attribute(key, value)
    return Action(collected[names.ACTION_NAME], collected, tracer_provider)


def _category(category: Category | str) -> str:
    if isinstance(category, Category):
        return category.value
    if isinstance(category, str) and category in CATEGORIES:
        return category
    raise ValueError(f"unknown CRS action category {category!r}: use one of {', '.join(CATEGORIES)}")


def _text(what: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {value!r}")
    if not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    return value


def check_attribute(key: Any, value: Any) -> Any:
    """``value`` if OpenTelemetry can carry it as an attribute (a scalar or a list of one scalar type)."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"attribute keys must be non-empty strings, got {key!r}")
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        kinds = {type(item) for item in value}
        if len(kinds) <= 1 and kinds <= set(_SCALARS):
            return tuple(value)
    raise TypeError(
        f"attribute {key!r} cannot be {value!r}: OpenTelemetry carries str, bool, int, float"
        " or a list of one of these types"
    )
