"""Which cohere methods genotel wraps. Methods an SDK version lacks are skipped.

``ClientV2`` (and ``Client.v2``) reach ``V2Client``'s methods; the v1 ``Client`` reaches
``BaseCohere``'s, except ``embed``: ``Client.embed`` splits the texts into batches, embeds them on a
thread pool through ``BaseCohere.embed`` and merges the answers, so it is traced there, one span for
the call the application made. The ``chat_stream`` methods are generator functions (async generators for the
async clients): calling one returns the stream at once, and the request goes out on the first read.
"""

from __future__ import annotations

from genotel.core import Endpoint

from . import chat_v1, chat_v2
from .embed import EmbedAdapter

_V2 = "cohere.v2.client"
_V1 = "cohere.base_client"
_V1_CLIENT = "cohere.client"
_V2_CHAT, _V2_STREAM = chat_v2.ChatAdapter(streams=False), chat_v2.ChatAdapter(streams=True)
_V1_CHAT, _V1_STREAM = chat_v1.ChatAdapter(streams=False), chat_v1.ChatAdapter(streams=True)
_EMBED = EmbedAdapter()

ENDPOINTS = (
    Endpoint(_V2, "V2Client.chat", _V2_CHAT),
    Endpoint(_V2, "AsyncV2Client.chat", _V2_CHAT, is_async=True),
    Endpoint(_V2, "V2Client.chat_stream", _V2_STREAM),
    Endpoint(_V2, "AsyncV2Client.chat_stream", _V2_STREAM),  # an async generator: called, not awaited
    Endpoint(_V2, "V2Client.embed", _EMBED),
    Endpoint(_V2, "AsyncV2Client.embed", _EMBED, is_async=True),
    Endpoint(_V1, "BaseCohere.chat", _V1_CHAT),
    Endpoint(_V1, "AsyncBaseCohere.chat", _V1_CHAT, is_async=True),
    Endpoint(_V1, "BaseCohere.chat_stream", _V1_STREAM),
    Endpoint(_V1, "AsyncBaseCohere.chat_stream", _V1_STREAM),
    Endpoint(_V1_CLIENT, "Client.embed", _EMBED),
    Endpoint(_V1_CLIENT, "AsyncClient.embed", _EMBED, is_async=True),
)
