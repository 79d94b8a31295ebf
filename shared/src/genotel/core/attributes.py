"""Content-free span and metric attributes, the same in every mode."""

from __future__ import annotations

from typing import Any

from . import semconv as sc
from .model import Request, Response, Usage
from .security.signals import safety_attributes
from .semconv import Vocabulary

# Semconv types these as doubles: `temperature=0` is recorded as 0.0.
_FLOAT_PARAMETERS = (
    ("temperature", sc.REQUEST_TEMPERATURE),
    ("top_p", sc.REQUEST_TOP_P),
    ("top_k", sc.REQUEST_TOP_K),
    ("frequency_penalty", sc.REQUEST_FREQUENCY_PENALTY),
    ("presence_penalty", sc.REQUEST_PRESENCE_PENALTY),
)
_INT_PARAMETERS = (
    ("max_tokens", sc.REQUEST_MAX_TOKENS),
    ("seed", sc.REQUEST_SEED),
)

_USAGE_KEYS = (
    ("input_tokens", sc.USAGE_INPUT_TOKENS),
    ("output_tokens", sc.USAGE_OUTPUT_TOKENS),
    ("cache_read_input_tokens", sc.USAGE_CACHE_READ_INPUT_TOKENS),
    ("cache_creation_input_tokens", sc.USAGE_CACHE_CREATION_INPUT_TOKENS),
    ("reasoning_output_tokens", sc.USAGE_REASONING_OUTPUT_TOKENS),
)


def span_name(request: Request) -> str:
    return f"{request.operation} {request.model}" if request.model else request.operation


def request_attributes(request: Request, vocabulary: Vocabulary) -> dict[str, Any]:
    """Everything known before the call: set at span start so samplers see it."""
    attributes: dict[str, Any] = {
        sc.OPERATION_NAME: request.operation,
        vocabulary.provider_key: vocabulary.provider(request.provider),
    }
    if request.model:
        attributes[sc.REQUEST_MODEL] = request.model
    for field, key in _FLOAT_PARAMETERS:
        value = getattr(request, field)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            attributes[key] = float(value)
    for field, key in _INT_PARAMETERS:
        value = getattr(request, field)
        if isinstance(value, int) and not isinstance(value, bool):
            attributes[key] = value
    if request.stop_sequences:
        attributes[sc.REQUEST_STOP_SEQUENCES] = list(request.stop_sequences)
    if request.choice_count is not None and request.choice_count != 1:
        attributes[sc.REQUEST_CHOICE_COUNT] = request.choice_count
    if request.server_address:
        attributes[sc.SERVER_ADDRESS] = request.server_address
        if request.server_port is not None:
            attributes[sc.SERVER_PORT] = request.server_port
    if request.attributes:
        attributes.update(request.attributes)
    return attributes


def response_attributes(response: Response, capture: bool = False) -> dict[str, Any]:
    """What the response reports; its safety signals' quoted text (explanations) only with ``capture``."""
    attributes: dict[str, Any] = {}
    if response.id:
        attributes[sc.RESPONSE_ID] = response.id
    if response.model:
        attributes[sc.RESPONSE_MODEL] = response.model
    reasons = [message.finish_reason for message in response.messages if message.finish_reason]
    if reasons:
        attributes[sc.RESPONSE_FINISH_REASONS] = reasons
    if response.usage is not None:
        attributes.update(usage_attributes(response.usage))
    if response.attributes:
        attributes.update(response.attributes)
    if response.safety is not None:
        attributes.update(safety_attributes(response.safety, capture))
    return attributes


def usage_attributes(usage: Usage) -> dict[str, int]:
    return {key: value for field, key in _USAGE_KEYS if (value := getattr(usage, field)) is not None}


def metric_attributes(
    request: Request, response: Response | None, vocabulary: Vocabulary, error_type: str | None
) -> dict[str, Any]:
    """Bounded-cardinality attributes: no ids, no content."""
    attributes: dict[str, Any] = {
        sc.OPERATION_NAME: request.operation,
        vocabulary.provider_key: vocabulary.provider(request.provider),
    }
    if request.model:
        attributes[sc.REQUEST_MODEL] = request.model
    if response is not None and response.model:
        attributes[sc.RESPONSE_MODEL] = response.model
    if request.server_address:
        attributes[sc.SERVER_ADDRESS] = request.server_address
        if request.server_port is not None:
            attributes[sc.SERVER_PORT] = request.server_port
    if error_type:
        attributes[sc.ERROR_TYPE] = error_type
    return attributes
