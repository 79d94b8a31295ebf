"""``TaskMetadataSpanProcessor``: task metadata on every span, and GenAI response ids on their action.

``on_start`` runs for every span of the provider, so it does as little as it can: one lookup
in the parent context, one in its baggage when no task was set locally, and nothing more
outside a task and an action.
"""

from __future__ import annotations

from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor

from .action import ACTION_KEY, OpenAction
from .attributes import GEN_AI_RESPONSE_ID
from .task import TASK_KEY, from_baggage


class TaskMetadataSpanProcessor(SpanProcessor):
    """Stamps the current task's metadata on each span as it starts; links GenAI calls to their action.

    The task is read from the context the span starts in (its parent context when one is given,
    else the current one): set by ``genotel.crs.task()`` in this process, or carried by the
    baggage of an incoming request. A span started inside a ``genotel.crs.action()`` that ends
    with a ``gen_ai.response.id`` (a GenAI call) gives that id to the action span, while the
    action is still open: ``crs.action.gen_ai.id`` is the latest, ``crs.action.gen_ai.ids`` all of them.
    """

    def __init__(self) -> None:
        # Span id -> the action it started in, for spans still running inside an action.
        self._inside_action: dict[int, OpenAction] = {}

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        context = otel_context.get_current() if parent_context is None else parent_context
        metadata = context.get(TASK_KEY)
        if metadata is None:
            metadata = from_baggage(context)
        if metadata:
            span.set_attributes(metadata)  # type: ignore[arg-type]
        action = context.get(ACTION_KEY)
        if action is not None:
            self._inside_action[span.get_span_context().span_id] = action  # type: ignore[assignment]

    def on_end(self, span: ReadableSpan) -> None:
        if not self._inside_action:
            return
        context = span.context
        action = self._inside_action.pop(context.span_id, None) if context is not None else None
        if action is None:
            return
        response_id: Any = (span.attributes or {}).get(GEN_AI_RESPONSE_ID)
        if isinstance(response_id, str) and response_id:
            action.link_response(response_id)

    def shutdown(self) -> None:
        self._inside_action.clear()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True
