"""The three GenAI client histograms, with the bucket boundaries of the telemetry contract."""

from __future__ import annotations

from typing import Any

from opentelemetry.context import Context
from opentelemetry.metrics import Meter

from . import semconv as sc
from .model import Usage


class Metrics:
    __slots__ = ("duration", "time_to_first_chunk", "token_usage")

    def __init__(self, meter: Meter) -> None:
        self.duration = meter.create_histogram(
            sc.METRIC_OPERATION_DURATION,
            unit="s",
            description="GenAI operation duration",
            explicit_bucket_boundaries_advisory=list(sc.DURATION_BUCKETS),
        )
        self.token_usage = meter.create_histogram(
            sc.METRIC_TOKEN_USAGE,
            unit="{token}",
            description="Number of input and output tokens used",
            explicit_bucket_boundaries_advisory=list(sc.TOKEN_BUCKETS),
        )
        self.time_to_first_chunk = meter.create_histogram(
            sc.METRIC_TIME_TO_FIRST_CHUNK,
            unit="s",
            description="Time from the request to the first chunk of a streamed response",
            explicit_bucket_boundaries_advisory=list(sc.DURATION_BUCKETS),
        )

    def record(
        self,
        attributes: dict[str, Any],
        duration: float,
        usage: Usage | None,
        first_chunk: float | None,
        context: Context | None = None,
    ) -> None:
        """One call's points, in ``context`` (the GenAI span's), so exemplars point at that span."""
        self.duration.record(duration, attributes, context)
        if first_chunk is not None:
            self.time_to_first_chunk.record(first_chunk, attributes, context)
        if usage is None:
            return
        if usage.input_tokens is not None:
            self.token_usage.record(usage.input_tokens, {**attributes, sc.TOKEN_TYPE: "input"}, context)
        if usage.output_tokens is not None:
            self.token_usage.record(usage.output_tokens, {**attributes, sc.TOKEN_TYPE: "output"}, context)
