"""Which groq SDK methods genotel wraps: chat completions, sync and async (``with_raw_response`` included)."""

from __future__ import annotations

from genotel.core import Endpoint

from .chat import GroqChatAdapter

_CHAT = GroqChatAdapter()
_MODULE = "groq.resources.chat.completions"

ENDPOINTS = (
    Endpoint(_MODULE, "Completions.create", _CHAT),
    Endpoint(_MODULE, "AsyncCompletions.create", _CHAT, is_async=True),
)
