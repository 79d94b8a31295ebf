"""kits.chat_reasoning: reasoning text of OpenAI-compatible servers, in completions and stream deltas."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from genotel.core.kits.chat_reasoning import ReasoningChatAccumulator, ReasoningChatAdapter, reasoning_of
from genotel.core.model import ReasoningPart, TextPart


def completion(**message):
    choice = NS(index=0, finish_reason="stop", message=NS(role="assistant", content="Yes.", **message))
    return NS(id="c-1", model="m", choices=[choice], usage=None)


def chunk(index=0, finish_reason=None, **delta):
    fields = {"role": None, "content": None, "tool_calls": None, "refusal": None, **delta}
    choice = NS(index=index, delta=NS(**fields), finish_reason=finish_reason)
    return NS(id="c-1", model="m", usage=None, choices=[choice])


@pytest.mark.parametrize("name", ["reasoning", "reasoning_content"])
def test_reasoning_is_read_under_either_name(name):
    assert reasoning_of({name: "because"}) == "because"
    assert reasoning_of(NS(**{name: "because"})) == "because"
    assert reasoning_of(NS(content="x")) is None


@pytest.mark.parametrize("name", ["reasoning", "reasoning_content"])
def test_completion_reasoning_comes_before_the_text(name):
    (message,) = ReasoningChatAdapter().to_response(completion(**{name: "17 is odd."}), True).messages
    assert message.parts == [ReasoningPart("17 is odd."), TextPart("Yes.")]
    assert message.finish_reason == "stop"


def test_completion_without_messages_has_no_parts():
    (message,) = ReasoningChatAdapter().to_response(completion(reasoning="17 is odd."), False).messages
    assert message.parts == [] and message.finish_reason == "stop"


def test_stream_joins_reasoning_per_choice_when_captured():
    accumulator = ReasoningChatAccumulator(True)
    for item in (
        chunk(role="assistant", reasoning="17 is"),
        chunk(1, reasoning_content="Other choice."),
        chunk(reasoning=" odd."),
        chunk(content="Yes."),
        chunk(finish_reason="stop"),
    ):
        accumulator.add(item)
    first, second = accumulator.response().messages
    assert first.parts == [ReasoningPart("17 is odd."), TextPart("Yes.")]
    assert first.finish_reason == "stop"
    assert second.parts == [ReasoningPart("Other choice.")]


def test_stream_keeps_no_reasoning_when_content_is_off():
    accumulator = ReasoningChatAccumulator(False)
    accumulator.add(chunk(role="assistant", reasoning="secret"))
    accumulator.add(chunk(content="Yes.", finish_reason="stop"))
    assert accumulator.reasoning == {}
    (message,) = accumulator.response().messages
    assert message.parts == [] and message.finish_reason == "stop"
