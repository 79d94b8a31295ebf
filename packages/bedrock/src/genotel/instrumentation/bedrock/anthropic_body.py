"""Anthropic Messages bodies sent through InvokeModel (``anthropic_version: bedrock-2023-05-31``).

The body is the Messages API's JSON: the core's Anthropic Messages kit reads it as it reads the
anthropic SDK's objects, and folds its stream events with a plain-JSON reader.
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import content_parts
from genotel.core.kits.anthropic_messages import (
    MessagesAccumulator,
    block_part,
    convert_message,
    input_messages,
    json_key,
    tool_definition,
)
from genotel.core.model import Request, Response

from .family import Family, set_parameters


class AnthropicMessages(Family):
    name = "anthropic.messages"
    operation = "chat"
    keys = {
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "top_k": ("top_k",),
        "stop_sequences": ("stop_sequences",),
    }

    def parameters(self, body: dict[str, Any], request: Request) -> None:
        set_parameters(body, request, self.keys)

    def add_content(self, body: dict[str, Any], request: Request) -> None:
        request.system_instructions = content_parts(body.get("system"), block_part)
        request.messages = input_messages(body.get("messages") or ())
        request.tool_definitions = [tool_definition(tool) for tool in body.get("tools") or () if isinstance(tool, dict)]

    def response(self, body: dict[str, Any], with_messages: bool) -> Response:
        return convert_message(body, with_messages)

    def accumulator(self, capture: bool) -> MessagesAccumulator:
        return MessagesAccumulator(capture, json_key)
