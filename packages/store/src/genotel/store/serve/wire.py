"""llama-stack's telemetry wire shapes: the request bodies it sends and the JSON it expects back.

Why pydantic models: FastAPI validates bodies against them and publishes them in the OpenAPI
document, so a client generated from llama-stack's spec reads the same names here. Field names,
defaults and enums follow llama-stack's telemetry API; fields marked "genotel" are additions a
llama-stack client never sends (and never needs). Responses are built as plain dicts by the
functions below (no per-span model instance), in the same shapes as `Trace`, `Span`,
`SpanWithStatus` and `MetricSeries`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_TTL_SECONDS = 7 * 86400
MAX_PAGE = 1000  # the most traces or spans one response holds (a larger limit is cut to it); page on with `offset`


class QueryConditionOp(str, Enum):
    EQ = "eq"
    NE = "ne"
    GT = "gt"
    LT = "lt"


class QueryCondition(BaseModel):
    key: str
    op: QueryConditionOp
    value: Any


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QueryTracesRequest(_Body):
    attribute_filters: list[QueryCondition] | None = None
    limit: int | None = Field(default=100, ge=0)
    offset: int | None = Field(default=0, ge=0)
    order_by: list[str] | None = None
    # genotel: a time window on the trace's start (ISO 8601 or epoch seconds) and the trace's outcome.
    started_after: datetime | float | None = None
    started_before: datetime | float | None = None
    status: Literal["ok", "error"] | None = None


class QuerySpansRequest(_Body):
    attribute_filters: list[QueryCondition] = Field(default_factory=list)
    attributes_to_return: list[str] | None = None
    max_depth: int | None = Field(default=None, ge=0)
    # genotel: pages of spans (llama-stack's call has no paging of its own), and their order.
    limit: int | None = Field(default=MAX_PAGE, ge=0)
    offset: int | None = Field(default=0, ge=0)
    order_by: list[str] | None = None


class SpanTreeRequest(_Body):
    attributes_to_return: list[str] | None = None
    max_depth: int | None = Field(default=None, ge=0)


class SaveSpansRequest(_Body):
    attribute_filters: list[QueryCondition] = Field(default_factory=list)
    attributes_to_save: list[str] | None = None
    dataset_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
    max_depth: int | None = None


class MetricQueryType(str, Enum):
    RANGE = "range"
    INSTANT = "instant"


class MetricLabelOperator(str, Enum):
    EQUALS = "="
    NOT_EQUALS = "!="
    REGEX_MATCH = "=~"
    REGEX_NOT_MATCH = "!~"


class MetricLabelMatcher(BaseModel):
    name: str
    value: str
    operator: MetricLabelOperator = MetricLabelOperator.EQUALS


class QueryMetricsRequest(_Body):
    start_time: int
    end_time: int | None = None
    granularity: str | None = "1d"
    query_type: MetricQueryType = MetricQueryType.RANGE
    label_matchers: list[MetricLabelMatcher] | None = None
    # genotel: keep only these labels (one series per combination), and which statistic of a histogram.
    group_by: list[str] | None = None
    stat: Literal["sum", "count", "avg", "min", "max"] = "sum"


class LogSeverity(str, Enum):
    VERBOSE = "verbose"
    DEBUG = "debug"
    INFO = "info"
    WARN = "warn"
    ERROR = "error"
    CRITICAL = "critical"


class SpanStatus(str, Enum):
    OK = "ok"
    ERROR = "error"


class _EventCommon(BaseModel):
    trace_id: str = Field(pattern=r"^(0x)?[0-9a-fA-F]{1,32}$")
    span_id: str = Field(pattern=r"^(0x)?[0-9a-fA-F]{1,16}$")
    timestamp: datetime
    attributes: dict[str, str | int | float | bool | None] | None = Field(default_factory=dict)


class UnstructuredLogEvent(_EventCommon):
    type: Literal["unstructured_log"] = "unstructured_log"
    message: str
    severity: LogSeverity


class MetricEvent(_EventCommon):
    type: Literal["metric"] = "metric"
    metric: str
    value: int | float
    unit: str


class SpanStartPayload(BaseModel):
    type: Literal["span_start"] = "span_start"
    name: str
    parent_span_id: str | None = None


class SpanEndPayload(BaseModel):
    type: Literal["span_end"] = "span_end"
    status: SpanStatus


class StructuredLogEvent(_EventCommon):
    type: Literal["structured_log"] = "structured_log"
    payload: Annotated[SpanStartPayload | SpanEndPayload, Field(discriminator="type")]


Event = Annotated[UnstructuredLogEvent | MetricEvent | StructuredLogEvent, Field(discriminator="type")]


class LogEventRequest(_Body):
    event: Event
    ttl_seconds: int = Field(default=DEFAULT_TTL_SECONDS, gt=0)


# -- responses ---------------------------------------------------------------------------------------------


class Trace(BaseModel):
    """For the OpenAPI document; the routes send dicts of this shape (and genotel's extra fields)."""

    trace_id: str
    root_span_id: str
    start_time: datetime
    end_time: datetime | None = None


class Span(BaseModel):
    span_id: str
    trace_id: str
    parent_span_id: str | None = None
    name: str
    start_time: datetime
    end_time: datetime | None = None
    attributes: dict[str, Any] | None = None


class SpanWithStatus(Span):
    status: SpanStatus | None = None


class QueryTracesResponse(BaseModel):
    data: list[Trace]


class QuerySpansResponse(BaseModel):
    data: list[Span]


class QuerySpanTreeResponse(BaseModel):
    data: dict[str, SpanWithStatus]


class MetricLabel(BaseModel):
    name: str
    value: str


class MetricDataPoint(BaseModel):
    timestamp: int
    value: float
    unit: str


class MetricSeries(BaseModel):
    metric: str
    labels: list[MetricLabel]
    values: list[MetricDataPoint]


class QueryMetricsResponse(BaseModel):
    data: list[MetricSeries]


def iso(nanoseconds: int | None) -> str | None:
    """Epoch nanoseconds as ISO 8601 UTC with microseconds and 'Z', as pydantic writes a datetime."""
    if nanoseconds is None:
        return None
    seconds, rest = divmod(nanoseconds, 1_000_000_000)
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=rest // 1000)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def span_status(status_code: str | None) -> str | None:
    """OpenTelemetry's ERROR is llama-stack's "error"; OK and UNSET (nothing failed) are "ok"."""
    if status_code is None:
        return None
    return "error" if status_code == "ERROR" else "ok"


def trace_json(trace: dict[str, Any]) -> dict[str, Any]:
    """`Trace`, plus genotel's summary fields (root name, service, counts, duration)."""
    return {
        "trace_id": trace["trace_id"],
        "root_span_id": trace["root_span_id"],
        "start_time": iso(trace["start_time"]),
        "end_time": iso(trace["end_time"]),
        "root_name": trace["root_name"],
        "root_complete": trace["root_complete"],
        "service_name": trace["service_name"],
        "duration_ms": trace["duration_ms"],
        "span_count": trace["span_count"],
        "error_count": trace["error_count"],
        "status": "error" if trace["error_count"] else "ok",
    }


def span_json(span: dict[str, Any], events: bool = False) -> dict[str, Any]:
    """`SpanWithStatus`, plus genotel's fields (kind, service, duration, status message; span events if asked)."""
    shaped = {
        "span_id": span["span_id"],
        "trace_id": span["trace_id"],
        "parent_span_id": span["parent_span_id"],
        "name": span["name"],
        "start_time": iso(span["start_time"]),
        "end_time": iso(span["end_time"]),
        "attributes": span["attributes"],
        "status": span_status(span["status_code"]),
        "status_message": span["status_message"],
        "kind": span["kind"],
        "service_name": span["service_name"],
        "duration_ms": span["duration_ms"],
    }
    if "depth" in span:
        shaped["depth"] = span["depth"]
    if events:
        shaped["events"] = span["events"]
    return shaped


def label_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def series_json(series: dict[str, Any]) -> dict[str, Any]:
    """`MetricSeries`: labels as name/value pairs, points as {timestamp (epoch seconds), value, unit}."""
    unit = series.get("unit") or ""
    return {
        "metric": series["metric"],
        "labels": [{"name": name, "value": label_text(value)} for name, value in series["labels"].items()],
        "values": [{"timestamp": int(stamp), "value": float(value), "unit": unit} for stamp, value in series["values"]],
    }
