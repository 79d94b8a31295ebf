"""Which family an InvokeModel body belongs to: its shape first, the model id only to tell apart
families whose requests look alike, so a new model of a known family (or an ARN without a hint)
is still read. A body that fits no family gets a span without content."""

from __future__ import annotations

from typing import Any

from genotel.core.model import Response

from .anthropic_body import AnthropicMessages
from .chat_families import CohereChat, MistralChat, Nova, OpenAIChat
from .embeddings import EMBEDDINGS, is_embeddings
from .family import UNKNOWN, Family, PromptFamily
from .prompt_families import CLAUDE_TEXT, COHERE_TEXT, DEEPSEEK, JURASSIC, LLAMA, MISTRAL_TEXT, TITAN

ANTHROPIC = AnthropicMessages()
NOVA = Nova()
OPENAI_CHAT = OpenAIChat()
MISTRAL_CHAT = MistralChat()
COHERE_CHAT = CohereChat()

# Response keys that name a prompt family, for a prompt body whose model id gives no hint.
_BY_RESPONSE_KEY: dict[str, PromptFamily] = {
    "results": TITAN,
    "generation": LLAMA,
    "outputs": MISTRAL_TEXT,
    "choices": DEEPSEEK,
    "completion": CLAUDE_TEXT,
    "generations": COHERE_TEXT,
    "completions": JURASSIC,
}


class AnyPrompt(Family):
    """A prompt body of no family the model id names (an application inference profile ARN):
    the response's keys tell which family answered."""

    name = "prompt"
    operation = "text_completion"

    def parameters(self, body: dict[str, Any], request: Any) -> None:
        DEEPSEEK.parameters(body, request)

    def add_content(self, body: dict[str, Any], request: Any) -> None:
        DEEPSEEK.add_content(body, request)

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        return _answering(body).response(body, with_messages)

    def accumulator(self, capture: bool) -> Any:
        return _FirstChunkDecides(capture)


def _answering(body: dict[str, Any]) -> Family:
    return next((family for key, family in _BY_RESPONSE_KEY.items() if key in body), UNKNOWN)


class _FirstChunkDecides:
    __slots__ = ("capture", "inner")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.inner: Any = None

    def add(self, chunk: dict[str, Any]) -> None:
        if self.inner is None:
            self.inner = _answering(chunk).accumulator(self.capture)
        self.inner.add(chunk)

    def response(self) -> Response:
        return Response() if self.inner is None else self.inner.response()


ANY_PROMPT = AnyPrompt()


def family_of(model_id: Any, body: dict[str, Any] | None) -> Family:
    if body is None:
        return UNKNOWN
    model = model_id.lower() if isinstance(model_id, str) else ""
    if is_embeddings(model, body):
        return EMBEDDINGS
    if "messages" in body:
        if "anthropic_version" in body or "anthropic." in model:
            return ANTHROPIC
        if "schemaVersion" in body or "nova" in model or _converse_blocks(body["messages"]):
            return NOVA
        return MISTRAL_CHAT if "mistral" in model else OPENAI_CHAT
    if "inputText" in body:
        return TITAN
    if "message" in body or "chat_history" in body:
        return COHERE_CHAT
    if isinstance(body.get("prompt"), str):
        return _prompt_family(model, body)
    return UNKNOWN


def _prompt_family(model: str, body: dict[str, Any]) -> Family:
    if "max_tokens_to_sample" in body or "anthropic." in model or body["prompt"].startswith("\n\nHuman:"):
        return CLAUDE_TEXT
    if "max_gen_len" in body or "llama" in model:
        return LLAMA
    if "maxTokens" in body or "numResults" in body or "ai21." in model:
        return JURASSIC
    if "num_generations" in body or "return_likelihoods" in body or "cohere." in model:
        return COHERE_TEXT
    if "deepseek" in model:
        return DEEPSEEK
    if "mistral" in model:
        return MISTRAL_TEXT
    return ANY_PROMPT


def _converse_blocks(messages: Any) -> bool:
    """Nova's (and Converse's) content blocks are single-key dicts without a ``type``."""
    for message in messages if isinstance(messages, list) else ():
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list) and content and isinstance(content[0], dict):
            return "type" not in content[0]
    return False
