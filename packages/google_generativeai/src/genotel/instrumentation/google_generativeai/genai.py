"""google-genai (``from google import genai``): ``models`` and ``aio.models`` to the neutral model.

The patched methods are the ones that send one request each (``Models._generate_content``,
``_generate_content_stream``, ``embed_content``): the public ``generate_content`` loops over them
for automatic function calling and continuation, and chats call the public method, so every model
request is one span and nothing is counted twice.
"""

from __future__ import annotations

from typing import Any

from genotel.core import Message, Request, Response, Usage
from genotel.core.convert import server_of

from .gemini import (
    GEMINI,
    VERTEX_AI,
    GeminiAdapter,
    StreamAccumulator,
    convert_response,
    get,
    input_messages,
    instruction_parts,
    tool_definitions,
)

# GenerateContentConfig field -> Request field (dict configs may use the camelCase spelling too).
_PARAMETERS = (
    ("temperature", "temperature", "temperature"),
    ("top_p", "topP", "top_p"),
    ("top_k", "topK", "top_k"),
    ("max_output_tokens", "maxOutputTokens", "max_tokens"),
    ("seed", "seed", "seed"),
    ("candidate_count", "candidateCount", "choice_count"),
    ("presence_penalty", "presencePenalty", "presence_penalty"),
    ("frequency_penalty", "frequencyPenalty", "frequency_penalty"),
)


def _client_request(operation: str, instance: Any, kwargs: dict[str, Any], stream: bool = False) -> Request:
    """Provider and server from the module's API client: Vertex AI or the Gemini Developer API."""
    client = getattr(instance, "_api_client", None)
    config = kwargs.get("config")
    base_url = get(get(config, "http_options", "httpOptions"), "base_url", "baseUrl")
    if base_url is None:
        base_url = get(getattr(client, "_http_options", None), "base_url")
    address, port = server_of(base_url) if base_url else (None, None)
    model = kwargs.get("model")
    return Request(
        operation=operation,
        provider=VERTEX_AI if getattr(client, "vertexai", False) else GEMINI,
        model=model if isinstance(model, str) else None,
        stream=stream,
        server_address=address,
        server_port=port,
    )


def config_parameters(request: Request, config: Any) -> Request:
    """Sampling parameters of a ``GenerateContentConfig`` or its dict (google-generativeai: ``generation_config``)."""
    if not config:
        return request
    for name, camel, target in _PARAMETERS:
        value = get(config, name, camel)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            setattr(request, target, value)
    stop = get(config, "stop_sequences", "stopSequences")
    if stop:
        request.stop_sequences = [stop] if isinstance(stop, str) else list(stop)
    return request


class GenerateContentAdapter(GeminiAdapter):
    """One ``generateContent`` request (``stream``: one ``streamGenerateContent?alt=sse`` request)."""

    def __init__(self, stream: bool = False) -> None:
        self.stream = stream

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        request = _client_request("generate_content", instance, kwargs, self.stream)
        return config_parameters(request, kwargs.get("config"))

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        config = kwargs.get("config")
        request.messages = input_messages(kwargs.get("contents"))
        request.system_instructions = instruction_parts(get(config, "system_instruction", "systemInstruction"))
        request.tool_definitions = tool_definitions(get(config, "tools"))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        return convert_response(result, with_messages)

    def accumulator(self, capture: bool) -> StreamAccumulator:
        return StreamAccumulator(capture)


class EmbedContentAdapter(GeminiAdapter):
    """``embed_content``: each content is one input (a ``user`` message); vectors are never read."""

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        request = _client_request("embeddings", instance, kwargs)
        dimensions = get(kwargs.get("config"), "output_dimensionality", "outputDimensionality")
        if isinstance(dimensions, int) and not isinstance(dimensions, bool):
            request.attributes["gen_ai.embeddings.dimension.count"] = dimensions
        return request

    def add_content(self, request: Request, instance: Any, args: Any, kwargs: dict[str, Any]) -> None:
        request.messages = embedding_inputs(kwargs.get("contents"))

    def to_response(self, result: Any, with_messages: bool) -> Response | None:
        """Usage when reported: the response's ``usage_metadata``, else Vertex AI's per-embedding counts."""
        metadata = get(result, "usage_metadata")
        prompt = get(metadata, "prompt_token_count")
        if prompt is None:
            counts = [get(get(embedding, "statistics"), "token_count") for embedding in get(result, "embeddings") or ()]
            prompt = int(sum(counts)) if counts and None not in counts else None
        return Response(usage=None if prompt is None else Usage(input_tokens=prompt))


def embedding_inputs(contents: Any) -> list[Message]:
    """Each item of a list is embedded on its own: one ``user`` message each."""
    if contents is None:
        return []
    if isinstance(contents, (str, dict)) or not isinstance(contents, (list, tuple)):
        contents = [contents]
    return [message for item in contents for message in input_messages(item)]
