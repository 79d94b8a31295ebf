"""``field`` on pydantic models: a name the model does not declare is read from its extras without
pydantic raising an AttributeError each time (Groq's and Together's stream deltas have no ``refusal``)."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from genotel.core.convert import field, rare_field
from genotel.core.kits.openai_chat import ChatAccumulator


class Delta(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")

    content: str | None = None
    _secret: str = pydantic.PrivateAttr(default="private")

    @property
    def shouted(self) -> str:
        return (self.content or "").upper()


class Dynamic(pydantic.BaseModel):
    """An SDK model answering some names itself: its ``__getattr__`` must keep being asked."""

    def __getattr__(self, name: str) -> Any:
        if name == "computed":
            return "from __getattr__"
        return super().__getattr__(name)


@pytest.fixture
def pydantic_misses(monkeypatch):
    """How many times pydantic's ``__getattr__`` ran, per name."""
    calls: dict[str, int] = {}
    original = pydantic.BaseModel.__getattr__

    def counting(self, name):
        calls[name] = calls.get(name, 0) + 1
        return original(self, name)

    monkeypatch.setattr(pydantic.BaseModel, "__getattr__", counting)
    return calls


def test_an_undeclared_name_costs_pydantic_one_miss_per_class(pydantic_misses):
    for text in ("a", "b", "c"):
        assert field(Delta(content=text), "refusal") is None
    assert pydantic_misses == {"refusal": 1}


def test_an_undeclared_name_is_still_read_from_the_extras():
    assert field(Delta(), "annotation") is None
    assert field(Delta(annotation="late"), "annotation") == "late"
    assert field(Delta(), "annotation", "fallback") == "fallback"


def test_declared_fields_private_attributes_and_properties_read_as_before():
    delta = Delta(content="hi")
    for _ in range(2):
        assert field(delta, "content") == "hi"
        assert field(delta, "_secret") == "private"
        assert field(delta, "shouted") == "HI"


def test_a_model_with_its_own_getattr_is_always_asked():
    for _ in range(2):
        assert field(Dynamic(), "computed") == "from __getattr__"
        assert field(Dynamic(), "absent", 0) == 0


def test_plain_objects_and_dicts_are_unaffected():
    class Plain:
        present = 1

    for _ in range(2):
        assert field(Plain(), "absent", "default") == "default"
        assert field(Plain(), "present") == 1
        assert field({"present": 2}, "present") == 2


def test_a_class_that_is_no_pydantic_model_is_inspected_once(monkeypatch):
    """``None`` (absent options, say) and plain objects miss often: their class is looked at once, not per read."""
    from genotel.core import convert

    inspected = []
    original = convert._remember_missing
    monkeypatch.setattr(convert, "_remember_missing", lambda cls, name: inspected.append(cls) or original(cls, name))

    class Options:
        pass

    for _ in range(3):
        assert field(None, "temperature") is None
        assert field(Options(), "temperature", 1.0) == 1.0
    assert inspected == [Options]


def test_rare_field_reads_declared_fields_then_extras_without_a_miss(pydantic_misses):
    assert rare_field(Delta(content="hi"), "content") == "hi"
    assert rare_field(Delta(refusal="I can't"), "refusal") == "I can't"
    assert rare_field(Delta(), "refusal") is None
    assert pydantic_misses == {}


def test_rare_field_reads_plain_objects_by_their_dict():
    class Plain:
        def __init__(self, **fields: Any) -> None:
            self.__dict__.update(fields)

    assert rare_field(Plain(refusal="no"), "refusal") == "no"
    assert rare_field(Plain(), "refusal") is None


class ChunkDelta(Delta):
    role: str | None = None
    tool_calls: list[Any] | None = None


class Choice(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")

    index: int
    delta: ChunkDelta | None
    finish_reason: str | None = None


class Chunk(pydantic.BaseModel):
    id: str
    model: str
    choices: list[Choice]
    usage: Any = None


def test_the_chat_kit_reads_undeclared_stream_fields_from_extras_without_a_miss(pydantic_misses):
    """A server's delta with ``refusal`` the SDK does not declare, a choice with Azure's filter verdicts:
    both reach the response, and no chunk makes pydantic raise for a field it lacks."""
    verdicts = {"violence": {"filtered": True, "severity": "medium"}}
    chunks = [
        Chunk(id="c1", model="m", choices=[Choice(index=0, delta=ChunkDelta(role="assistant", content="I"))]),
        Chunk(id="c1", model="m", choices=[Choice(index=0, delta=ChunkDelta(refusal="I can't help with that."))]),
        Chunk(
            id="c1",
            model="m",
            choices=[Choice(index=0, delta=ChunkDelta(), finish_reason="stop", content_filter_results=verdicts)],
        ),
    ]
    for capture in (True, False):
        accumulator = ChatAccumulator(capture)
        for chunk in chunks:
            accumulator.add(chunk)
        response = accumulator.response()
        (message,) = response.messages
        assert message.finish_reason == "stop"
        findings = sorted((finding.action, finding.code) for finding in response.safety.findings)
        assert findings == [("content_filter", "violence"), ("refusal", None)]
        if capture:
            assert [part.content for part in message.parts] == ["I", "I can't help with that."]
    assert pydantic_misses == {}
