"""An API error: the user gets the SDK's own exception object; the span and metrics record the failure."""

from __future__ import annotations

import openai
import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected
from tests.openai.scenarios import CHAT_BASE, SERVER, assert_metrics, check_telemetry

REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "temperature": 3.5}
MESSAGE = "Invalid value for 'temperature': expected a number between 0 and 2, but got 3.5 instead."

EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={**CHAT_BASE, "gen_ai.request.temperature": 3.5, "error.type": "BadRequestError"},
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

    check_telemetry(otel, mode, EXPECTED, ("Hello",))
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.status.description == str(error)
    assert MESSAGE in span.status.description
    (exception,) = span.events
    assert exception.name == "exception"
    assert exception.attributes["exception.type"] == "openai.BadRequestError"
    assert exception.attributes["exception.message"] == str(error)
    # no response, so no response model; no usage, so no token metric
    metric = {"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", **SERVER}
    assert_metrics(otel, mode, {**metric, "error.type": "BadRequestError"}, {})


def test_bad_request(otel, mode, instrument, call, replay):
    built = _record_raised(call.sdk)
    with replay("chat_error_400"), pytest.raises(openai.BadRequestError) as caught:
        call(lambda sdk: sdk.chat.completions.create(**REQUEST))
    _check(otel, mode, caught.value, built)
