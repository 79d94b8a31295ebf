"""Mistral chat completions (``chat.complete`` / ``chat.stream`` and their async twins) to the neutral model.

The wire shape is OpenAI's chat completions, so parameters, usage and tool calls go through the
core's ``openai_chat`` converters. Written here is only what differs: ``random_seed`` and
``top_k``; content chunks (``thinking`` is reasoning, ``image_url`` may be a plain string,
``document_url``, ``file``, ``input_audio``); tool arguments that may be a JSON object; and
streamed ``CompletionEvent``s, which wrap each chunk in ``data``.
"""

from __future__ import annotations

from typing import Any

from genotel.core import Adapter
from genotel.core.convert import blob, content_parts, url_part
from genotel.core.kits.openai_chat import chat_request, chat_usage, tool_call, tool_definitions
from genotel.core.model import (
    FilePart,
    GenericPart,
    Message,
    OutputMessage,
    Part,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    UriPart,
)

from .common import MISTRAL, get, given_kwargs, server


class ChatAdapter(Adapter):
    """``chat.complete`` (``streams = False``) or ``chat.stream`` (``streams = True``), sync or async."""

    def __init__(self, streams: bool) -> None:
        self.streams = streams

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        kwargs = given_kwargs(kwargs)
        address, port = server(instance, kwargs)
        request = chat_request(kwargs, MISTRAL, address, port)
        request.seed = kwargs.get("random_seed")
        request.top_k = kwargs.get("top_k")
        request.stream = self.streams
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        kwargs = given_kwargs(kwargs)
        request.messages = [input_message(message) for message in kwargs.get("messages") or ()]
        request.tool_definitions = tool_definitions(kwargs.get("tools"), None)

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        if result is None:
            return None
        choices = get(result, "choices") or ()
        return Response(
            id=get(result, "id"),
            model=get(result, "model"),
            messages=[output_message(choice, with_messages) for choice in choices],
            usage=chat_usage(get(result, "usage")),
        )

    def accumulator(self, capture: bool) -> StreamAccumulator:
        return StreamAccumulator(capture)

    def wrap(self, result: Any, invocation: Any) -> Any:
        """A stream also ends when its HTTP response is closed: mistralai 1.x streams have no ``close()``."""
        if invocation.request.stream:
            return invocation.observe(result, closes_with=getattr(result, "response", None))
        return super().wrap(result, invocation)


def input_message(message: Any) -> Message:
    role = get(message, "role") or "user"
    if role == "tool":
        call_id = get(message, "tool_call_id") or get(message, "name")
        return Message("tool", [ToolCallResponsePart(call_id, _tool_result(get(message, "content")))])
    parts = content_parts(get(message, "content") or None, chunk_part)  # "" beside tool calls: no text
    parts.extend(tool_call(call) for call in get(message, "tool_calls") or ())
    return Message(role, parts)


def _tool_result(content: Any) -> Any:
    """A string, or the text of text chunks; a result with other chunks keeps its parts."""
    if content is None or isinstance(content, str):
        return content
    parts = content_parts(content, chunk_part)
    if all(isinstance(part, TextPart) for part in parts):
        return "\n".join(part.content for part in parts)  # type: ignore[union-attr]
    return parts


def chunk_part(chunk: Any) -> Part:
    kind = get(chunk, "type")
    if kind == "text":
        return TextPart(get(chunk, "text") or "")
    if kind == "thinking":
        return ReasoningPart(thinking_text(get(chunk, "thinking")))
    if kind == "image_url":
        image = get(chunk, "image_url")
        return url_part(image if isinstance(image, str) else get(image, "url") or "", "image")
    if kind == "document_url":
        return UriPart("document", get(chunk, "document_url") or "")
    if kind == "file":
        return FilePart("document", get(chunk, "file_id") or "")
    if kind == "input_audio":
        audio = get(chunk, "input_audio")
        return blob(audio if isinstance(audio, str) else get(audio, "data") or "", None, "audio")
    return GenericPart(str(kind))


def thinking_text(chunks: Any) -> str:
    """A thinking chunk holds text chunks (a plain string in some payloads)."""
    if isinstance(chunks, str):
        return chunks
    return "".join(get(chunk, "text") or "" for chunk in chunks or ())


def output_message(choice: Any, with_messages: bool) -> OutputMessage:
    message = get(choice, "message")
    output = OutputMessage(get(message, "role") or "assistant", finish_reason=get(choice, "finish_reason"))
    if with_messages and message is not None:
        output.parts = input_message(message).parts
    return output


class _Choice:
    __slots__ = ("calls", "finish_reason", "reasoning", "role", "text")

    def __init__(self) -> None:
        self.role = "assistant"
        self.text: list[str] = []
        self.reasoning: list[str] = []
        self.calls: list[list[Any]] = []  # [id, name, index, argument fragments or a JSON object]
        self.finish_reason: str | None = None

    def add_call(self, call: Any, capture: bool) -> None:
        """Mistral sends each call whole in one delta; fragments of one call share its index and id."""
        call_id, index, function = get(call, "id"), get(call, "index"), get(call, "function")
        if call_id == "null":  # the SDK's default when the wire left the id out
            call_id = None
        last = self.calls[-1] if self.calls else None
        if last is None or last[2] != index or (call_id is not None and last[0] not in (None, call_id)):
            last = [call_id, None, index, []]
            self.calls.append(last)
        last[0] = last[0] or call_id
        last[1] = get(function, "name") or last[1]
        arguments = get(function, "arguments")
        if capture and arguments:
            if isinstance(arguments, str) and isinstance(last[3], list):
                last[3].append(arguments)
            else:
                last[3] = arguments

    def message(self) -> OutputMessage:
        parts: list[Part] = []
        if self.reasoning:
            parts.append(ReasoningPart("".join(self.reasoning)))
        if self.text:
            parts.append(TextPart("".join(self.text)))
        for call_id, name, _index, arguments in self.calls:
            if isinstance(arguments, list):
                arguments = "".join(arguments) if arguments else None
            parts.append(ToolCallPart(call_id, name, arguments))
        return OutputMessage(self.role, parts, self.finish_reason)


class StreamAccumulator:
    """Merges the ``data`` chunk of each ``CompletionEvent`` per choice index; usage from the last chunk.

    Text, reasoning and tool arguments are buffered only when content is captured.
    """

    __slots__ = ("capture", "choices", "id", "model", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.choices: dict[int, _Choice] = {}

    def add(self, event: Any) -> None:
        chunk = getattr(event, "data", event)
        if not self.id:
            self.id = get(chunk, "id")
            self.model = get(chunk, "model")
        usage = get(chunk, "usage")
        if usage is not None:
            self.usage = usage
        for choice in get(chunk, "choices") or ():
            index = get(choice, "index") or 0
            buffer = self.choices.get(index)
            if buffer is None:
                buffer = self.choices[index] = _Choice()
            delta = get(choice, "delta")
            if delta is not None:
                buffer.role = get(delta, "role") or buffer.role
                if self.capture:
                    self._add_content(buffer, get(delta, "content"))
                for call in get(delta, "tool_calls") or ():
                    buffer.add_call(call, self.capture)
            finish_reason = get(choice, "finish_reason")
            if finish_reason is not None:
                buffer.finish_reason = finish_reason

    @staticmethod
    def _add_content(buffer: _Choice, content: Any) -> None:
        if isinstance(content, str):
            if content:  # the first chunk's "" is no text, as in the non-stream path
                buffer.text.append(content)
            return
        for chunk in content or ():
            kind = get(chunk, "type")
            if kind == "text":
                buffer.text.append(get(chunk, "text") or "")
            elif kind == "thinking":
                buffer.reasoning.append(thinking_text(get(chunk, "thinking")))

    def response(self) -> Response:
        return Response(
            id=self.id,
            model=self.model,
            messages=[self.choices[index].message() for index in sorted(self.choices)],
            usage=chat_usage(self.usage),
        )
