"""A small encoder of AWS's ``application/vnd.amazon.eventstream`` framing, for writing cassettes.

Each message: a 12-byte prelude (total length, headers length, CRC32 of those 8 bytes), the
headers (name length, name, type 7 = string, value length, value), the payload, and the CRC32
of everything before it: botocore checks both CRCs, so a wrong byte fails the replay.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from typing import Any

_STRING = 7


def _header(name: str, value: str) -> bytes:
    name_bytes, value_bytes = name.encode(), value.encode()
    return struct.pack("!B", len(name_bytes)) + name_bytes + struct.pack("!BH", _STRING, len(value_bytes)) + value_bytes


def message(headers: dict[str, str], payload: bytes) -> bytes:
    encoded = b"".join(_header(name, value) for name, value in headers.items())
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack("!II", total, len(encoded))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    body = prelude + encoded + payload
    return body + struct.pack("!I", zlib.crc32(body))


def event(event_type: str, payload: Any) -> bytes:
    """One event of a stream API: ``:event-type`` names the member, the payload is its JSON."""
    headers = {":event-type": event_type, ":content-type": "application/json", ":message-type": "event"}
    return message(headers, json.dumps(payload, separators=(",", ":")).encode())


def exception(exception_type: str, text: str) -> bytes:
    """A modeled error in the stream (``throttlingException``, ``modelStreamErrorException``, ...)."""
    headers = {":exception-type": exception_type, ":content-type": "application/json", ":message-type": "exception"}
    return message(headers, json.dumps({"message": text}).encode())


def chunk(body: Any) -> bytes:
    """An InvokeModelWithResponseStream chunk: ``{"bytes": base64(the model's JSON)}``."""
    data = base64.b64encode(json.dumps(body, separators=(",", ":")).encode()).decode()
    return event("chunk", {"bytes": data})


def stream(events: list[Any]) -> bytes:
    """The framed stream of ``events``: ``("chunk", body)``, ``(event type, payload)`` or ``("!", type, text)``."""
    framed = []
    for item in events:
        if item[0] == "!":
            framed.append(exception(item[1], item[2]))
        elif item[0] == "chunk":
            framed.append(chunk(item[1]))
        else:
            framed.append(event(item[0], item[1]))
    return b"".join(framed)
