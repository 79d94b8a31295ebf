"""``History``: a long conversation is converted only as far as the span can hold it.

Attribute mode reads the caller's messages newest first and stops at the span's attribute
limit; the turns left out are never converted, and ``genotel.prompt.omitted_messages`` counts
them as the caller passed them. Events and the latest JSON need every message, so they convert all.
"""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace import SpanLimits

from genotel.core import Config, History, Message, OutputMessage, Provider, Request, Response, TextPart
from genotel.core.invocation import Telemetry
from genotel.core.testing import OtelHarness

PROVIDER = Provider("openai", "openai")
TURNS = 100


class CountingConverter:
    """Converts ``{"role", "text"}`` dicts, counting each caller message it converts."""

    def __init__(self) -> None:
        self.converted: list[int] = []

    def __call__(self, given: dict) -> list[Message]:
        self.converted.append(given["n"])
        return [Message(given["role"], [TextPart(given["text"])])]


def conversation() -> list[dict]:
    opening = [{"n": 0, "role": "system", "text": "Be brief."}]
    turns = [{"n": n, "role": "user" if n % 2 else "assistant", "text": f"turn {n}"} for n in range(1, TURNS + 1)]
    return opening + turns


def run(otel: OtelHarness, convert, legacy: bool = True) -> dict:
    config = Config(capture_content=True, use_legacy_attributes=legacy, **otel.providers)
    request = Request(operation="chat", provider=PROVIDER, model="m", messages=History(conversation(), convert))
    Telemetry(config, "test", "0").start(request).finish(Response(messages=[OutputMessage("assistant", [])]))
    (span,) = otel.spans()
    return dict(span.attributes)


def test_attribute_mode_converts_only_the_turns_that_fit():
    otel = OtelHarness(span_limits=SpanLimits(max_span_attributes=40))
    convert = CountingConverter()
    attributes = run(otel, convert)
    omitted = attributes["genotel.prompt.omitted_messages"]
    kept = TURNS - omitted
    assert 0 < kept < TURNS
    # The system message and the first turn (is it a system message too?), then the newest turns,
    # newest first: those kept, the one that did not fit, and perhaps one given back for the count.
    newest = convert.converted[2:]
    assert convert.converted[:2] == [0, 1] and newest == list(range(TURNS, TURNS - len(newest), -1))
    assert kept + 1 <= len(newest) <= kept + 2
    assert attributes["gen_ai.prompt.0.content"] == "Be brief."
    assert attributes["gen_ai.prompt.1.content"] == f"turn {TURNS - kept + 1}"
    assert attributes[f"gen_ai.prompt.{kept}.content"] == f"turn {TURNS}"


def test_without_a_limit_every_turn_is_converted_once():
    otel = OtelHarness(span_limits=SpanLimits(max_span_attributes=SpanLimits.UNSET))
    convert = CountingConverter()
    attributes = run(otel, convert)
    assert sorted(convert.converted) == list(range(TURNS + 1))
    assert attributes[f"gen_ai.prompt.{TURNS}.content"] == f"turn {TURNS}"
    assert "genotel.prompt.omitted_messages" not in attributes


def test_events_read_every_message_once(otel):
    convert = CountingConverter()
    run(otel, convert, legacy=False)
    assert sorted(convert.converted) == list(range(TURNS + 1))
    assert len([event for event in otel.events() if event.name != "gen_ai.choice"]) == TURNS + 1


def test_a_turn_of_several_messages_is_kept_whole_and_counted_once():
    """An Anthropic user turn holding three tool results is three ``tool`` messages: all kept or none."""
    results = [{"role": "tool", "text": f"result {n}"} for n in range(3)]
    given = [{"role": "user", "text": "go"}, results, {"role": "user", "text": "and?"}]

    def convert(turn):
        return [Message(m["role"], [TextPart(m["text"])]) for m in (turn if isinstance(turn, list) else [turn])]

    history = History(given, convert)
    assert history.turns == 3 and len(history) == 5
    room = 2 * 2 + 1  # the last turn (2 slots), the omitted count (1), and 2 slots: too few for the results (6)
    otel = OtelHarness(span_limits=SpanLimits(max_span_attributes=room + 2))
    config = Config(capture_content=True, **otel.providers)
    request = Request(operation="chat", provider=PROVIDER, model="m", messages=history)
    Telemetry(config, "test", "0").start(request).finish(None)
    (span,) = otel.spans()
    assert span.attributes["gen_ai.prompt.0.content"] == "and?"
    assert "gen_ai.prompt.1.role" not in span.attributes
    assert span.attributes["genotel.prompt.omitted_messages"] == 2


def test_the_callers_list_is_copied_not_watched():
    given = [{"n": 1, "role": "user", "text": "first"}]
    history = History(given, CountingConverter())
    given.append({"n": 2, "role": "assistant", "text": "appended after the call"})
    assert [m.parts[0].content for m in history] == ["first"]


def test_reads_like_the_list_it_stands_for():
    history = History(conversation()[:3], CountingConverter())
    as_list = list(history)
    assert history == as_list and history[1] == as_list[1] and history[-2:] == as_list[-2:]
    assert bool(history) and not History([], CountingConverter())
    with pytest.raises(TypeError):
        hash(history)
