"""InvokeModel's response body: read once for the span, then handed back readable from the start.

The application gets the very ``StreamingBody`` object botocore (or aiobotocore) returned, with
the bytes already read put back under it, so ``read()``, ``read(n)``, ``iter_lines()``,
``iter_chunks()``, iteration and ``close()`` behave as they would have. Should reading fail
(a dropped connection), the application meets the same error when it reads.
"""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any


def request_json(body: Any) -> dict[str, Any] | None:
    """The JSON object an InvokeModel request sends: bytes, text, or a seekable file (left where it was)."""
    data = body
    if hasattr(body, "read"):
        if not (hasattr(body, "seek") and hasattr(body, "tell")):
            return None  # a one-shot stream: reading it would take it from botocore
        position = body.tell()
        data = body.read()
        body.seek(position)
    return loads(data)


def loads(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, (bytes, bytearray, str)):
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class _Received(io.BytesIO):
    """The body's bytes. Like urllib3's response under botocore, reading after ``close()`` gives b"",
    and the body always says it is readable."""

    def read(self, size: int | None = -1) -> bytes:
        return b"" if self.closed else super().read(size)

    def readable(self) -> bool:
        return True


class _Replay(io.RawIOBase):
    """What was read before ``error``, then ``error`` again: the read the application would have made."""

    def __init__(self, data: bytes, error: BaseException) -> None:
        self._data = io.BytesIO(data)
        self._error = error

    def readable(self) -> bool:
        return True

    def read(self, amt: int | None = -1) -> bytes:
        chunk = self._data.read(-1 if amt is None else amt)
        if amt is None or amt < 0 or not chunk:
            raise self._error
        return chunk


def read_sync(body: Any) -> bytes:
    """All of botocore's ``StreamingBody``, put back so the application reads the same bytes.

    Should the read fail, the body raises the same error when the application reads it.
    """
    try:
        data = body.read()
    except Exception as error:
        body._raw_stream = _Replay(b"", error)
        raise
    body._raw_stream = _Received(data)
    body._amount_read = 0
    return data


async def read_async(body: Any) -> bytes | None:
    """All of aiobotocore's body, put back so the application reads the same bytes; None (left
    unread) for a body of a shape genotel does not know how to put back.

    aiobotocore 2.x wraps the aiohttp response in a proxy (``__wrapped__``); 3.x subclasses
    botocore's ``StreamingBody`` over it (``_raw_stream``), or buffers an httpx response itself.
    Over httpx, 2.x reads through ``httpx.Response.aread()``, which keeps what it read.
    """
    if hasattr(body, "_stream_exhausted"):  # aiobotocore >= 3 over httpx: its own buffer
        data: bytes = await body.read()
        body._buffer, body._stream_iter, body._stream_exhausted = data, _exhausted(), True
        body._amount_read = 0
        return data
    if type(body).__name__ == "HttpxStreamingBody":
        return await body.read()  # type: ignore[no-any-return]
    raw = getattr(body, "_raw_stream", None)
    response: Any = raw if raw is not None else getattr(body, "__wrapped__", None)
    try:
        reader = _stream_reader(response.content)
    except Exception:
        return None
    data = await body.read()
    if data:
        reader.feed_data(data)
    reader.feed_eof()
    response.content = reader
    if raw is not None:
        body._amount_read = 0
    else:
        body._self_amount_read = 0
    return data


async def _exhausted() -> Any:
    return
    yield  # an async generator that ends at once


def _stream_reader(old: Any) -> Any:
    """An empty aiohttp ``StreamReader`` on the same connection as ``old``, for the bytes read from it."""
    import aiohttp

    return aiohttp.StreamReader(old._protocol, 2**16, loop=asyncio.get_running_loop())
