"""Chat completions: the OpenAI chat shape with reasoning (the core's kits), on Together AI."""

from __future__ import annotations

from typing import Any

from genotel.core.kits.chat_reasoning import ReasoningChatAdapter
from genotel.core.model import Provider, Request

from .common import TOGETHER, base_request


class TogetherChatAdapter(ReasoningChatAdapter):
    def provider_of(self, resource: Any) -> Provider:
        return TOGETHER

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "chat")
