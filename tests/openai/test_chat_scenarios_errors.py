"""An API error: the user gets the SDK's own exception object; the span and metrics record the failure."""

from __future__ import annotations

import openai
import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry

REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "temperature": 3.5}
MESSAGE = "Invalid value for 'temperature': expected a number between 0 and 2, but got 3.5 instead."

EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.temperature": 3.5,
        "server.address": "api.openai.com",
        "server.port": 443,
        "error.type": "BadRequestError",
    },
    # The prompt was sent, so it is recorded; there is no response to record.
    legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "Hello"},
    events=[("gen_ai.user.message", {"content": "Hello"})],
    latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Hello"}]}]},
    error=True,
)


def _record_raised(client):
    """Keep every status error the SDK builds, to prove the user gets that very object."""
    built = []
    make = client._make_status_error

    def recording(*args, **kwargs):
        error = make(*args, **kwargs)
        built.append(error)
        return error

    client._make_status_error = recording
    return built


def _check(otel, mode, error, built):
    assert built == [error] and built[0] is error
    assert type(error) is openai.BadRequestError
    assert error.status_code == 400
    assert isinstance(error.body, dict) and error.body["message"] == MESSAGE
    assert error.code == "invalid_value"
    assert error.request_id == "req_a720c2bdfe5e43a511bc04c9b5197e84"

    assert_telemetry(otel, mode, EXPECTED)
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.status.description == str(error)
    assert MESSAGE in span.status.description
    (exception,) = span.events
    assert exception.name == "exception"
    assert exception.attributes["exception.type"] == "openai.BadRequestError"
    assert exception.attributes["exception.message"] == str(error)
    if not mode.capture_content:
        assert_no_canary(otel, ("Hello",))

    points = otel.metric_points()
    provider = {"gen_ai.provider.name": "openai"} if mode.latest else {"gen_ai.system": "openai"}
    (duration,) = points["gen_ai.client.operation.duration"]
    assert duration.count == 1
    assert dict(duration.attributes) == {
        "gen_ai.operation.name": "chat",
        **provider,
        "gen_ai.request.model": "gpt-4o-mini",
        "server.address": "api.openai.com",
        "server.port": 443,
        "error.type": "BadRequestError",
    }
    assert "gen_ai.client.token.usage" not in points


def test_bad_request_sync(otel, mode, instrument, client, replay):
    built = _record_raised(client)
    with replay("chat_error_400"), pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(**REQUEST)
    _check(otel, mode, caught.value, built)


async def test_bad_request_async(otel, mode, instrument, async_client, replay):
    built = _record_raised(async_client)
    with replay("chat_error_400"), pytest.raises(openai.BadRequestError) as caught:
        await async_client.chat.completions.create(**REQUEST)
    _check(otel, mode, caught.value, built)
