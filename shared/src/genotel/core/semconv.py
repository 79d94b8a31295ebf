"""GenAI semantic-convention names and the two vocabularies (1.36 and latest experimental)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Provider

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

FINISH_ENUM_1_36 = frozenset({"stop", "tool_calls", "length", "content_filter", "error"})


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Names that differ between semconv versions; chosen once at ``instrument()``."""

    provider_key: str
    latest: bool

    def provider(self, provider: Provider) -> str:
        return provider.name if self.latest else provider.system

    def finish_reason(self, provider: Provider, raw: str | None) -> str | None:
        """The enum value of a raw finish reason, by the provider's own table; others pass through as sent."""
        if raw is None:
            return None
        value = provider.finish_reasons.get(raw, raw)
        return "tool_call" if self.latest and value == "tool_calls" else value


VOCABULARY_1_36 = Vocabulary(SYSTEM, latest=False)
VOCABULARY_LATEST = Vocabulary(PROVIDER_NAME, latest=True)
