"""The neutral model every adapter converts to, so emission is written once for all providers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload


@dataclass(frozen=True, slots=True, eq=False)
class Provider:
    """Who serves a call, as each semconv vocabulary names it, and what its raw finish reasons mean.

    Each adapter declares its own: the same raw string can mean different things at two
    providers. ``finish_reasons`` maps raw values to the 1.36 enum (``stop``, ``tool_calls``,
    ``length``, ``content_filter``, ``error``); the latest enum follows (``tool_call``). Raw
    values not in the table pass through as sent.
    """

    system: str  # gen_ai.system (1.36)
    name: str  # gen_ai.provider.name (latest)
    finish_reasons: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Provider({self.name!r})"


@dataclass(slots=True)
class TextPart:
    content: str


@dataclass(slots=True)
class ToolCallPart:
    id: str | None
    name: str | None
    arguments: Any = None  # a JSON string (OpenAI) or a structured value (Anthropic, Gemini)


@dataclass(slots=True)
class ToolCallResponsePart:
    id: str | None
    response: Any  # a string, a JSON value, or a list of parts (results with images, say)


@dataclass(slots=True)
class ReasoningPart:
    content: str  # empty for reasoning the provider returns redacted


@dataclass(slots=True)
class BlobPart:
    """Inline binary data: only its shape is kept, never its bytes."""

    modality: str
    mime_type: str | None
    byte_size: int


@dataclass(slots=True)
class UriPart:
    modality: str
    uri: str
    mime_type: str | None = None


@dataclass(slots=True)
class FilePart:
    modality: str
    file_id: str
    mime_type: str | None = None


@dataclass(slots=True)
class GenericPart:
    """Anything else the provider sends (refusals, audio transcripts, ...), kept by type name."""

    type: str
    content: Any = None


Part = TextPart | ToolCallPart | ToolCallResponsePart | ReasoningPart | BlobPart | UriPart | FilePart | GenericPart


@dataclass(slots=True)
class Message:
    role: str
    parts: list[Part] = field(default_factory=list)


class History(Sequence[Message]):
    """A request's messages as the caller passed them, each converted the first time it is read.

    Attribute mode reads a conversation newest first and stops at the span's attribute limit, so
    the older turns of a long history are never converted. ``convert`` turns one caller message
    into the neutral messages it stands for (usually one; an Anthropic user turn holding tool
    results gives one ``tool`` message each). The caller's list is copied, not its messages:
    appending to it after the call changes nothing here.
    """

    __slots__ = ("_convert", "_converted", "_given")

    def __init__(self, given: Iterable[Any], convert: Callable[[Any], list[Message]]) -> None:
        self._given = tuple(given)
        self._convert = convert
        self._converted: list[list[Message] | None] = [None] * len(self._given)

    def turn(self, index: int) -> list[Message]:
        """The neutral messages of the caller's message at ``index``."""
        converted = self._converted[index]
        if converted is None:
            converted = self._converted[index] = self._convert(self._given[index])
        return converted

    @property
    def turns(self) -> int:
        """How many messages the caller passed."""
        return len(self._given)

    def __iter__(self) -> Iterator[Message]:
        for index in range(len(self._given)):
            yield from self.turn(index)

    def __len__(self) -> int:
        return sum(len(self.turn(index)) for index in range(len(self._given)))

    @overload
    def __getitem__(self, index: int) -> Message: ...
    @overload
    def __getitem__(self, index: slice) -> list[Message]: ...
    def __getitem__(self, index: int | slice) -> Message | list[Message]:
        return list(self)[index]

    def __bool__(self) -> bool:
        return any(self.turn(index) for index in range(len(self._given)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"History({list(self)!r})"


@dataclass(slots=True)
class OutputMessage:
    role: str
    parts: list[Part] = field(default_factory=list)
    finish_reason: str | None = None


@dataclass(slots=True)
class ToolDefinition:
    name: str
    description: str | None = None
    parameters: Any = None
    type: str = "function"


@dataclass(slots=True)
class Usage:
    """Token counts, normalized: input includes cached tokens, output includes reasoning tokens."""

    input_tokens: int | None = None
    output_tokens: int | None = None
    cache_read_input_tokens: int | None = None
    cache_creation_input_tokens: int | None = None
    reasoning_output_tokens: int | None = None

    @classmethod
    def normalized(
        cls,
        *,
        input_tokens: int | None,
        output_tokens: int | None,
        cache_read: int | None = None,
        cache_creation: int | None = None,
        reasoning: int | None = None,
        input_includes_cache: bool = True,
        output_includes_reasoning: bool = True,
    ) -> Usage:
        """Build usage from provider counts, adding cache/reasoning where the provider reports them apart."""
        if input_tokens is not None and not input_includes_cache:
            input_tokens += (cache_read or 0) + (cache_creation or 0)
        if output_tokens is not None and not output_includes_reasoning:
            output_tokens += reasoning or 0
        return cls(input_tokens, output_tokens, cache_read, cache_creation, reasoning)


@dataclass(slots=True)
class Request:
    operation: str  # chat | text_completion | embeddings | generate_content
    provider: Provider
    model: str | None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    stop_sequences: list[str] | None = None
    seed: int | None = None
    choice_count: int | None = None
    stream: bool = False
    server_address: str | None = None
    server_port: int | None = None
    messages: list[Message] | History = field(default_factory=list)
    system_instructions: list[Part] = field(default_factory=list)
    tool_definitions: list[ToolDefinition] = field(default_factory=list)
    # Content-free, provider-specific span attributes known before the call (service tier, ...).
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SafetyFinding:
    """One thing a provider's safety system said about the request or the response, in its own words.

    ``flagged`` is the provider's verdict (filtered, blocked, detected, refused); an assessment
    that let the content through is not a finding, it only marks its stage as assessed.
    ``detail`` is text that can quote the content (an explanation, a matched string): it is
    recorded only with content capture on.
    """

    stage: str  # "request" or "response"
    action: str | None = None  # what the provider did: "refusal", "content_filter", "BLOCKED", "SAFETY"
    policy: str | None = None  # the provider's policy type: "content_policy", "topic_policy"
    code: str | None = None  # the category: "HATE", "PROMPT_ATTACK", "hate", "HARM_CATEGORY_HARASSMENT"
    confidence: str | None = None  # severity or probability as sent: "HIGH", "medium"
    threat: str | None = None  # an attack type the provider detects: "jailbreak", "indirect_attack"
    category: str | None = None  # the refusal's policy category (Anthropic): "cyber"
    flagged: bool = True
    detail: str | None = None


@dataclass(slots=True)
class Safety:
    """What the provider's safety systems reported for one call; None on a response that reported nothing.

    ``assessed`` names what the provider said it checked (``request``, ``response``, ``threat``),
    so a check that passed is recorded as such rather than as silence.
    """

    findings: list[SafetyFinding] = field(default_factory=list)
    assessed: set[str] = field(default_factory=set)
    guardrail_id: str | None = None


@dataclass(slots=True)
class Response:
    id: str | None = None
    model: str | None = None
    messages: list[OutputMessage] = field(default_factory=list)
    usage: Usage | None = None
    # Content-free, provider-specific span attributes the response reports (service tier, ...).
    attributes: dict[str, Any] = field(default_factory=dict)
    # What the provider's safety systems said; mapped once, at finish, by genotel.core.security.
    safety: Safety | None = None
