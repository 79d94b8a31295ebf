"""API errors: the user gets the SDK's own exception object; the span and metrics record the failure.

error.type is the exception class's ``__qualname__``, which for the 529 depends on the SDK: 2.x
raises ``anthropic.OverloadedError`` from both clients; 0.49 raises
``anthropic._exceptions.OverloadedError`` from the sync client but ``anthropic.InternalServerError``
from the async one (its async client has no 529 case). The expected name is read from the caught
class and checked against the literal for that SDK and client.
"""

from __future__ import annotations

import anthropic
import pytest
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import CHAT_BASE, MODEL, assert_metrics, check

OVERLOADED_REQUEST = {"model": MODEL, "max_tokens": 256, "messages": [{"role": "user", "content": "Hello"}]}
BUDGET_REQUEST = {
    "model": MODEL,
    "max_tokens": 1024,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Is 1001 prime?"}],
}
BUDGET_MESSAGE = (
    "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at "
    "https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size"
)
# exception.type on the span's exception event: module + qualified name, per SDK version and client
OVERLOADED_TYPES = {
    "anthropic.OverloadedError",
    "anthropic._exceptions.OverloadedError",
    "anthropic.InternalServerError",
}
OLD_SDK = anthropic.__version__.startswith("0.")


def overloaded_name(sdk) -> str:
    """The 529's class name: InternalServerError only from anthropic 0.x's async client."""
    return "InternalServerError" if OLD_SDK and isinstance(sdk, anthropic.AsyncAnthropic) else "OverloadedError"


def failed(prompt: str, max_tokens: int, error_type: str) -> Expected:
    """The prompt was sent, so it is recorded; there is no response, so no response attribute."""
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="anthropic",
        base={**CHAT_BASE, "gen_ai.request.max_tokens": max_tokens, "error.type": error_type},
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": prompt},
        events=[("gen_ai.user.message", {"content": prompt})],
        latest={"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": prompt}]}]},
        error=True,
    )


def record_raised(sdk) -> list:
    """Keep every status error the SDK builds, to prove the user gets that very object."""
    built = []
    make = sdk._make_status_error

    def recording(*args, **kwargs):
        error = make(*args, **kwargs)
        built.append(error)
        return error

    sdk._make_status_error = recording
    return built


def check_failure(otel, mode, error, built, expected: Expected, exception_types: set[str], prompt: str) -> None:
    assert built == [error] and built[0] is error
    check(otel, mode, expected, {}, canaries=(prompt,))  # no usage: no token metric
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    assert span.status.description == str(error)
    (exception,) = span.events
    assert exception.name == "exception"
    assert exception.attributes["exception.type"] == f"{type(error).__module__}.{type(error).__qualname__}"
    assert exception.attributes["exception.type"] in exception_types
    assert exception.attributes["exception.message"] == str(error)
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.attributes["error.type"] == type(error).__qualname__


def test_overloaded_529(otel, mode, instrument, call, replay):
    built = record_raised(call.sdk)
    with replay("messages_error_529"), pytest.raises(anthropic.APIStatusError) as caught:
        call(lambda sdk: sdk.messages.create(**OVERLOADED_REQUEST))
    error = caught.value
    assert error.status_code == 529
    assert error.request_id == "req_011ChYadGrxXL62gqUw2Jk1A"
    assert error.body["error"] == {"type": "overloaded_error", "message": "Overloaded"}
    error_type = type(error).__qualname__
    assert error_type == overloaded_name(call.sdk)
    expected = failed("Hello", 256, error_type)
    check_failure(otel, mode, error, built, expected, OVERLOADED_TYPES, "Hello")


def test_bad_request_400(otel, mode, instrument, call, replay):
    built = record_raised(call.sdk)
    with replay("messages_error_400"), pytest.raises(anthropic.BadRequestError) as caught:
        call(lambda sdk: sdk.messages.create(**BUDGET_REQUEST))
    error = caught.value
    assert type(error) is anthropic.BadRequestError
    assert error.status_code == 400
    assert error.request_id == "req_011C4fz1xM7X2RUzDm48LwZJ"
    assert error.body["error"]["message"] == BUDGET_MESSAGE
    error_type = type(error).__qualname__
    assert error_type == "BadRequestError"
    expected = failed("Is 1001 prime?", 1024, error_type)
    check_failure(otel, mode, error, built, expected, {"anthropic.BadRequestError"}, "1001")


def test_overloaded_through_with_raw_response(otel, mode, instrument, call, replay):
    """The raw-response path fails the same way, with the same span."""
    built = record_raised(call.sdk)
    with replay("messages_error_529"), pytest.raises(anthropic.APIStatusError) as caught:
        call(lambda sdk: sdk.messages.with_raw_response.create(**OVERLOADED_REQUEST))
    assert caught.value.status_code == 529
    assert type(caught.value).__qualname__ == overloaded_name(call.sdk)
    expected = failed("Hello", 256, type(caught.value).__qualname__)
    check_failure(otel, mode, caught.value, built, expected, OVERLOADED_TYPES, "Hello")


def test_error_metric_has_no_response_model(otel, mode, instrument, client, replay):
    with replay("messages_error_529"), pytest.raises(anthropic.APIStatusError):
        client.messages.create(**OVERLOADED_REQUEST)
    assert_metrics(otel, mode, failed("Hello", 256, "OverloadedError"), {})
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert "gen_ai.response.model" not in duration.attributes
