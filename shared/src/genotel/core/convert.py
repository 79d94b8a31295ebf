"""Small converters every adapter needs: dict-or-object fields, content parts, blobs, servers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from .model import BlobPart, Part, TextPart, UriPart

_MISSING = object()
_NO_EXTRAS: dict[str, Any] = {}

# Per pydantic v2 model class, the names it neither declares nor defines: reading one makes pydantic
# raise (and format) an AttributeError, ~3 µs, on every chunk of a stream whose deltas lack an
# optional field (Groq's and Together's deltas have no ``refusal``). Such a name can only be an extra.
_UNDECLARED: dict[type, set[str]] = {}
_MAX_CLASSES = 1024  # bounded: classes made at run time must not grow these forever

# Classes whose misses are plain AttributeErrors (not pydantic v2 models): nothing to remember.
_PLAIN: set[type] = set()


def field(obj: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a dict (request params) or an object (SDK models) alike."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        value = obj.get(name, default)
    else:
        cls = type(obj)
        undeclared = _UNDECLARED.get(cls)
        if undeclared is not None and name in undeclared:
            value = (obj.__pydantic_extra__ or _NO_EXTRAS).get(name, default)
        else:
            value = getattr(obj, name, _MISSING)
            if value is _MISSING:
                if cls not in _PLAIN:
                    _remember_missing(cls, name)
                value = default
    return default if value is None else value


def rare_field(obj: Any, name: str) -> Any:
    """``name`` of an SDK model (or an object keeping its fields in ``__dict__``) that seldom carries it:
    two dict reads, declared fields then pydantic's extras, never a miss through ``__getattr__``."""
    value = obj.__dict__.get(name)
    if value is None:
        extras = getattr(obj, "__pydantic_extra__", None)
        return extras.get(name) if extras else None
    return value


def _remember_missing(cls: type, name: str) -> None:
    """Remember ``name`` as undeclared on ``cls`` if ``cls`` is a pydantic v2 model, with pydantic's own
    ``__getattr__``, that has no such field, private attribute or class attribute (the only places
    pydantic looks before its extras); remember ``cls`` as plain if it is no such model."""
    declared = getattr(cls, "__pydantic_fields__", None) or getattr(cls, "model_fields", None)
    owner = next((base for base in cls.__mro__ if "__getattr__" in base.__dict__), None)
    pydantic_getattr = owner is not None and owner.__module__.startswith("pydantic.")
    if not isinstance(declared, dict) or not hasattr(cls, "__pydantic_extra__") or not pydantic_getattr:
        if len(_PLAIN) < _MAX_CLASSES:
            _PLAIN.add(cls)
        return
    if len(_UNDECLARED) >= _MAX_CLASSES:
        return
    if name in declared or name in (getattr(cls, "__private_attributes__", None) or ()) or hasattr(cls, name):
        return
    _UNDECLARED.setdefault(cls, set()).add(name)


def content_parts(content: Any, block_part: Callable[[Any], Part]) -> list[Part]:
    """Message content as parts: absent, a plain string, or a list of provider blocks."""
    if content is None:
        return []
    if isinstance(content, str):
        return [TextPart(content)]
    return [block_part(block) for block in content]


def base64_size(data: str) -> int:
    """Decoded size of base64 text, computed without decoding it."""
    length = len(data.rstrip())
    if length == 0:
        return 0
    padding = 2 if data.rstrip().endswith("==") else 1 if data.rstrip().endswith("=") else 0
    return length * 3 // 4 - padding


def modality(mime_type: str | None, default: str = "document") -> str:
    if mime_type:
        major = mime_type.split("/", 1)[0]
        if major in ("image", "audio", "video"):
            return major
    return default


def blob(data: str, mime_type: str | None, default_modality: str = "document") -> BlobPart:
    """A blob part for inline base64 ``data``: its shape only, never its bytes."""
    return BlobPart(modality(mime_type, default_modality), mime_type, base64_size(data))


def url_part(url: str, default_modality: str) -> BlobPart | UriPart:
    """A ``data:`` URL becomes an elided blob; any other URL is kept as a uri part."""
    if url.startswith("data:"):
        header, _, data = url.partition(",")
        mime_type = header[5:].split(";", 1)[0] or None
        if ";base64" in header:
            return blob(data, mime_type, default_modality)
        # Non-base64 data URLs are percent-encoded (RFC 2397): count the decoded bytes.
        return BlobPart(modality(mime_type, default_modality), mime_type, len(unquote_to_bytes(data)))
    return UriPart(default_modality, url)


def server_of(base_url: Any) -> tuple[str | None, int | None]:
    """Host and port of a client's base URL; the port defaults from the scheme (443 included).

    A client keeps its base URL for its lifetime, so each URL is parsed once, not on every call.
    """
    url = str(base_url)
    server = _SERVERS.get(url)
    if server is None:
        if len(_SERVERS) >= _MAX_SERVERS:  # bounded: a process with ever-new URLs must not grow
            _SERVERS.clear()
        server = _SERVERS[url] = _parse_server(url)
    return server


_SERVERS: dict[str, tuple[str | None, int | None]] = {}
_MAX_SERVERS = 256


def _parse_server(url: str) -> tuple[str | None, int | None]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, None
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    except ValueError:  # a malformed port loses the port, not the host
        port = None
    return parts.hostname, port
