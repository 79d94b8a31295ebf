"""Messages API (``messages.create`` / ``stream`` / ``parse``, and their beta twins) to the neutral model.

Tool results arrive inside user turns; each becomes its own ``tool`` message, as the
contract asks. Usage is normalized: Anthropic's ``input_tokens`` leave out cached tokens.
"""

from __future__ import annotations

import functools
import inspect
import json
from typing import Any

from genotel.core.convert import content_parts
from genotel.core.kits.anthropic_messages import (
    FINISH_REASONS,
    TOOL_CALLS,
    block_part,
    convert_message,
    input_turn,
    tool_definition,
    usage_of,
)
from genotel.core.kits.stainless import StainlessAdapter, client_of, client_server, given, parsed
from genotel.core.model import (
    GenericPart,
    History,
    OutputMessage,
    Part,
    Provider,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
)


class MessagesAdapter(StainlessAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        address, port = client_server(instance)
        stop = given(kwargs.get("stop_sequences"))
        sampling = _sampling(kwargs)
        return Request(
            operation="chat",
            provider=provider_of(client_of(instance)),
            model=given(kwargs.get("model")),
            max_tokens=given(kwargs.get("max_tokens")),
            temperature=sampling.get("temperature"),
            top_p=sampling.get("top_p"),
            top_k=sampling.get("top_k"),
            stop_sequences=list(stop) if stop else None,
            stream=bool(given(kwargs.get("stream"))),
            server_address=address,
            server_port=port,
        )

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.system_instructions = content_parts(given(kwargs.get("system")), block_part)
        request.messages = History(given(kwargs.get("messages")) or (), input_turn)
        request.tool_definitions = [tool_definition(tool) for tool in given(kwargs.get("tools")) or ()]

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        message = parsed(result)
        return None if message is None else convert_message(message, with_messages)

    def accumulator(self, capture: bool) -> MessagesAccumulator:
        return MessagesAccumulator(capture)


class MessageStreamAdapter(MessagesAdapter):
    """``messages.stream()``: its manager makes the request on ``__enter__``, and that request is traced.

    The manager keeps the prepared request in a name-mangled attribute (``_<Manager class>__api_request``:
    a callable, or for the async manager an awaitable not awaited yet).
    """

    defers_request = True

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        request = super().to_request(instance, args, kwargs)
        request.stream = True
        return request

    def defer(self, result: Any, trace: Any) -> Any:
        name = f"_{type(result).__name__}__api_request"
        request = getattr(result, name)
        setattr(result, name, trace(request) if inspect.isawaitable(request) else functools.partial(trace, request))
        return result


def _sampling(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Sampling parameters: keyword arguments, or ``extra_body`` where newer SDKs no longer take them."""
    extra = given(kwargs.get("extra_body"))
    extra = extra if isinstance(extra, dict) else {}
    sampling = {}
    for key in ("temperature", "top_p", "top_k"):
        value = given(kwargs.get(key))
        sampling[key] = value if value is not None else extra.get(key)
    return sampling


ANTHROPIC = Provider("anthropic", "anthropic", FINISH_REASONS)
ANTHROPIC_ON_BEDROCK = Provider("aws.bedrock", "aws.bedrock", FINISH_REASONS)
ANTHROPIC_ON_VERTEX = Provider("vertex_ai", "gcp.vertex_ai", FINISH_REASONS)


def provider_of(client: Any) -> Provider:
    """The client class tells the platform: Bedrock and Vertex clients serve Claude too."""
    name = type(client).__name__
    if "Bedrock" in name:
        return ANTHROPIC_ON_BEDROCK
    if "Vertex" in name:
        return ANTHROPIC_ON_VERTEX
    return ANTHROPIC


class _Block:
    __slots__ = ("id", "kind", "name", "pieces")

    def __init__(self, kind: str, id: str | None = None, name: str | None = None) -> None:
        self.kind = kind
        self.id = id
        self.name = name
        self.pieces: list[str] = []

    def part(self) -> Part:
        text = "".join(self.pieces)
        if self.kind == "text":
            return TextPart(text)
        if self.kind == "thinking":
            return ReasoningPart(text)
        if self.kind == "redacted_thinking":
            return ReasoningPart("")
        if self.kind in TOOL_CALLS:
            return ToolCallPart(self.id, self.name, _json_or_text(text) if self.pieces else None)
        return GenericPart(self.kind)


def _json_or_text(text: str) -> Any:
    """Streamed tool input arrives as JSON fragments; joined, it is the same input as the non-stream path."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class MessagesAccumulator:
    """Folds raw stream events (message_start, content_block_*, message_delta) into one response.

    Text, thinking and tool input are buffered only when content is captured.
    """

    __slots__ = ("blocks", "capture", "id", "model", "stop_reason", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.usage: dict[str, int] = {}
        self.stop_reason: str | None = None
        self.blocks: dict[int, _Block] = {}

    def add(self, event: Any) -> None:
        kind = event.type
        if kind == "content_block_delta":
            if self.capture:
                block = self.blocks.get(event.index)
                delta = event.delta
                piece = getattr(delta, "text", None) or getattr(delta, "partial_json", None)
                piece = piece or getattr(delta, "thinking", None)
                if block is not None and piece:
                    block.pieces.append(piece)
        elif kind == "content_block_start":
            start = event.content_block
            block = _Block(start.type, getattr(start, "id", None), getattr(start, "name", None))
            if self.capture and start.type in ("text", "thinking"):
                initial = getattr(start, "text", None) or getattr(start, "thinking", None)
                if initial:
                    block.pieces.append(initial)
            self.blocks[event.index] = block
        elif kind == "message_start":
            message = event.message
            self.id = message.id
            self.model = message.model
            self._merge_usage(message.usage)
        elif kind == "message_delta":
            self.stop_reason = event.delta.stop_reason or self.stop_reason
            self._merge_usage(event.usage)

    def _merge_usage(self, usage: Any) -> None:
        for key in ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
            value = getattr(usage, key, None)
            if value is not None:
                self.usage[key] = value

    def response(self) -> Response:
        output = OutputMessage(
            "assistant", [self.blocks[index].part() for index in sorted(self.blocks)], self.stop_reason
        )
        return Response(
            self.id, self.model, [output] if self.blocks or self.stop_reason else [], usage_of(self.usage or None)
        )
