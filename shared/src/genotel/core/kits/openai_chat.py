"""The OpenAI chat-completions shape, which many SDKs speak (openai, groq, together, mistralai, ...).

Converters for its requests, responses and streamed chunks, written once: an SDK of this shape
supplies its provider and server and reuses everything else (``OpenAIChatAdapter`` for the
Stainless-generated ones).
"""

from __future__ import annotations

from typing import Any

from ..convert import blob, content_parts, field, rare_field, url_part
from ..model import (
    FilePart,
    GenericPart,
    History,
    Message,
    OutputMessage,
    Part,
    Provider,
    ReasoningPart,
    Request,
    Response,
    Safety,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    Usage,
)
from .openai_safety import add_choice_signals, add_prompt_filters, chat_safety, error_safety, extra
from .stainless import StainlessAdapter, client_server, given, parsed

# The chat shape's raw finish reasons, and what they mean in the 1.36 enum.
FINISH_REASONS = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}


class OpenAIChatAdapter(StainlessAdapter):
    """``chat.completions.create`` / ``parse`` of a Stainless SDK of this shape, sync or async.

    Subclasses name the provider (``provider_of``); everything else is the shape's.
    """

    max_tokens_keys: tuple[str, ...] = ("max_completion_tokens", "max_tokens")

    def provider_of(self, resource: Any) -> Provider:
        raise NotImplementedError

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        address, port = client_server(instance)
        return chat_request(kwargs, self.provider_of(instance), address, port, "chat", self.max_tokens_keys)

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = History(given(kwargs.get("messages")) or (), input_turn)
        request.tool_definitions = tool_definitions(given(kwargs.get("tools")), given(kwargs.get("functions")))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        completion = parsed(result)
        return None if completion is None else chat_response(completion, with_messages)

    def accumulator(self, capture: bool) -> ChatAccumulator:
        return ChatAccumulator(capture)

    def response_from_error(self, error: BaseException, with_messages: bool) -> Response | None:
        """``parse()`` rejecting a completion it received (length, content filter) keeps it on the error;
        Azure blocking the prompt says which filters did in the error's body."""
        completion = getattr(error, "completion", None)
        if completion is not None:
            return self.to_response(completion, with_messages)
        safety = error_safety(getattr(error, "body", None))
        return None if safety is None else Response(safety=safety)


def chat_request(
    kwargs: dict[str, Any],
    provider: Provider,
    address: str | None,
    port: int | None,
    operation: str = "chat",
    max_tokens_keys: tuple[str, ...] = ("max_tokens",),
) -> Request:
    """The content-free request of this shape's parameters; ``max_tokens_keys`` in order of preference."""
    max_tokens = next((value for key in max_tokens_keys if (value := given(kwargs.get(key))) is not None), None)
    return Request(
        operation=operation,
        provider=provider,
        model=given(kwargs.get("model")),
        max_tokens=max_tokens,
        temperature=given(kwargs.get("temperature")),
        top_p=given(kwargs.get("top_p")),
        frequency_penalty=given(kwargs.get("frequency_penalty")),
        presence_penalty=given(kwargs.get("presence_penalty")),
        stop_sequences=stop_sequences(kwargs.get("stop")),
        seed=given(kwargs.get("seed")),
        choice_count=given(kwargs.get("n")),
        stream=bool(given(kwargs.get("stream"))),
        server_address=address,
        server_port=port,
    )


def stop_sequences(stop: Any) -> list[str] | None:
    stop = given(stop)
    if stop is None:
        return None
    return [stop] if isinstance(stop, str) else list(stop)


def chat_usage(usage: Any) -> Usage | None:
    """Prompt tokens include cached ones, completion tokens include reasoning: already normalized."""
    if usage is None:
        return None
    return Usage(
        input_tokens=field(usage, "prompt_tokens"),
        output_tokens=field(usage, "completion_tokens"),
        cache_read_input_tokens=field(field(usage, "prompt_tokens_details"), "cached_tokens"),
        reasoning_output_tokens=field(field(usage, "completion_tokens_details"), "reasoning_tokens"),
    )


def chat_response(completion: Any, with_messages: bool) -> Response:
    choices = field(completion, "choices", ())
    return Response(
        id=field(completion, "id"),
        model=field(completion, "model"),
        messages=[output_message(choice, with_messages) for choice in choices],
        usage=chat_usage(field(completion, "usage")),
        safety=chat_safety(completion, choices),
    )


def input_turn(message: Any) -> list[Message]:
    return [input_message(message)]


def input_message(message: Any) -> Message:
    role = field(message, "role", "user")
    if role in ("tool", "function"):
        call_id = field(message, "tool_call_id") or field(message, "name")
        return Message("tool", [ToolCallResponsePart(call_id, _plain_text(field(message, "content")))])
    parts = content_parts(field(message, "content"), _content_part)
    refusal = field(message, "refusal")
    if refusal:
        parts.append(GenericPart("refusal", refusal))
    for call in field(message, "tool_calls", ()):
        parts.append(tool_call(call))
    function_call = field(message, "function_call")
    if function_call:
        parts.append(ToolCallPart(None, field(function_call, "name"), field(function_call, "arguments")))
    return Message(role, parts)


def _content_part(part: Any) -> Part:
    kind = field(part, "type")
    if kind == "text":
        return TextPart(field(part, "text", ""))
    if kind == "image_url":
        return url_part(field(field(part, "image_url"), "url", ""), "image")
    if kind == "input_audio":
        audio = field(part, "input_audio")
        audio_format = field(audio, "format")
        return blob(field(audio, "data", ""), f"audio/{audio_format}" if audio_format else None, "audio")
    if kind == "file":
        file = field(part, "file")
        if field(file, "file_data"):
            return url_part(field(file, "file_data"), "document")
        return FilePart("document", field(file, "file_id", ""))
    if kind == "refusal":
        return GenericPart("refusal", field(part, "refusal"))
    return GenericPart(str(kind))


def _plain_text(content: Any) -> Any:
    """Tool results: a string, or the texts of a list of text parts."""
    if content is None or isinstance(content, str):
        return content
    return "\n".join(field(part, "text", "") for part in content)


def tool_call(call: Any) -> ToolCallPart:
    if field(call, "type") == "custom":
        custom = field(call, "custom")
        return ToolCallPart(field(call, "id"), field(custom, "name"), field(custom, "input"))
    function = field(call, "function")
    return ToolCallPart(field(call, "id"), field(function, "name"), field(function, "arguments"))


def tool_definitions(tools: Any, functions: Any) -> list[ToolDefinition]:
    definitions = []
    for tool in tools or ():
        kind = field(tool, "type", "function")
        spec = field(tool, kind) or tool
        definitions.append(
            ToolDefinition(field(spec, "name", kind), field(spec, "description"), field(spec, "parameters"), kind)
        )
    for function in functions or ():
        definitions.append(
            ToolDefinition(field(function, "name"), field(function, "description"), field(function, "parameters"))
        )
    return definitions


def output_message(choice: Any, with_messages: bool) -> OutputMessage:
    message = field(choice, "message")
    output = OutputMessage(field(message, "role", "assistant"), finish_reason=field(choice, "finish_reason"))
    if with_messages and message is not None:
        output.parts = input_message(message).parts
    return output


class _ChoiceBuffer:
    __slots__ = ("calls", "finish_reason", "refusal", "refused", "role", "text")

    def __init__(self) -> None:
        self.role = "assistant"
        self.text: list[str] = []
        self.refusal: list[str] = []
        self.calls: dict[int, list[Any]] = {}  # tool-call index -> [id, name, argument fragments]
        self.finish_reason: str | None = None
        self.refused = False

    def message(self) -> OutputMessage:
        parts: list[Part] = []
        if self.text:
            parts.append(TextPart("".join(self.text)))
        if self.refusal:
            parts.append(GenericPart("refusal", "".join(self.refusal)))
        for call_id, name, fragments in (self.calls[index] for index in sorted(self.calls)):
            parts.append(ToolCallPart(call_id, name, "".join(fragments) if fragments else None))
        return OutputMessage(self.role, parts, self.finish_reason)


REASONING_FIELDS = ("reasoning", "reasoning_content")


def reasoning_of(message: Any) -> str | None:
    """The reasoning text an OpenAI-compatible server puts in a message or delta, under either field name."""
    for name in REASONING_FIELDS:
        value = field(message, name)
        if value:
            return value  # type: ignore[no-any-return]
    return None


class ChatAccumulator:
    """Merges chunk deltas per choice index, tool calls per tool-call index; usage from the last chunk.

    Text and tool arguments are buffered only when content is captured. One flat ``add`` per chunk
    serves the shape's variants, chosen by class attributes rather than overrides: ``reads_reasoning``
    (servers that stream reasoning deltas) and ``usage_carrier`` (a chunk field whose ``usage`` is
    the stream's usage: Groq's ``x_groq``).
    """

    __slots__ = ("capture", "choices", "filters", "id", "model", "reasoning", "usage")

    reads_reasoning = False
    usage_carrier: str | None = None

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.filters: Safety | None = None  # Azure's filter verdicts, folded in as they arrive
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.choices: dict[int, _ChoiceBuffer] = {}
        # Reasoning deltas per choice (buffered only when captured), for servers that stream them.
        self.reasoning: dict[int, list[str]] | None = {} if self.reads_reasoning else None

    @staticmethod
    def carries_output(chunk: Any) -> bool:
        """Azure sends a content-filter annotation first (no choices, empty id and model): not output yet."""
        return bool(chunk.choices)

    def add(self, chunk: Any) -> None:
        """Called once per chunk. A stream's chunks arrive between long stretches of SDK work that leave
        the CPU caches cold, so every read and call here costs several times its warm price: a text
        delta takes attribute reads and no call, and the fields few deltas carry (``refusal``, Azure's
        filter verdicts) are read from the model's field and extras dicts (``rare_field``'s way) inline.
        """
        if not self.id:
            self.id = chunk.id or None
            self.model = chunk.model or None
        usage = chunk.usage
        if usage is not None:
            self.usage = usage
        if self.usage_carrier is not None:  # a declared field of the SDK's chunk model: no miss to pay for
            carrier = getattr(chunk, self.usage_carrier, None)
            if carrier is not None:  # on a stream's first and last chunks only
                carried = getattr(carrier, "usage", None)
                if carried is not None:
                    self.usage = carried
        choices = chunk.choices
        if not choices:  # Azure's prompt annotations come in a chunk without choices
            prompt_filters = extra(chunk, "prompt_filter_results")
            if prompt_filters:
                add_prompt_filters(self._filters(), prompt_filters)
            return
        for choice in choices:
            buffer = self.choices.get(choice.index)
            if buffer is None:
                buffer = self.choices[choice.index] = _ChoiceBuffer()
            delta = choice.delta
            if delta is not None:
                if delta.role:
                    buffer.role = delta.role
                if delta.tool_calls:
                    self._merge_calls(buffer, delta.tool_calls)
                refusal = delta.__dict__.get("refusal")
                if refusal is None:
                    extras = getattr(delta, "__pydantic_extra__", None)
                    refusal = extras.get("refusal") if extras else None
                if refusal:
                    buffer.refused = True
                if self.capture:
                    self._capture(choice.index, buffer, delta, refusal)
            if choice.finish_reason is not None:
                buffer.finish_reason = choice.finish_reason
            extras = getattr(choice, "__pydantic_extra__", None)
            if extras:
                filters = extras.get("content_filter_results")
                if filters:
                    add_choice_signals(self._filters(), False, None, filters)

    def _capture(self, index: int, buffer: _ChoiceBuffer, delta: Any, refusal: Any) -> None:
        if delta.content:
            buffer.text.append(delta.content)
        if refusal:
            buffer.refusal.append(refusal)
        if self.reasoning is not None:
            reasoning = rare_field(delta, "reasoning") or rare_field(delta, "reasoning_content")
            if reasoning:
                self.reasoning.setdefault(index, []).append(reasoning)

    def _merge_calls(self, buffer: _ChoiceBuffer, calls: Any) -> None:
        for call in calls:
            entry = buffer.calls.get(call.index)
            if entry is None:
                entry = buffer.calls[call.index] = [None, None, []]
            if call.id:
                entry[0] = call.id
            function = call.function
            if function is not None:
                if function.name:
                    entry[1] = function.name
                if self.capture and function.arguments:
                    entry[2].append(function.arguments)

    def response(self) -> Response:
        messages = []
        for index in sorted(self.choices):
            message = self.choices[index].message()
            if self.reasoning and index in self.reasoning:
                message.parts.insert(0, ReasoningPart("".join(self.reasoning[index])))
            messages.append(message)
        return Response(
            id=self.id,
            model=self.model,
            messages=messages,
            usage=chat_usage(self.usage),
            safety=self._safety(),
        )

    def _filters(self) -> Safety:
        if self.filters is None:
            self.filters = Safety()
        return self.filters

    def _safety(self) -> Safety | None:
        safety = self.filters or Safety()
        for buffer in self.choices.values():
            add_choice_signals(safety, buffer.refused, buffer.finish_reason, None)
        return safety if safety.findings or safety.assessed else None
