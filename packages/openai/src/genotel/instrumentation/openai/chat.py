"""Chat Completions (``create``, ``parse``, streamed chunks): the core's OpenAI chat kit, for OpenAI and Azure."""

from __future__ import annotations

from typing import Any

from genotel.core.kits.openai_chat import OpenAIChatAdapter
from genotel.core.model import Provider

from .common import provider_of


class ChatAdapter(OpenAIChatAdapter):
    def provider_of(self, resource: Any) -> Provider:
        return provider_of(resource)
