"""API errors: the user gets the SDK's own exception; the span fails with error.type = its class name."""

from __future__ import annotations

import pytest
from cohere.errors import TooManyRequestsError
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import check
from tests.cohere.scenarios import (
    CHAT_BASE,
    MODEL,
    PROMPT,
    SAMPLING_ATTRIBUTES,
    SYSTEM,
    TEXT_REQUEST,
)

NO_RETRY = {"request_options": {"max_retries": 0}}  # the SDK retries a 429 twice by default


def failed(stream: bool) -> Expected:
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="cohere",
        base={
            **CHAT_BASE,
            **SAMPLING_ATTRIBUTES,
            "gen_ai.request.frequency_penalty": 0.1,
            "gen_ai.request.presence_penalty": 0.2,
            "error.type": "TooManyRequestsError",
        },
        legacy={
            "gen_ai.prompt.0.role": "system",
            "gen_ai.prompt.0.content": SYSTEM,
            "gen_ai.prompt.1.role": "user",
            "gen_ai.prompt.1.content": PROMPT,
        },
        events=[("gen_ai.system.message", {"content": SYSTEM}), ("gen_ai.user.message", {"content": PROMPT})],
        latest={
            "gen_ai.input.messages": [
                {"role": "system", "parts": [{"type": "text", "content": SYSTEM}]},
                {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
            ]
        },
        error=True,
    )


def test_rate_limited(otel, mode, instrument, call, replay):
    with replay("v2_chat_error_429"), pytest.raises(TooManyRequestsError) as raised:
        call(lambda sdk: sdk.chat(**TEXT_REQUEST, **NO_RETRY))
    assert raised.value.status_code == 429
    check(otel, mode, failed(stream=False), {})
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    (exception,) = span.events
    assert exception.attributes["exception.type"].endswith(".TooManyRequestsError")


def test_rate_limited_stream_fails_on_first_read(otel, mode, instrument, call, replay):
    """The stream's request goes out on the first read: that is where the error reaches the user and the span."""
    with replay("v2_chat_error_429"), pytest.raises(TooManyRequestsError):
        call(lambda sdk: sdk.chat_stream(**TEXT_REQUEST, **NO_RETRY), into=[])
    (span,) = otel.spans()
    assert span.attributes["error.type"] == "TooManyRequestsError"
    assert span.status.status_code == StatusCode.ERROR
