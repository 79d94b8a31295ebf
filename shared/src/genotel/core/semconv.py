"""GenAI semantic-convention names and the two vocabularies (1.36 and latest experimental)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OPERATION_NAME = "gen_ai.operation.name"
SYSTEM = "gen_ai.system"
PROVIDER_NAME = "gen_ai.provider.name"
REQUEST_MODEL = "gen_ai.request.model"
REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens"
REQUEST_TEMPERATURE = "gen_ai.request.temperature"
REQUEST_TOP_P = "gen_ai.request.top_p"
REQUEST_TOP_K = "gen_ai.request.top_k"
REQUEST_FREQUENCY_PENALTY = "gen_ai.request.frequency_penalty"
REQUEST_PRESENCE_PENALTY = "gen_ai.request.presence_penalty"
REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences"
REQUEST_SEED = "gen_ai.request.seed"
REQUEST_CHOICE_COUNT = "gen_ai.request.choice.count"
SERVER_ADDRESS = "server.address"
SERVER_PORT = "server.port"
RESPONSE_ID = "gen_ai.response.id"
RESPONSE_MODEL = "gen_ai.response.model"
RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons"
RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk"
USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens"
USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens"
USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens"
USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens"
USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens"
TOKEN_TYPE = "gen_ai.token.type"
ERROR_TYPE = "error.type"

INPUT_MESSAGES = "gen_ai.input.messages"
OUTPUT_MESSAGES = "gen_ai.output.messages"
SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions"
TOOL_DEFINITIONS = "gen_ai.tool.definitions"
OPERATION_DETAILS_EVENT = "gen_ai.client.inference.operation.details"

METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration"
METRIC_TOKEN_USAGE = "gen_ai.client.token.usage"
METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk"
DURATION_BUCKETS = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
TOKEN_BUCKETS = (
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
)  # fmt: skip

# Raw provider finish reasons -> the 1.36 event enum and the latest JSON enum.
_FINISH_1_36 = {
    "stop": "stop", "end_turn": "stop", "stop_sequence": "stop", "STOP": "stop", "complete": "stop",
    "COMPLETE": "stop", "end_of_turn": "stop", "pause_turn": "stop",
    "tool_calls": "tool_calls", "function_call": "tool_calls", "tool_use": "tool_calls",
    "length": "length", "max_tokens": "length", "MAX_TOKENS": "length", "max_output_tokens": "length",
    "model_context_window_exceeded": "length",
    "content_filter": "content_filter", "SAFETY": "content_filter", "RECITATION": "content_filter",
    "BLOCKLIST": "content_filter", "PROHIBITED_CONTENT": "content_filter", "SPII": "content_filter",
    "guardrail_intervened": "content_filter", "refusal": "content_filter",
    "error": "error", "ERROR": "error", "MALFORMED_FUNCTION_CALL": "error", "OTHER": "error",
}  # fmt: skip
_FINISH_LATEST = {raw: ("tool_call" if v == "tool_calls" else v) for raw, v in _FINISH_1_36.items()}

_PROVIDERS_1_36 = {
    "openai": "openai", "azure.openai": "az.ai.openai", "anthropic": "anthropic",
    "aws.bedrock": "aws.bedrock", "gemini": "gemini", "vertex_ai": "vertex_ai",
}  # fmt: skip
_PROVIDERS_LATEST = {
    "openai": "openai", "azure.openai": "azure.ai.openai", "anthropic": "anthropic",
    "aws.bedrock": "aws.bedrock", "gemini": "gcp.gemini", "vertex_ai": "gcp.vertex_ai",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Names that differ between semconv versions; chosen once at ``instrument()``."""

    provider_key: str
    _providers: Mapping[str, str]
    _finish: Mapping[str, str]

    def provider(self, neutral_id: str) -> str:
        return self._providers.get(neutral_id, neutral_id)

    def finish_reason(self, raw: str | None) -> str | None:
        """The enum value for a raw finish reason; values outside the enum pass through as sent."""
        if raw is None:
            return None
        return self._finish.get(raw, raw)


VOCABULARY_1_36 = Vocabulary(SYSTEM, _PROVIDERS_1_36, _FINISH_1_36)
VOCABULARY_LATEST = Vocabulary(PROVIDER_NAME, _PROVIDERS_LATEST, _FINISH_LATEST)
