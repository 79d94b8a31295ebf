"""chat.completions.create, plain text: the reference scenario, sync and async, in every mode.

The request and its whole expected telemetry are in ``scenarios`` (CHAT_TEXT_*), shared with the
other tests that replay chat_text. ``with_raw_response`` hands the user the raw response and
makes the very same span.
"""

from __future__ import annotations

from tests.openai.scenarios import (
    CHAT_METRIC,
    CHAT_TEXT_EXPECTED,
    CHAT_TEXT_ID,
    CHAT_TEXT_REQUEST,
    HELLO,
    assert_metrics,
    check_telemetry,
)


def test_chat_text(otel, mode, instrument, call, replay):
    with replay("chat_text"):
        completion = call(lambda sdk: sdk.chat.completions.create(**CHAT_TEXT_REQUEST))
    assert completion.id == CHAT_TEXT_ID
    assert completion.choices[0].message.content == HELLO
    check_telemetry(otel, mode, CHAT_TEXT_EXPECTED)


def test_with_raw_response(otel, mode, instrument, call, replay):
    with replay("chat_text"):
        raw = call(lambda sdk: sdk.chat.completions.with_raw_response.create(**CHAT_TEXT_REQUEST))
    assert type(raw).__name__ == "LegacyAPIResponse"
    assert raw.http_response.status_code == 200
    assert raw.headers["x-request-id"] == "req_c645eda725a3d80c5fd105fe59833bc0"
    completion = raw.parse()
    assert completion.id == CHAT_TEXT_ID
    assert completion.choices[0].message.content == HELLO
    assert completion.usage.total_tokens == 33
    check_telemetry(otel, mode, CHAT_TEXT_EXPECTED)


def test_metrics(otel, mode, instrument, client, replay):
    with replay("chat_text"):
        client.chat.completions.create(**CHAT_TEXT_REQUEST)
    assert_metrics(otel, mode, CHAT_METRIC, {"input": 24, "output": 9})
