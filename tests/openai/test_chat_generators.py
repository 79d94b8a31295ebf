"""Generators where the SDK takes any iterable: the SDK still sends every message, and genotel sees them.

A converter reading a generator first would leave the SDK an empty list; the core hands the
SDK and the converters the same lists, made once.
"""

from __future__ import annotations

from genotel.core.testing import sent_json
from tests.openai.scenarios import (
    CHAT_MESSAGES,
    CHAT_TEXT_EXPECTED,
    CHAT_TEXT_REQUEST,
    HELLO,
    PROMPT,
    SYSTEM,
    WEATHER_TOOL,
    check_telemetry,
)


def test_messages_as_a_generator(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("chat_text", sent):
        completion = call(
            lambda sdk: sdk.chat.completions.create(**{**CHAT_TEXT_REQUEST, "messages": iter(CHAT_MESSAGES)})
        )
    assert completion.choices[0].message.content == HELLO
    assert sent_json(sent)["messages"] == CHAT_MESSAGES
    check_telemetry(otel, mode, CHAT_TEXT_EXPECTED)


def test_generators_nested_in_messages(otel, mode, instrument, call, replay):
    """Content parts and a whole message list, each a generator expression, as users write them."""

    def messages():
        yield {"role": "system", "content": SYSTEM}
        yield {"role": "user", "content": (part for part in [{"type": "text", "text": PROMPT}])}

    sent: list = []
    with replay("chat_text", sent):
        call(lambda sdk: sdk.chat.completions.create(**{**CHAT_TEXT_REQUEST, "messages": messages()}))
    assert sent_json(sent)["messages"] == [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": [{"type": "text", "text": PROMPT}]},
    ]
    check_telemetry(otel, mode, CHAT_TEXT_EXPECTED)


def test_tools_as_a_generator(otel, mode, instrument, call, replay):
    sent: list = []
    request = {**CHAT_TEXT_REQUEST, "tools": (tool for tool in [WEATHER_TOOL])}
    with replay("chat_text", sent):
        call(lambda sdk: sdk.chat.completions.create(**request))
    assert sent_json(sent)["tools"] == [WEATHER_TOOL]
    (span,) = otel.spans()
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert span.attributes["llm.request.functions.0.name"] == "get_weather"


def test_the_users_objects_are_left_as_they_were(otel, mode, instrument, client, replay):
    """Materialising copies the containers that held a generator; the user's own dict is untouched."""
    parts = (part for part in [{"type": "text", "text": PROMPT}])
    user = {"role": "user", "content": parts}
    messages = [{"role": "system", "content": SYSTEM}, user]
    with replay("chat_text"):
        client.chat.completions.create(**{**CHAT_TEXT_REQUEST, "messages": messages})
    assert user["content"] is parts
    assert messages[1] is user
