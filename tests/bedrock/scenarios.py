"""The Bedrock cassettes' exchanges, written once: the cassette writer and the tests both read them.

Each scenario is one call: the API, the model id, what the application passes (an invoke body,
or Converse's parameters) and what Bedrock answers (a JSON body with its headers, or the
events of a stream). ``python -m tests.bedrock.write_cassettes`` turns them into
``cassettes/bedrock/<name>.yaml``. Imported as ``from tests.bedrock.scenarios import ...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

REGION = "us-east-1"
HOST = f"bedrock-runtime.{REGION}.amazonaws.com"
SERVER = {"server.address": HOST, "server.port": 443}
CANARIES = ("CANARY-PROMPT-5d1e", "CANARY-COMPLETION-08b7")
PROMPT = "Say hello to CANARY-PROMPT-5d1e."
HELLO = "Hello, CANARY-COMPLETION-08b7!"
SYSTEM = "You are a terse assistant."

CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
CLAUDE_ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0"
CLAUDE_V2 = "anthropic.claude-v2:1"
NOVA = "us.amazon.nova-pro-v1:0"
TITAN = "amazon.titan-text-express-v1"
LLAMA = "meta.llama3-1-70b-instruct-v1:0"
MISTRAL = "mistral.mistral-7b-instruct-v0:2"
MISTRAL_LARGE = "mistral.mistral-large-2407-v1:0"
COHERE = "cohere.command-text-v14"
COMMAND_R = "cohere.command-r-plus-v1:0"
JAMBA = "ai21.jamba-1-5-large-v1:0"
JURASSIC = "ai21.j2-ultra-v1"
DEEPSEEK = "us.deepseek.r1-v1:0"
GPT_OSS = "openai.gpt-oss-120b-1:0"
PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/k8t3xq2n1v0z"

_PATHS = {
    "InvokeModel": "invoke",
    "InvokeModelWithResponseStream": "invoke-with-response-stream",
    "Converse": "converse",
    "ConverseStream": "converse-stream",
}
METHODS = {
    "InvokeModel": "invoke_model",
    "InvokeModelWithResponseStream": "invoke_model_with_response_stream",
    "Converse": "converse",
    "ConverseStream": "converse_stream",
}


@dataclass
class Scenario:
    name: str
    api: str
    model: str
    request: dict[str, Any]  # the invoke body, or Converse's keyword arguments besides modelId
    response: Any  # a JSON body, or a stream's events (see tests.bedrock.eventstream.stream)
    headers: dict[str, str] = field(default_factory=dict)  # response headers besides the usual ones
    status: int = 200

    @property
    def uri(self) -> str:
        return f"https://{HOST}/model/{quote(self.model, safe='-._~')}/{_PATHS[self.api]}"

    @property
    def stream(self) -> bool:
        return self.api in ("InvokeModelWithResponseStream", "ConverseStream")


def tokens(
    input_tokens: int, output_tokens: int, cache_read: int | None = None, cache_write: int | None = None
) -> dict:
    """InvokeModel's token-count response headers."""
    headers = {
        "x-amzn-bedrock-input-token-count": str(input_tokens),
        "x-amzn-bedrock-output-token-count": str(output_tokens),
    }
    if cache_read is not None:
        headers["x-amzn-bedrock-cache-read-input-token-count"] = str(cache_read)
    if cache_write is not None:
        headers["x-amzn-bedrock-cache-write-input-token-count"] = str(cache_write)
    return headers


def metrics(input_tokens: int, output_tokens: int) -> dict:
    """What Bedrock adds to the last chunk of a streamed invoke."""
    return {
        "amazon-bedrock-invocationMetrics": {
            "inputTokenCount": input_tokens,
            "outputTokenCount": output_tokens,
            "invocationLatency": 412,
            "firstByteLatency": 187,
        }
    }


SCENARIOS: dict[str, Scenario] = {}


def scenario(*args: Any, **kwargs: Any) -> Scenario:
    made = Scenario(*args, **kwargs)
    SCENARIOS[made.name] = made
    return made
