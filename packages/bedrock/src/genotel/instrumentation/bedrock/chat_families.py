"""Message-style InvokeModel families besides Anthropic: Amazon Nova, the OpenAI chat shape
(OpenAI's open-weight models, AI21 Jamba), Mistral chat and Cohere Command R."""

from __future__ import annotations

from typing import Any

from genotel.core.kits.openai_chat import ChatAccumulator, chat_response, input_message, tool_definitions
from genotel.core.model import (
    Message,
    OutputMessage,
    Part,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    Usage,
)

from . import converse
from .family import Family, count, set_parameters


class Nova(Family):
    """``{"schemaVersion": "messages-v1", "messages", "system", "inferenceConfig"}``: Converse's blocks."""

    name = "amazon.nova"
    keys = {
        "max_tokens": ("inferenceConfig.maxTokens", "inferenceConfig.max_new_tokens"),
        "temperature": ("inferenceConfig.temperature",),
        "top_p": ("inferenceConfig.topP", "inferenceConfig.top_p"),
        "top_k": ("inferenceConfig.topK", "inferenceConfig.top_k"),
        "stop_sequences": ("inferenceConfig.stopSequences",),
    }

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        request.system_instructions = converse.parts_of(body.get("system"))
        request.messages = converse.input_messages(body.get("messages"))
        request.tool_definitions = converse.tool_definitions(body.get("toolConfig"))

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        return converse.converse_response(body, with_messages, converse.NOVA_CACHE_KEYS)

    def accumulator(self, capture: bool) -> converse.ConverseAccumulator:
        return _NovaChunks(capture, converse.NOVA_CACHE_KEYS)


class _NovaChunks(converse.ConverseAccumulator):
    """Nova's invoke stream opens a new content block for every text delta (index 0, 1, 2, ...): a text
    delta that opens a block right after a text block continues that text, as the non-stream body has it."""

    __slots__ = ()

    def _delta(self, index: int, delta: dict[str, Any]) -> None:
        if "text" in delta and index not in self.blocks and self.blocks:
            last = max(self.blocks)
            if self.blocks[last][0] == "text":
                index = last
        super()._delta(index, delta)


class _Fields:
    """A JSON object read as attributes (None when absent), its keys in ``__dict__`` as an SDK model's
    fields are, for the chat kit's accumulator."""

    __pydantic_extra__ = None  # every key is a field: there is nothing beyond them

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return None


def as_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return _Fields({key: as_fields(item) for key, item in value.items()})
    if isinstance(value, list):
        return [as_fields(item) for item in value]
    return value


class OpenAIChat(Family):
    """The chat-completions shape: OpenAI's gpt-oss models, AI21 Jamba, and any other ``messages`` body."""

    name = "openai.chat"
    keys = {
        "max_tokens": ("max_completion_tokens", "max_tokens"),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "frequency_penalty": ("frequency_penalty",),
        "presence_penalty": ("presence_penalty",),
        "stop_sequences": ("stop",),
        "seed": ("seed",),
        "choice_count": ("n",),
    }

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        request.messages = [input_message(message) for message in body.get("messages") or ()]
        request.tool_definitions = tool_definitions(body.get("tools"), body.get("functions"))

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        return chat_response(body, with_messages)

    def accumulator(self, capture: bool) -> _ChatChunks:
        return _ChatChunks(capture)


class _ChatChunks(ChatAccumulator):
    """The chat kit's accumulator, over chunks that arrive as JSON objects instead of SDK models."""

    __slots__ = ()

    def add(self, chunk: Any) -> None:
        super().add(as_fields(chunk))


class MistralChat(OpenAIChat):
    """Mistral's chat body: the chat shape, but each choice's ``stop_reason`` (and ``message`` in stream chunks)."""

    name = "mistral.chat"

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        messages = []
        for choice in body.get("choices") or ():
            message = choice.get("message") or {}
            output = OutputMessage(message.get("role", "assistant"), finish_reason=choice.get("stop_reason"))
            if with_messages:
                output.parts = input_message(message).parts
            messages.append(output)
        return Response(id=body.get("id"), model=body.get("model"), messages=messages)

    def accumulator(self, capture: bool) -> _ChatChunks:
        return _MistralChunks(capture)


class _MistralChunks(_ChatChunks):
    __slots__ = ()

    def add(self, chunk: Any) -> None:
        choices = [
            {
                **choice,
                "delta": choice.get("delta") or choice.get("message"),
                "finish_reason": choice.get("stop_reason"),
            }
            for choice in chunk.get("choices") or ()
            if isinstance(choice, dict)
        ]
        super().add({**chunk, "choices": choices})


_COHERE_ROLES = {"USER": "user", "CHATBOT": "assistant", "SYSTEM": "system", "TOOL": "tool"}


def _cohere_calls(calls: Any) -> list[Part]:
    return [
        ToolCallPart(None, call.get("name"), call.get("parameters")) for call in calls or () if isinstance(call, dict)
    ]


class CohereChat(Family):
    """Cohere Command R: ``{"message", "chat_history", "preamble", "tools", "tool_results"}``."""

    name = "cohere.command-r"
    keys = {
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("p",),
        "top_k": ("k",),
        "frequency_penalty": ("frequency_penalty",),
        "presence_penalty": ("presence_penalty",),
        "stop_sequences": ("stop_sequences",),
        "seed": ("seed",),
    }

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        if isinstance(body.get("preamble"), str):
            request.system_instructions = [TextPart(body["preamble"])]
        messages = []
        for turn in body.get("chat_history") or ():
            parts: list[Part] = [TextPart(turn["message"])] if isinstance(turn.get("message"), str) else []
            parts += _cohere_calls(turn.get("tool_calls"))
            messages.append(Message(_COHERE_ROLES.get(turn.get("role"), str(turn.get("role")).lower()), parts))
        for result in body.get("tool_results") or ():
            call = result.get("call") or {}
            messages.append(Message("tool", [ToolCallResponsePart(call.get("name"), result.get("outputs"))]))
        if body.get("message"):
            messages.append(Message("user", [TextPart(str(body["message"]))]))
        request.messages = messages
        request.tool_definitions = [
            ToolDefinition(tool.get("name", "tool"), tool.get("description"), tool.get("parameter_definitions"))
            for tool in body.get("tools") or ()
            if isinstance(tool, dict)
        ]

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        output = OutputMessage("assistant", finish_reason=body.get("finish_reason"))
        if with_messages:
            output.parts = ([TextPart(body["text"])] if body.get("text") else []) + _cohere_calls(
                body.get("tool_calls")
            )
        billed = (body.get("meta") or {}).get("billed_units") or {}
        usage = Usage(count(billed.get("input_tokens")), count(billed.get("output_tokens"))) if billed else None
        return Response(id=body.get("response_id"), messages=[output], usage=usage)

    def accumulator(self, capture: bool) -> CohereChatEvents:
        return CohereChatEvents(self, capture)


class CohereChatEvents:
    """``stream-start``, ``text-generation`` and ``stream-end`` (which carries the whole response)."""

    __slots__ = ("capture", "family", "final", "id", "pieces")

    def __init__(self, family: CohereChat, capture: bool) -> None:
        self.family = family
        self.capture = capture
        self.id: str | None = None
        self.pieces: list[str] = []
        self.final: Response | None = None

    def add(self, event: dict[str, Any]) -> None:
        kind = event.get("event_type")
        if kind == "text-generation" and self.capture and isinstance(event.get("text"), str):
            self.pieces.append(event["text"])
        elif kind == "stream-end":
            body = {**(event.get("response") or {}), "finish_reason": event.get("finish_reason")}
            self.final = self.family.response(body, self.capture)
        elif kind == "stream-start":
            self.id = event.get("generation_id")

    def response(self) -> Response:
        if self.final is not None:
            return self.final
        if not self.pieces and self.id is None:
            return Response()
        return Response(messages=[OutputMessage("assistant", [TextPart("".join(self.pieces))] if self.capture else [])])
