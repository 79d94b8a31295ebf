"""Content emitters, one per mode, chosen once by :func:`build_content_emitters`.

Call sites never look at the mode: they hand the finished request and response to
whatever this module built.
"""

from __future__ import annotations

from typing import Any, Protocol

from opentelemetry.trace import Span

from ..config import SEMCONV_LATEST, Config
from ..model import Request, Response
from ..semconv import Vocabulary
from .events import ChoiceEvents
from .latest import LatestAttributes, OperationDetailsEvent
from .legacy import LegacyAttributes


class ContentEmitter(Protocol):
    on_span: bool  # True when it records only span attributes (nothing to do for a span not recording)

    def emit(
        self, span: Span, request: Request, response: Response | None, attributes: dict[str, Any], room: int | None
    ) -> None:
        """Record the call's content: span attributes go into ``attributes`` (the invocation sets them
        on the span in one call, with the response attributes), at most ``room`` of them when the span
        has a limit; events are emitted here."""


def build_content_emitters(config: Config, vocabulary: Vocabulary, logger: Any) -> tuple[ContentEmitter, ...]:
    """The emitters for this configuration; empty when nothing about messages is recorded."""
    limit = config.max_content_length
    if config.semconv == SEMCONV_LATEST:
        if not config.capture_content:
            return ()
        if config.use_legacy_attributes:
            return (LatestAttributes(limit),)
        return (OperationDetailsEvent(logger, vocabulary, limit),)
    if config.use_legacy_attributes:
        return (LegacyAttributes(limit),) if config.capture_content else ()
    return (ChoiceEvents(logger, vocabulary, config.capture_content, limit),)


__all__ = ["ContentEmitter", "build_content_emitters"]
