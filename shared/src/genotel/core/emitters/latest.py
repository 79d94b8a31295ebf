"""Latest experimental semconv: messages as JSON on the span, or one operation-details event."""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import Span, set_span_in_context

from .. import semconv as sc
from ..attributes import request_attributes, response_attributes
from ..content import dumps, parts_json, tool_definition_json
from ..model import Request, Response
from ..semconv import VOCABULARY_LATEST, Vocabulary


def latest_content(request: Request, response: Response | None, limit: int | None) -> dict[str, Any]:
    """The four content values of the latest conventions, as structured (JSON-ready) values."""
    values: dict[str, Any] = {}
    if request.system_instructions:
        values[sc.SYSTEM_INSTRUCTIONS] = parts_json(request.system_instructions, limit)
    if request.messages:
        values[sc.INPUT_MESSAGES] = [
            {"role": message.role, "parts": parts_json(message.parts, limit)} for message in request.messages
        ]
    if response is not None and response.messages:
        outputs = []
        for message in response.messages:
            output: dict[str, Any] = {"role": message.role, "parts": parts_json(message.parts, limit)}
            finish = VOCABULARY_LATEST.finish_reason(request.provider, message.finish_reason)
            if finish is not None:
                output["finish_reason"] = finish
            outputs.append(output)
        values[sc.OUTPUT_MESSAGES] = outputs
    if request.tool_definitions:
        values[sc.TOOL_DEFINITIONS] = [tool_definition_json(tool, limit) for tool in request.tool_definitions]
    return values


# Which content attributes go first when the span's attribute limit leaves little room.
_PRIORITY = (sc.OUTPUT_MESSAGES, sc.SYSTEM_INSTRUCTIONS, sc.INPUT_MESSAGES, sc.TOOL_DEFINITIONS)


class LatestAttributes:
    __slots__ = ("limit",)
    on_span = True

    def __init__(self, limit: int | None) -> None:
        self.limit = limit

    def emit(
        self, span: Span, request: Request, response: Response | None, into: dict[str, Any], room: int | None
    ) -> None:
        values = latest_content(request, response, self.limit)
        keys = [key for key in _PRIORITY if key in values][:room]
        into.update({key: dumps(values[key]) for key in keys})


class OperationDetailsEvent:
    """One ``gen_ai.client.inference.operation.details`` log record with structured content."""

    __slots__ = ("limit", "logger", "vocabulary")
    on_span = False

    def __init__(self, logger: Any, vocabulary: Vocabulary, limit: int | None) -> None:
        self.logger = logger
        self.vocabulary = vocabulary
        self.limit = limit

    def emit(
        self, span: Span, request: Request, response: Response | None, into: dict[str, Any], room: int | None
    ) -> None:
        attributes = request_attributes(request, self.vocabulary)
        if response is not None:
            attributes.update(response_attributes(response, capture=True))
        attributes.update(latest_content(request, response, self.limit))
        self.logger.emit(
            event_name=sc.OPERATION_DETAILS_EVENT, attributes=attributes, context=set_span_in_context(span)
        )
