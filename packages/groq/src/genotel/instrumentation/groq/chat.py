"""Groq chat completions: the OpenAI chat shape with reasoning (the core's kits), plus Groq's stream usage.

Groq streams report usage in the last chunk's ``x_groq.usage`` (top-level ``usage`` only when asked
for with ``stream_options``); reasoning models answer with ``reasoning`` beside the content.
"""

from __future__ import annotations

from typing import Any

from genotel.core.kits.chat_reasoning import ReasoningChatAccumulator, ReasoningChatAdapter
from genotel.core.kits.openai_chat import FINISH_REASONS
from genotel.core.model import Provider

GROQ = Provider("groq", "groq", FINISH_REASONS)


class GroqChatAdapter(ReasoningChatAdapter):
    def provider_of(self, resource: Any) -> Provider:
        return GROQ

    def accumulator(self, capture: bool) -> GroqChatAccumulator:
        return GroqChatAccumulator(capture)


class GroqChatAccumulator(ReasoningChatAccumulator):
    """Usage from ``x_groq.usage`` as well."""

    __slots__ = ()

    usage_carrier = "x_groq"
