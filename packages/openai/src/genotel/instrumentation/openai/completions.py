"""Legacy Completions (``completions.create``): prompts are user messages, each choice a completion."""

from __future__ import annotations

from typing import Any

from genotel.core.kits import openai_completions
from genotel.core.model import Request

from .common import base_request


class CompletionsAdapter(openai_completions.CompletionsAdapter):
    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return base_request(instance, kwargs, "text_completion", ("max_tokens",))
