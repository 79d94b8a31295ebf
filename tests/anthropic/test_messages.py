"""messages.create with text: the reference Anthropic scenario, sync and async, in every mode.

Also its twins that must give the same telemetry shape: ``with_raw_response``, the beta
resource, ``parse`` (anthropic >= 2; older SDKs have no parse, so there the same cassette is
replayed through ``create``), and the prompt-caching pair whose cached tokens count as input.
"""

from __future__ import annotations

import anthropic
import pydantic
from anthropic.resources.beta.messages import Messages as BetaMessages
from anthropic.resources.messages import Messages

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import (
    BETA_TEXT_ID,
    CHAT_BASE,
    HELLO,
    HELLO_TOKENS,
    MODEL,
    NO_CACHE,
    TEXT_ID,
    TEXT_REQUEST,
    check,
    hello_expected,
    resolved,
    text_exchange,
)

# anthropic 0.49 has no messages.parse / beta.messages.parse; 2.x has both.
HAS_PARSE = hasattr(Messages, "parse") and hasattr(BetaMessages, "parse")


def test_messages_text(otel, mode, instrument, call, replay):
    with replay("messages_text"):
        message = call(lambda sdk: sdk.messages.create(**TEXT_REQUEST))
    assert type(message) is anthropic.types.Message
    assert message.id == TEXT_ID
    assert message.content[0].text == HELLO
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_with_raw_response(otel, mode, instrument, call, replay):
    with replay("messages_text"):
        raw = call(lambda sdk: sdk.messages.with_raw_response.create(**TEXT_REQUEST))
    assert raw.http_response.status_code == 200
    assert raw.headers["request-id"] == "req_011CZVSuYKp2qBW8UV3gq5QQ"
    message = resolved(raw.parse())  # anthropic >= 2: a coroutine with the async client
    assert message.id == TEXT_ID
    assert message.content[0].text == HELLO
    assert message.usage.output_tokens == 12
    check(otel, mode, hello_expected(TEXT_ID), HELLO_TOKENS)


def test_beta_messages_text(otel, mode, instrument, call, replay):
    """One span with the stable resource's shape (0.49 posts to ?beta=true, 2.x to plain /v1/messages)."""
    with replay("beta_messages_text"):
        message = call(lambda sdk: sdk.beta.messages.create(**TEXT_REQUEST, betas=["context-1m-2025-08-07"]))
    assert type(message).__name__ == "BetaMessage"
    assert message.id == BETA_TEXT_ID
    assert message.content[0].text == HELLO
    check(otel, mode, hello_expected(BETA_TEXT_ID), HELLO_TOKENS)


# --- prompt caching: one cached system block, written then read -----------------------------------

TRAVEL_POLICY = (
    "You are a meticulous travel planner. Always plan around opening hours, realistic walking and transit "
    "times, and meal breaks. Prefer public transport and walking over taxis, and never schedule more than "
    "three major sights in a single day. Mention at least one local dish to try, flag any attraction that "
    "usually requires advance booking, and keep the whole plan under 200 words. If the traveller's constraints "
    "conflict, say so plainly and propose the least disruptive compromise."
)
LYON_PLAN = (
    "Morning: walk up to Fourvière Basilica for the view, then wander down through Vieux Lyon's traboules. "
    "Lunch: a bouchon — try quenelles de brochet. Afternoon: Musée des Confluences (book ahead on weekends), "
    "tram T1 back to Presqu'île. Evening: stroll Place Bellecour and the Rhône quays."
)
CACHE_REQUEST = {
    "model": MODEL,
    "max_tokens": 1024,
    "system": [{"type": "text", "text": TRAVEL_POLICY, "cache_control": {"type": "ephemeral"}}],
    "messages": [{"role": "user", "content": "Plan one day in Lyon."}],
}


def cache_expected(response_id: str, cache_read: int, cache_creation: int) -> Expected:
    """Anthropic reports input_tokens without the cached ones: the span's input is 18 + 2048."""
    return Expected(
        span_name=f"chat {MODEL}",
        provider_latest="anthropic",
        base={
            **CHAT_BASE,
            "gen_ai.request.max_tokens": 1024,
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": MODEL,
            "gen_ai.response.finish_reasons": ["end_turn"],
            "gen_ai.usage.input_tokens": 2066,
            "gen_ai.usage.output_tokens": 87,
            "gen_ai.usage.cache_read.input_tokens": cache_read,
            "gen_ai.usage.cache_creation.input_tokens": cache_creation,
        },
        # the system block is the system prompt; cache_control is not content
        **text_exchange("Plan one day in Lyon.", LYON_PLAN, system=TRAVEL_POLICY),
    )


def test_system_blocks_cache_write(otel, mode, instrument, call, replay):
    with replay("messages_system_blocks_cache_write"):
        message = call(lambda sdk: sdk.messages.create(**CACHE_REQUEST))
    assert message.usage.cache_creation_input_tokens == 2048
    assert message.content[0].text == LYON_PLAN
    expected = cache_expected("msg_01fY2y4J4sciBiYsSai8VZZq", cache_read=0, cache_creation=2048)
    check(otel, mode, expected, {"input": 2066, "output": 87}, canaries=("quenelles", "meticulous"))


def test_system_blocks_cache_read(otel, mode, instrument, call, replay):
    with replay("messages_system_blocks_cache_read"):
        message = call(lambda sdk: sdk.messages.create(**CACHE_REQUEST))
    assert message.usage.cache_read_input_tokens == 2048
    expected = cache_expected("msg_01zZrBsM5WXVVzZVvbLF6Jij", cache_read=2048, cache_creation=0)
    check(otel, mode, expected, {"input": 2066, "output": 87}, canaries=("quenelles", "meticulous"))


# --- parse: structured output (messages_parse.yaml) ------------------------------------------------


class Weather(pydantic.BaseModel):
    city: str
    temp_c: int


WEATHER_JSON = '{"city": "Paris", "temp_c": 18}'
PARSE_QUESTION = "Weather in Paris as JSON: city and temp_c."
PARSE_REQUEST = {"model": MODEL, "max_tokens": 256, "messages": [{"role": "user", "content": PARSE_QUESTION}]}
PARSE_EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 256,
        "gen_ai.response.id": "msg_01Kq7TfV3xWcN8pRzLmY2hDs",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 96,
        "gen_ai.usage.output_tokens": 14,
        **NO_CACHE,
    },
    **text_exchange(PARSE_QUESTION, WEATHER_JSON),
)


def _parse_or_create(resource):
    """``resource.parse(output_format=Weather)`` where the SDK has it, else the ``create`` both SDKs share."""
    if HAS_PARSE:
        return resource.parse(**PARSE_REQUEST, output_format=Weather)
    return resource.create(**PARSE_REQUEST)


def _check_parsed(message) -> None:
    assert message.id == "msg_01Kq7TfV3xWcN8pRzLmY2hDs"
    assert message.content[0].text == WEATHER_JSON
    if HAS_PARSE:  # a ParsedMessage / ParsedBetaMessage
        assert message.parsed_output == Weather(city="Paris", temp_c=18)


def test_parse(otel, mode, instrument, call, replay):
    with replay("messages_parse"):
        message = call(lambda sdk: _parse_or_create(sdk.messages))
    assert isinstance(message, anthropic.types.Message)
    _check_parsed(message)
    check(otel, mode, PARSE_EXPECTED, {"input": 96, "output": 14}, canaries=("Paris",))


def test_beta_parse(otel, mode, instrument, call, replay):
    with replay("messages_parse"):
        message = call(lambda sdk: _parse_or_create(sdk.beta.messages))
    assert isinstance(message, anthropic.types.beta.BetaMessage)
    _check_parsed(message)
    check(otel, mode, PARSE_EXPECTED, {"input": 96, "output": 14}, canaries=("Paris",))
