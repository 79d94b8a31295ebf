"""``chat.completions.parse()`` raising after an HTTP 200: content never escapes through the error,
and the usage the call was billed for is still recorded when the error carries the completion.

chat_parse_invalid: the model's answer has text where the schema wants a number, and
pydantic's error quotes it (the canary). chat_parse_length: the answer was cut at the length limit, and
``LengthFinishReasonError`` carries the completion with its usage.
"""

from __future__ import annotations

import openai
import pydantic
import pytest

from genotel.core.testing import assert_no_canary
from tests.openai.scenarios import CANARIES, CHAT_METRIC, assert_metrics

REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "Extract the weather report."},
        {"role": "user", "content": "It is 18 degrees Celsius in CANARY-PROMPT-7f3a right now."},
    ],
}


class Weather(pydantic.BaseModel):
    city: str
    temp_c: float


def parse(sdk):
    return sdk.chat.completions.parse(**REQUEST, response_format=Weather)


def one_span(otel):
    (span,) = otel.spans()
    (event,) = span.events
    assert event.name == "exception"
    return span, event


def test_validation_error_text_stays_out_with_content_off(otel, mode, instrument, call, replay):
    with replay("chat_parse_invalid"), pytest.raises(pydantic.ValidationError) as raised:
        call(parse)
    assert "CANARY-COMPLETION-91c2" in str(raised.value)  # the error quotes the completion
    span, event = one_span(otel)
    assert span.attributes["error.type"] == "ValidationError"
    assert event.attributes["exception.type"] == "pydantic_core._pydantic_core.ValidationError"
    assert "Traceback (most recent call last)" in event.attributes["exception.stacktrace"]
    if mode.capture_content:
        assert span.status.description == str(raised.value)
        assert event.attributes["exception.message"] == str(raised.value)
    else:
        assert span.status.description is None
        assert "exception.message" not in event.attributes
        assert_no_canary(otel, CANARIES)
    # the error carries no completion: nothing to recover, and nothing estimated
    assert "gen_ai.usage.input_tokens" not in span.attributes


def test_length_error_keeps_the_billed_usage(otel, mode, instrument, call, replay):
    with replay("chat_parse_length"), pytest.raises(openai.LengthFinishReasonError) as raised:
        call(parse)
    assert raised.value.completion.usage.completion_tokens == 5
    span, _event = one_span(otel)
    attributes = dict(span.attributes)
    assert attributes["error.type"] == "LengthFinishReasonError"
    assert attributes["gen_ai.response.id"] == "chatcmpl-Bq7UaR4tGm2NwE6vJk0Pz8Lb3Yd9C"
    assert attributes["gen_ai.response.finish_reasons"] == ("length",)
    assert (attributes["gen_ai.usage.input_tokens"], attributes["gen_ai.usage.output_tokens"]) == (78, 5)
    metric = {**CHAT_METRIC, "error.type": "LengthFinishReasonError"}
    assert_metrics(otel, mode, metric, {"input": 78, "output": 5})
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert attributes["gen_ai.completion.0.content"] == '{"city":"CANARY-COMPLETION-91c2'
    if not mode.capture_content:
        assert_no_canary(otel, CANARIES)


def test_api_errors_keep_their_message_with_content_off(otel, mode, instrument, call, replay):
    """An HTTP error describes the exchange (status, parameter), not the conversation: its text stays."""
    with replay("chat_error_400"), pytest.raises(openai.BadRequestError) as raised:
        call(
            lambda sdk: sdk.chat.completions.create(model="gpt-4o-mini", messages=REQUEST["messages"], temperature=3.5)
        )
    span, event = one_span(otel)
    assert span.status.description == str(raised.value)
    assert event.attributes["exception.message"] == str(raised.value)
