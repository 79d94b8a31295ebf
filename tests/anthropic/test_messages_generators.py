"""Generators where the SDK takes any iterable (``messages``, ``system`` blocks, content blocks, ``tools``).

The SDK must send what it would send uninstrumented, and genotel must see the same messages,
for ``messages.create`` and for ``messages.stream()`` (which builds its request before genotel
traces it).
"""

from __future__ import annotations

from genotel.core.testing import sent_json
from tests.anthropic.claude_scenarios import (
    HELLO,
    HELLO_TOKENS,
    PROMPT,
    STREAM_ID,
    SYSTEM,
    TEXT_ID,
    TEXT_REQUEST,
    WEATHER_TOOL,
    check,
    hello_expected,
)


def generator_request() -> dict:
    """TEXT_REQUEST with the system prompt, the messages and a message's content blocks as generators."""
    user = {"role": "user", "content": (block for block in [{"type": "text", "text": PROMPT}])}
    return {
        **TEXT_REQUEST,
        "system": (block for block in [{"type": "text", "text": SYSTEM}]),
        "messages": (message for message in [user]),
    }


SENT_MESSAGES = [{"role": "user", "content": [{"type": "text", "text": PROMPT}]}]
SENT_SYSTEM = [{"type": "text", "text": SYSTEM}]


def test_create_with_generators(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("messages_text", sent):
        message = call(lambda sdk: sdk.messages.create(**generator_request()))
    assert message.content[0].text == HELLO
    body = sent_json(sent)
    assert (body["messages"], body["system"]) == (SENT_MESSAGES, SENT_SYSTEM)
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_stream_helper_with_generators(otel, mode, instrument, client, replay):
    sent: list = []
    with replay("messages_stream", sent), client.messages.stream(**generator_request()) as stream:
        assert stream.get_final_text() == HELLO
    body = sent_json(sent)
    assert (body["messages"], body["system"]) == (SENT_MESSAGES, SENT_SYSTEM)
    check(otel, mode, hello_expected(STREAM_ID, stream=True), HELLO_TOKENS)


def test_tools_as_a_generator(otel, mode, instrument, client, replay):
    sent: list = []
    with replay("messages_text", sent):
        client.messages.create(**TEXT_REQUEST, tools=(tool for tool in [WEATHER_TOOL]))
    assert sent_json(sent)["tools"] == [WEATHER_TOOL]
    (span,) = [span for span in otel.spans() if span.instrumentation_scope.name.startswith("genotel")]
    if mode.capture_content and mode.use_legacy_attributes and not mode.latest:
        assert span.attributes["llm.request.functions.0.name"] == WEATHER_TOOL["name"]
