"""Bedrock calls made the way applications write them, through boto3 or aioboto3 alike.

``call.invoke(model, body)`` returns the response and the body bytes the application reads;
``call.events(...)`` the stream's events. The async flavour opens its client inside the event
loop of the call (aiobotocore's clients belong to one loop), as ``async with`` code does.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

HAS_AIO = importlib.util.find_spec("aiobotocore") is not None
REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLEBEDROCK", "aws_secret_access_key": "not-a-real-secret-key"}
CONFIG = Config(retries={"total_max_attempts": 1})


def sync_client(service: str = "bedrock-runtime") -> Any:
    return boto3.client(service, region_name=REGION, config=CONFIG, **CREDENTIALS)


def _http_backends() -> list[Any]:
    """aiobotocore's HTTP sessions: aiohttp (the default, None here), and httpx from aiobotocore 3 on
    (2.x's experimental httpx body has no read(n), iter_chunks() or async iteration)."""
    try:
        import httpx  # noqa: F401
        from aiobotocore.httpxsession import HttpxSession
        from aiobotocore.response import AioHttpxStreamingBody  # noqa: F401  (aiobotocore >= 3)
    except ImportError:
        return [None]
    return [None, HttpxSession]


HTTP_BACKENDS = _http_backends() if HAS_AIO else []


def async_client(service: str = "bedrock-runtime", http_session_cls: Any = None) -> Any:
    """An ``async with`` context giving an aiobotocore client (aioboto3's session where installed)."""
    config = CONFIG
    if http_session_cls is not None:
        from aiobotocore.config import AioConfig

        config = AioConfig(http_session_cls=http_session_cls, retries={"total_max_attempts": 1})
    session = _async_session()
    create = getattr(session, "client", None) or session.create_client  # aioboto3's, or aiobotocore's
    return create(service, region_name=REGION, config=config, **CREDENTIALS)


_SESSIONS: list[Any] = []


def _async_session() -> Any:
    """One session for every async client (its loader keeps the service model), aioboto3's where installed."""
    if not _SESSIONS:
        try:
            import aioboto3

            _SESSIONS.append(aioboto3.Session())
        except ImportError:
            from aiobotocore.session import get_session

            _SESSIONS.append(get_session())
    return _SESSIONS[0]


class BedrockCall:
    def __init__(self, is_async: bool) -> None:
        self.is_async = is_async

    def __call__(self, method: Callable[[Any], Any], into: list[Any] | None = None) -> Any:
        """``method(client)``, awaited for the async client; with ``into``, the stream it returned read into it.

        The lifecycle suite's protocol (``call(make_call)``); a returned dict's stream is the one read.
        """
        return self.run(lambda client: _consume(method(client), into), lambda client: _aconsume(method(client), into))

    def run(self, sync: Callable[[Any], Any], asynchronous: Callable[[Any], Any]) -> Any:
        if not self.is_async:
            return sync(sync_client())

        async def main() -> Any:
            async with async_client() as client:
                return await asynchronous(client)

        return asyncio.run(main())

    def invoke(self, model: str, body: Any, **kwargs: Any) -> tuple[dict[str, Any], bytes]:
        body = body if isinstance(body, (bytes, str)) else json.dumps(body)

        def sync(client: Any) -> Any:
            response = client.invoke_model(modelId=model, body=body, **kwargs)
            return response, response["body"].read()

        async def asynchronous(client: Any) -> Any:
            response = await client.invoke_model(modelId=model, body=body, **kwargs)
            return response, await response["body"].read()

        return self.run(sync, asynchronous)

    def invoke_stream(self, model: str, body: Any, into: list[Any]) -> dict[str, Any]:
        body = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self(lambda client: client.invoke_model_with_response_stream(modelId=model, body=body), into)

    def converse(self, model: str, **params: Any) -> dict[str, Any]:
        return self(lambda client: client.converse(modelId=model, **params))

    def converse_stream(self, model: str, into: list[Any], **params: Any) -> dict[str, Any]:
        return self(lambda client: client.converse_stream(modelId=model, **params), into)


def stream_of(response: Any) -> Any:
    return response.get("stream") or response.get("body")


def _consume(response: Any, into: list[Any] | None) -> Any:
    if into is not None:
        for event in stream_of(response):
            into.append(event)
    return response


async def _aconsume(pending: Any, into: list[Any] | None) -> Any:
    response = await pending
    if into is not None:
        async for event in stream_of(response):
            into.append(event)
    return response
