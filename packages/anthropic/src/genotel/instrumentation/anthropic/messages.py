"""Messages API (``messages.create`` / ``stream`` / ``parse``, and their beta twins) to the neutral model.

Tool results arrive inside user turns; each becomes its own ``tool`` message, as the
contract asks. Usage is normalized: Anthropic's ``input_tokens`` leave out cached tokens.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from genotel.core.convert import content_parts
from genotel.core.kits.anthropic_messages import (
    FINISH_REASONS,
    MessagesAccumulator,
    block_part,
    convert_message,
    input_turn,
    tool_definition,
)
from genotel.core.kits.stainless import StainlessAdapter, client_of, client_server, given, parsed
from genotel.core.model import (
    History,
    Provider,
    Request,
    Response,
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
