"""API errors: the user gets the SDK's own exception; the span fails with error.type = its class name."""

from __future__ import annotations

import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import check
from tests.mistralai.scenarios import CHAT_BASE, MODEL, PROMPT, SYSTEM, TEXT_REQUEST, TEXT_REQUEST_ATTRIBUTES, SDKError

FAILED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="mistral_ai",
    base={**CHAT_BASE, **TEXT_REQUEST_ATTRIBUTES, "error.type": "SDKError"},
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


@pytest.mark.parametrize("method", ["complete", "stream"])
def test_rate_limited(otel, mode, instrument, call, replay, method):
    with replay("chat_error_429"), pytest.raises(SDKError) as raised:
        call(lambda sdk: getattr(sdk.chat, method)(**TEXT_REQUEST))
    assert raised.value.status_code == 429
    expected = FAILED
    if method == "stream":
        expected = Expected(**{**vars(FAILED), "stream": False})
    check(otel, mode, expected, {})
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    (exception,) = span.events
    assert exception.attributes["exception.type"] == f"{type(raised.value).__module__}.SDKError"
