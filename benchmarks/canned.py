"""Canned provider responses served by an in-process HTTP transport: the real SDKs, no network.

Bodies follow the providers' documented wire formats, so every SDK (and every instrumentation
under test) parses exactly what it would parse in production.
"""

from __future__ import annotations

import json
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


_JSON = {"content-type": "application/json"}
_SSE = {"content-type": "text/event-stream"}
_BODIES = {
    ("openai", False, False): json.dumps(OPENAI_COMPLETION).encode(),
    ("openai", False, True): json.dumps(OPENAI_TOOL_CALL).encode(),
    ("openai", True, False): _openai_stream(),
    ("anthropic", False, False): json.dumps(ANTHROPIC_MESSAGE).encode(),
    ("anthropic", True, False): _anthropic_stream(),
}


# How many messages the last request carried: an instrumentation that consumes a generator passed as
# messages= leaves the SDK nothing to send, and the worker reports it with the telemetry.
RECEIVED = {"messages": 0}


def respond(request: Any) -> Any:
    """The canned response for a request: provider from the path, stream and tools from the body."""
    provider = "anthropic" if request.url.path.endswith("/messages") else "openai"
    body = json.loads(request.content)
    RECEIVED["messages"] = len(body.get("messages") or ())
    stream = bool(body.get("stream"))
    tools = bool(body.get("tools")) and provider == "openai" and not stream
    return http.Response(200, headers=_SSE if stream else _JSON, content=_BODIES[(provider, stream, tools)])


async def respond_async(request: Any) -> Any:
    return respond(request)


def sync_http_client() -> Any:
    return http.Client(transport=http.MockTransport(respond))


def async_http_client() -> Any:
    return http.AsyncClient(transport=http.MockTransport(respond_async))
