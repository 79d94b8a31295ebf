"""Canned provider responses served by an in-process HTTP transport: the real SDKs, no network.

Bodies follow the providers' documented wire formats, so every SDK (and every instrumentation
under test) parses exactly what it would parse in production.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:  # openai >= 3 and anthropic >= 2 ship on httpx2, older releases on httpx
    import httpx2 as http
except ImportError:  # pragma: no cover - depends on the installed SDKs
    import httpx as http  # type: ignore[no-redef]

CHUNKS = 100

OPENAI_COMPLETION = {
    "id": "chatcmpl-bench",
    "object": "chat.completion",
    "created": 1751544011,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there!"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 24, "completion_tokens": 9, "total_tokens": 33},
}
OPENAI_TOOL_CALL = {
    **OPENAI_COMPLETION,
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_bench",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                    }
                ],
            },
            "finish_reason": "tool_calls",
        }
    ],
}
ANTHROPIC_MESSAGE = {
    "id": "msg_bench",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [{"type": "text", "text": "Hello there!"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 24, "output_tokens": 9},
}


def _sse_data(events: list[dict[str, Any]]) -> bytes:
    return ("".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n").encode()


def _openai_stream() -> bytes:
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
    events += [{**base, "choices": [{"index": 0, "delta": {"content": f"w{i} "}}]} for i in range(CHUNKS)]
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    usage = {"prompt_tokens": 24, "completion_tokens": CHUNKS, "total_tokens": 24 + CHUNKS}
    events.append({**base, "choices": [], "usage": usage})
    return _sse_data(events)


def _anthropic_stream() -> bytes:
    """message_start, content_block_start, ping, the deltas, content_block_stop, message_delta, message_stop."""
    start = {**ANTHROPIC_MESSAGE, "content": [], "stop_reason": None, "usage": {"input_tokens": 24, "output_tokens": 1}}
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": start}),
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        ),
        ("ping", {"type": "ping"}),
    ]
    events += [
        (
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": f"w{i} "}},
        )
        for i in range(CHUNKS)
    ]
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": CHUNKS},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode()


JSON = "application/json"
SSE = "text/event-stream"
Answer = Callable[[dict[str, Any]], tuple[str, bytes]]  # the request body -> (content type, response body)

_OPENAI = {False: json.dumps(OPENAI_COMPLETION).encode(), True: json.dumps(OPENAI_TOOL_CALL).encode()}
_OPENAI_STREAM = _openai_stream()
_ANTHROPIC = json.dumps(ANTHROPIC_MESSAGE).encode()
_ANTHROPIC_STREAM = _anthropic_stream()


def _openai_answer(body: dict[str, Any]) -> tuple[str, bytes]:
    if body.get("stream"):
        return SSE, _OPENAI_STREAM
    return JSON, _OPENAI[bool(body.get("tools"))]


def _anthropic_answer(body: dict[str, Any]) -> tuple[str, bytes]:
    return (SSE, _ANTHROPIC_STREAM) if body.get("stream") else (JSON, _ANTHROPIC)


# (host, path suffix) -> answer; a suite adds its provider's with ``route``.
ROUTES: dict[tuple[str, str], Answer] = {
    ("api.openai.com", "/chat/completions"): _openai_answer,
    ("api.anthropic.com", "/messages"): _anthropic_answer,
}


def route(host: str, path_suffix: str, answer: Answer) -> None:
    ROUTES[host, path_suffix] = answer


# How many messages the last request carried: an instrumentation that consumes a generator passed as
# messages= leaves the SDK nothing to send, and the worker reports it with the telemetry.
RECEIVED = {"messages": 0}


def _answer(host: str, path: str, content: bytes) -> tuple[str, bytes]:
    body = json.loads(content) if content else {}
    RECEIVED["messages"] = len(body.get("messages") or body.get("contents") or ())
    for (routed_host, suffix), answer in ROUTES.items():
        if host == routed_host and path.endswith(suffix):
            return answer(body)
    raise LookupError(f"no canned answer for {host}{path}")


def _handlers(library: Any) -> tuple[Any, Any]:
    def respond(request: Any) -> Any:
        content_type, content = _answer(request.url.host, request.url.path, request.content)
        return library.Response(200, headers={"content-type": content_type}, content=content)

    async def respond_async(request: Any) -> Any:
        return respond(request)

    return respond, respond_async


def transports(library: Any = http) -> tuple[Any, Any]:
    """Sync and async ``library.MockTransport`` answering from the routes, for SDKs that build their own client."""
    respond, respond_async = _handlers(library)
    return library.MockTransport(respond), library.MockTransport(respond_async)


def sync_http_client(library: Any = http) -> Any:
    """A ``library.Client`` (httpx or httpx2, whichever the SDK is built on) answering from the routes."""
    return library.Client(transport=library.MockTransport(_handlers(library)[0]))


def async_http_client(library: Any = http) -> Any:
    return library.AsyncClient(transport=library.MockTransport(_handlers(library)[1]))
