"""google-generativeai (``import google.generativeai``, deprecated): ``GenerativeModel`` and ``embed_content``.

It talks gRPC by default (REST with ``transport="rest"``); both go through the methods patched
here. Its streamed response reads the first chunk inside the call and keeps the rest in
``_iterator``: that iterator is observed in place, so iterating, ``resolve()`` and ``.text`` work
exactly as without instrumentation. The SDK's own request builder normalizes the content.
"""

from __future__ import annotations

from typing import Any

from genotel.core import Request, Response
from genotel.core.convert import server_of

from .gemini import (
    GEMINI,
    GeminiAdapter,
    StreamAccumulator,
    convert_response,
    input_messages,
    instruction_parts,
    tool_definitions,
)
from .genai import config_parameters, embedding_inputs

_DEFAULT_SERVER = ("generativelanguage.googleapis.com", 443)


def model_id(name: Any) -> str | None:
    """The model as the application names it: the SDK prefixes ``models/`` to a bare id."""
    if not isinstance(name, str):
        return None
    return name[len("models/") :] if name.startswith("models/") else name


def server_of_client(client: Any) -> tuple[str | None, int | None]:
    """The gapic client's host: ``host:port`` for gRPC, a URL for REST; before the SDK made its client
    (a model's first call), the endpoint ``genai.configure(client_options=...)`` set, or the default."""
    host = getattr(getattr(client, "transport", None), "_host", None)
    if not isinstance(host, str):
        host = _configured_endpoint()
        if host is None:
            return _DEFAULT_SERVER
    if "://" in host:
        return server_of(host)
    address, _, port = host.rpartition(":")
    return (address, int(port)) if port.isdigit() else (host, 443)


def _configured_endpoint() -> str | None:
    from google.generativeai import client

    manager = getattr(client, "_client_manager", None)
    options = getattr(manager, "client_config", {}).get("client_options")
    endpoint = getattr(options, "api_endpoint", None)
    return endpoint if isinstance(endpoint, str) else None


class LegacyGenerateAdapter(GeminiAdapter):
    """``GenerativeModel.generate_content`` and ``generate_content_async`` (``stream=True`` too)."""

    def __init__(self, is_async: bool = False) -> None:
        self.is_async = is_async

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        address, port = server_of_client(getattr(instance, "_async_client" if self.is_async else "_client", None))
        request = Request(
            operation="generate_content",
            provider=GEMINI,
            model=model_id(getattr(instance, "model_name", None)),
            stream=bool(kwargs.get("stream")),
            server_address=address,
            server_port=port,
        )
        return config_parameters(request, _generation_config(instance, kwargs.get("generation_config")))

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        prepared = instance._prepare_request(
            contents=args[0] if args else kwargs.get("contents"),
            tools=kwargs.get("tools"),
            tool_config=kwargs.get("tool_config"),
        )
        request.messages = input_messages(list(prepared.contents))
        request.system_instructions = instruction_parts(prepared.system_instruction or None)
        request.tool_definitions = tool_definitions(prepared.tools)

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        return convert_response(getattr(result, "_result", result), with_messages)

    def accumulator(self, capture: bool) -> StreamAccumulator:
        return StreamAccumulator(capture)

    def wrap(self, result: Any, invocation: Any) -> Any:
        """A streamed response holds its first chunk already; the rest of the stream is observed in place."""
        if not invocation.request.stream:
            invocation.finish(self.to_response(result, invocation.with_messages))
            return result
        result._iterator = invocation.observe(result._iterator, read=list(result._chunks))
        return result


class LegacyEmbedAdapter(GeminiAdapter):
    """``genai.embed_content(model, content, ...)``: a string, a content, or a list of them (a batch)."""

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        address, port = server_of_client(kwargs.get("client"))
        request = Request(
            operation="embeddings",
            provider=GEMINI,
            model=model_id(args[0] if args else kwargs.get("model")),
            server_address=address,
            server_port=port,
        )
        dimensions = kwargs.get("output_dimensionality")
        if isinstance(dimensions, int) and not isinstance(dimensions, bool):
            request.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        content = args[1] if len(args) > 1 else kwargs.get("content")
        request.messages = embedding_inputs(list(content) if isinstance(content, tuple) else content)

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        return Response()  # a dict of vectors: no id, model or usage


def _generation_config(instance: Any, override: Any) -> dict[str, Any]:
    """The model's generation config with the call's on top, as the SDK merges them."""
    from google.generativeai.types.generation_types import to_generation_config_dict

    merged = dict(getattr(instance, "_generation_config", None) or {})
    merged.update(to_generation_config_dict(override))
    return merged
