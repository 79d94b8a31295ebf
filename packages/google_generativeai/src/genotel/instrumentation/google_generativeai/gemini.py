"""Gemini's content, usage and finish reasons to the neutral model, for both Google SDKs.

google-genai hands pydantic models (or the application's dicts, snake_case or camelCase),
google-generativeai proto-plus messages; both name their fields alike, so one set of converters
reads them. Proto-plus gives unset scalars as zero values and unset messages as empty (falsy)
messages, which the converters treat as absent.
"""

from __future__ import annotations

import inspect
from enum import Enum
from typing import Any

from genotel.core import Adapter
from genotel.core.convert import base64_size, modality
from genotel.core.model import (
    BlobPart,
    GenericPart,
    Message,
    OutputMessage,
    Part,
    Provider,
    ReasoningPart,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)

from .safety import SAFETY_FINISHES, candidate_findings, prompt_findings, safety_of

# Gemini's raw finish reasons, and what they mean in the 1.36 enum; others pass through.
FINISH_REASONS = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content_filter",
    "RECITATION": "content_filter",
    "LANGUAGE": "content_filter",
    "BLOCKLIST": "content_filter",
    "PROHIBITED_CONTENT": "content_filter",
    "SPII": "content_filter",
    "IMAGE_SAFETY": "content_filter",
    "IMAGE_PROHIBITED_CONTENT": "content_filter",
    "IMAGE_RECITATION": "content_filter",
    "MALFORMED_FUNCTION_CALL": "error",
    "UNEXPECTED_TOOL_CALL": "error",
    "TOO_MANY_TOOL_CALLS": "error",
    "MISSING_THOUGHT_SIGNATURE": "error",
}
GEMINI = Provider("gemini", "gcp.gemini", FINISH_REASONS)
VERTEX_AI = Provider("vertex_ai", "gcp.vertex_ai", FINISH_REASONS)

# The SDKs' API errors: an HTTP or gRPC status and the API's own message, never the prompt or the answer.
_API_ERROR_MODULES = ("google.genai.errors", "google.api_core.exceptions")


class GeminiAdapter(Adapter):
    """What every Gemini endpoint of both SDKs shares: which error messages are safe to record."""

    def safe_error_message(self, error: BaseException) -> str | None:
        return str(error) if type(error).__module__.startswith(_API_ERROR_MODULES) else None


_ROLES = {"model": "assistant"}
# Tool kinds other than function declarations (google_search, code_execution, ...): named by their field.
_NOT_TOOL_KINDS = frozenset({"function_declarations", "functionDeclarations"})


def get(obj: Any, name: str, camel: str | None = None) -> Any:
    """``name`` of an SDK object or a dict (snake_case, or the ``camel`` spelling the SDK also takes)."""
    if isinstance(obj, dict):
        value = obj.get(name)
        if value is None and camel is not None:
            value = obj.get(camel)
        return value
    return getattr(obj, name, None)


def plain(value: Any) -> Any:
    """A JSON-ready copy of a structured value: proto-plus maps and lists become dicts and lists.

    Keys are sorted, so a schema reads the same whether the SDK kept the application's dict or
    turned it into its own model first (google-genai does, depending on the version).
    """
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    to_pb = getattr(type(value), "pb", None)
    if callable(to_pb) and hasattr(
        type(value), "meta"
    ):  # a proto-plus message (a Schema, say): its JSON form, as on the REST wire
        from google.protobuf import json_format

        return plain(json_format.MessageToDict(to_pb(value)))
    if hasattr(value, "model_dump"):  # a google-genai model (a Schema, say)
        return plain(value.model_dump(mode="json", exclude_none=True))
    if hasattr(value, "items"):
        return {str(key): plain(item) for key, item in sorted(value.items())}
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return [plain(item) for item in value]
    return str(value)


def role_of(content: Any, default: str = "user") -> str:
    role = get(content, "role") or default
    return _ROLES.get(role, role)


def finish_reason(candidate: Any) -> str | None:
    """The raw finish reason as the API names it (``STOP``), from an enum, a string or a proto int."""
    value = get(candidate, "finish_reason", "finishReason")
    if value is None:
        return None
    name = getattr(value, "name", None) if isinstance(value, Enum) else value
    if not isinstance(name, str):
        name = str(value)
    return None if name in ("", "FINISH_REASON_UNSPECIFIED") else name


def part_of(part: Any) -> Part:
    """One Gemini part (or a bare string, image or uploaded file given as a part)."""
    if isinstance(part, str):
        return TextPart(part)
    text = get(part, "text")
    if text:  # a part's data is one of its kinds: one with text is text (or thought), nothing else to read
        return ReasoningPart(text) if get(part, "thought") else TextPart(text)
    call = get(part, "function_call", "functionCall")
    if call:
        return ToolCallPart(get(call, "id") or None, get(call, "name"), plain(get(call, "args")))
    result = get(part, "function_response", "functionResponse")
    if result:
        return ToolCallResponsePart(get(result, "id") or get(result, "name"), plain(get(result, "response")))
    data = get(part, "inline_data", "inlineData")
    if data:
        mime_type = get(data, "mime_type", "mimeType")
        payload = get(data, "data") or b""
        size = base64_size(payload) if isinstance(payload, str) else len(payload)
        return BlobPart(modality(mime_type), mime_type, size)
    file = get(part, "file_data", "fileData")
    if file:
        mime_type = get(file, "mime_type", "mimeType")
        return UriPart(modality(mime_type), get(file, "file_uri", "fileUri") or "", mime_type)
    if text is not None and not isinstance(get(part, "thought"), bool):  # empty text, not an empty thought
        return TextPart(text)
    uri = get(part, "uri")
    if isinstance(uri, str):  # an uploaded file (google-genai File, google-generativeai file) given as a part
        mime_type = get(part, "mime_type")
        return UriPart(modality(mime_type), uri, mime_type)
    for kind in ("executable_code", "code_execution_result"):
        if get(part, kind):
            return GenericPart(kind)
    return GenericPart(type(part).__name__.lower() if not isinstance(part, dict) else "part")


def is_content(item: Any) -> bool:
    """A ``Content`` (role and parts), as opposed to a part or a string."""
    if isinstance(item, dict):
        return "parts" in item or "role" in item
    return hasattr(item, "parts") and hasattr(item, "role")


def content_messages(content: Any) -> list[Message]:
    """One content turn; each function response becomes a ``tool`` message, placed before the rest of the turn."""
    role = role_of(content)
    messages: list[Message] = []
    parts: list[Part] = []
    for raw in get(content, "parts") or ():
        part = part_of(raw)
        if isinstance(part, ToolCallResponsePart):
            messages.append(Message("tool", [part]))
        else:
            parts.append(part)
    if parts or not messages:
        messages.append(Message(role, parts))
    return messages


def input_messages(contents: Any) -> list[Message]:
    """``contents`` as the SDKs take it: a string, a part, a content, or a list of them.

    Loose parts and strings next to each other make one ``user`` turn, as the SDKs send them.
    """
    if contents is None:
        return []
    if isinstance(contents, (str, dict)) or not isinstance(contents, (list, tuple)):
        contents = [contents]
    messages: list[Message] = []
    loose: list[Part] = []
    for item in contents:
        if is_content(item):
            if loose:
                messages.append(Message("user", loose))
                loose = []
            messages.extend(content_messages(item))
        else:
            loose.append(part_of(item))
    if loose:
        messages.append(Message("user", loose))
    return messages


def instruction_parts(instruction: Any) -> list[Part]:
    """A system instruction: a string, a part, a content, or a list of strings and parts."""
    if instruction is None:
        return []
    if is_content(instruction):
        return [part_of(part) for part in get(instruction, "parts") or ()]
    if isinstance(instruction, (list, tuple)):
        return [part_of(part) for part in instruction]
    return [part_of(instruction)]


def tool_definitions(tools: Any) -> list[ToolDefinition]:
    """Function declarations as function tools; Python functions (automatic function calling) by name and
    docstring; built-in tools (``google_search``, ``code_execution``, ...) by their kind."""
    definitions: list[ToolDefinition] = []
    for tool in tools or ():
        if callable(tool) and not hasattr(tool, "function_declarations"):
            definitions.append(ToolDefinition(getattr(tool, "__name__", "function"), inspect.getdoc(tool)))
            continue
        for declaration in get(tool, "function_declarations", "functionDeclarations") or ():
            parameters = get(declaration, "parameters") or get(declaration, "parameters_json_schema")
            definitions.append(
                ToolDefinition(
                    get(declaration, "name") or "function",
                    get(declaration, "description") or None,
                    plain(parameters) if parameters else None,
                )
            )
        for kind in _tool_kinds(tool):
            definitions.append(ToolDefinition(kind, type=kind))
    return definitions


def _tool_kinds(tool: Any) -> list[str]:
    if isinstance(tool, dict):
        fields = tool
    elif hasattr(type(tool), "model_fields"):
        fields = {name: getattr(tool, name, None) for name in type(tool).model_fields}
    elif hasattr(type(tool), "pb"):
        fields = {
            name: getattr(tool, name, None) for name in ("code_execution", "google_search_retrieval", "google_search")
        }
    else:
        return []
    return [name for name, value in fields.items() if value and name not in _NOT_TOOL_KINDS]


def usage_of(metadata: Any) -> Usage | None:
    """Input is the prompt count (cached tokens included); output is candidates plus thoughts."""
    if not metadata:
        return None
    prompt = get(metadata, "prompt_token_count", "promptTokenCount")
    candidates = get(metadata, "candidates_token_count", "candidatesTokenCount")
    thoughts = get(metadata, "thoughts_token_count", "thoughtsTokenCount")
    output = None if candidates is None and thoughts is None else (candidates or 0) + (thoughts or 0)
    if prompt is None and output is None:
        return None
    # Zero counts are left out, as the API's JSON leaves them out (proto-plus reads them back as 0).
    cached = get(metadata, "cached_content_token_count", "cachedContentTokenCount")
    return Usage(prompt, output, cached or None, None, thoughts or None)


def candidate_message(candidate: Any, with_messages: bool) -> OutputMessage:
    content = get(candidate, "content")
    message = OutputMessage(
        role_of(content, "model") if content else "assistant", finish_reason=finish_reason(candidate)
    )
    if with_messages and content:
        message.parts = [part_of(part) for part in get(content, "parts") or ()]
    return message


def convert_response(response: Any, with_messages: bool) -> Response:
    """One ``GenerateContentResponse``: each candidate is a choice.

    A prompt the API blocks has no candidates (``prompt_feedback.block_reason`` says why), so no
    output message; the block, and candidates stopped for safety, are its ``safety``.
    """
    candidates = get(response, "candidates") or ()
    messages = [candidate_message(candidate, with_messages) for candidate in candidates]
    findings = [] if candidates else prompt_findings(get(response, "prompt_feedback", "promptFeedback"))
    for message, candidate in zip(messages, candidates, strict=True):
        if message.finish_reason in SAFETY_FINISHES:
            findings.extend(candidate_findings(message.finish_reason, candidate))
    return Response(
        get(response, "response_id", "responseId") or None,
        get(response, "model_version", "modelVersion") or None,
        messages,
        usage_of(get(response, "usage_metadata", "usageMetadata")),
        safety=safety_of(findings),
    )


class _Candidate:
    __slots__ = ("finish_reason", "parts", "role")

    def __init__(self) -> None:
        self.role = "assistant"
        self.finish_reason: str | None = None
        self.parts: list[Part] = []

    def add(self, part: Part) -> None:
        """Streamed text arrives in pieces: a piece of the same kind as the last part extends it."""
        last = self.parts[-1] if self.parts else None
        if type(last) is type(part) and isinstance(part, (TextPart, ReasoningPart)):
            last.content += part.content  # type: ignore[union-attr]
        else:
            self.parts.append(part)


class StreamAccumulator:
    """Folds streamed ``GenerateContentResponse`` chunks (each a partial response) into one response.

    Every chunk repeats the id and model, and its usage is the running total, so the last usage
    wins. Text is buffered only when content is captured; function calls (whole in one chunk)
    always keep their id and name.
    """

    __slots__ = ("candidates", "capture", "findings", "id", "model", "usage")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.findings: list[Any] = []  # safety findings: a blocked prompt, candidates stopped for safety
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.candidates: dict[int, _Candidate] = {}

    def add(self, chunk: Any) -> None:
        if self.id is None:
            self.id = get(chunk, "response_id", "responseId") or None
        if self.model is None:
            self.model = get(chunk, "model_version", "modelVersion") or None
        usage = get(chunk, "usage_metadata", "usageMetadata")
        if usage:
            self.usage = usage
        candidates = get(chunk, "candidates") or ()
        if not candidates:  # a blocked prompt: one chunk, no candidates, the reason in its feedback
            self.findings.extend(prompt_findings(get(chunk, "prompt_feedback", "promptFeedback")))
        for position, candidate in enumerate(candidates):
            index = get(candidate, "index")
            state = self.candidates.get(position if index is None else index)
            if state is None:
                state = self.candidates[position if index is None else index] = _Candidate()
            finished = finish_reason(candidate)
            if finished is not None:
                state.finish_reason = finished
                if finished in SAFETY_FINISHES:
                    self.findings.extend(candidate_findings(finished, candidate))
            content = get(candidate, "content")
            if not content:
                continue
            state.role = role_of(content, "model")
            for raw in get(content, "parts") or ():
                if self.capture:
                    state.add(part_of(raw))
                    continue
                call = None if isinstance(raw, str) else get(raw, "function_call", "functionCall")
                if call:  # without content, a part is read only for the tool call it may be
                    state.add(ToolCallPart(get(call, "id") or None, get(call, "name")))

    def response(self) -> Response:
        outputs = [
            OutputMessage(state.role, state.parts, state.finish_reason) for _, state in sorted(self.candidates.items())
        ]
        return Response(self.id, self.model, outputs, usage_of(self.usage), safety=safety_of(self.findings))
