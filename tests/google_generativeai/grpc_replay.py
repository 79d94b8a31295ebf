"""An in-process gRPC server on loopback answering google-generativeai's default (gRPC) transport
with recorded responses (``cassettes/google_generativeai/legacy_*.json``, the API's JSON mapping).

The SDK keeps its own gRPC transport class; only its channel points here, and the transport keeps
the real host name (``generativelanguage.googleapis.com:443``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from google.ai.generativelanguage_v1beta.services.generative_service.transports.grpc import (
    GenerativeServiceGrpcTransport,
)
from google.ai.generativelanguage_v1beta.services.generative_service.transports.grpc_asyncio import (
    GenerativeServiceGrpcAsyncIOTransport,
)
from google.generativeai import protos

SERVICE = "google.ai.generativelanguage.v1beta.GenerativeService"
CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "google_generativeai"


def recorded(name: str) -> Any:
    return json.loads((CASSETTES / f"{name}.json").read_text())


def _message(cls: Any, body: Any) -> Any:
    """As a client decodes the server's bytes: fields its (older) protos lack are dropped."""
    return cls.from_json(json.dumps(body), ignore_unknown_fields=True)


class Replay:
    """What the server answers next (per method, in order), and the requests it received (proto-plus)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Any]] = {}
        self.received: list[Any] = []

    def queue(self, rpc: str, name: str) -> None:
        self.answers.setdefault(rpc, []).append(recorded(name))

    def generate(self, request: Any, context: Any) -> Any:
        self.received.append(request)
        answer = self.answers["GenerateContent"].pop(0)
        if "error" in answer:  # the API's error, as a gRPC status
            context.abort(grpc.StatusCode[answer["error"]["status"]], answer["error"]["message"])
        return _message(protos.GenerateContentResponse, answer)

    def stream(self, request: Any, context: Any) -> Iterator[Any]:
        self.received.append(request)
        for chunk in self.answers["StreamGenerateContent"].pop(0):
            yield _message(protos.GenerateContentResponse, chunk)

    def embed(self, request: Any, context: Any) -> Any:
        self.received.append(request)
        return _message(protos.EmbedContentResponse, self.answers["EmbedContent"].pop(0))


def _handler(replay: Replay) -> grpc.GenericRpcHandler:
    generate = protos.GenerateContentRequest
    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "GenerateContent": grpc.unary_unary_rpc_method_handler(
                replay.generate, generate.deserialize, protos.GenerateContentResponse.serialize
            ),
            "StreamGenerateContent": grpc.unary_stream_rpc_method_handler(
                replay.stream, generate.deserialize, protos.GenerateContentResponse.serialize
            ),
            "EmbedContent": grpc.unary_unary_rpc_method_handler(
                replay.embed, protos.EmbedContentRequest.deserialize, protos.EmbedContentResponse.serialize
            ),
        },
    )


@contextlib.contextmanager
def grpc_server() -> Iterator[tuple[Replay, str]]:
    """A started server and its loopback address."""
    replay = Replay()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((_handler(replay),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield replay, f"127.0.0.1:{port}"
    finally:
        server.stop(None)


def transport_factory(address: str, is_async: bool) -> Any:
    """For ``genai.configure(transport=...)``: the SDK's own gRPC transport, over a loopback channel."""

    def transport(**kwargs: Any) -> Any:
        if is_async:
            return GenerativeServiceGrpcAsyncIOTransport(channel=grpc.aio.insecure_channel(address))
        return GenerativeServiceGrpcTransport(channel=grpc.insecure_channel(address))

    return transport
