"""What the installed botocore models of bedrock-runtime: an older botocore rejects request members
it does not know and drops response members it does not know, so the Converse tests send and expect
what the installed version can carry (botocore 1.34.116 has no documents, cache points, cache
counts or reasoning)."""

from __future__ import annotations

from typing import Any

import botocore.session
from botocore.model import NoShapeFoundError

_MODEL = botocore.session.get_session().get_service_model("bedrock-runtime")


def _has(shape: str, member: str) -> bool:
    try:
        return member in _MODEL.shape_for(shape).members
    except NoShapeFoundError:
        return False


CACHE_COUNTS = _has("TokenUsage", "cacheReadInputTokens")
CACHE_POINTS = _has("SystemContentBlock", "cachePoint")
DOCUMENTS = _has("ContentBlock", "document")
REASONING = _has("ContentBlock", "reasoningContent")


def supported(value: Any) -> Any:
    """``value`` without the blocks the installed botocore would reject."""
    if isinstance(value, list):
        return [supported(item) for item in value if not _unsupported(item)]
    if isinstance(value, dict):
        return {key: supported(item) for key, item in value.items()}
    return value


def _unsupported(item: Any) -> bool:
    return isinstance(item, dict) and (
        ("document" in item and not DOCUMENTS) or ("cachePoint" in item and not CACHE_POINTS)
    )
