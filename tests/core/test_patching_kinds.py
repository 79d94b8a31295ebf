"""What a patched SDK method looks like: a plain method stays a function (no proxy bound on every
access), and every kind of method keeps what ``inspect`` and the descriptor protocol say of it."""

from __future__ import annotations

import asyncio
import inspect
import sys
import types
from typing import Any

import pytest
import wrapt

from genotel.core import Config, Endpoint
from genotel.core.invocation import Telemetry
from genotel.core.patching import apply, revert
from tests.core.fake_sdk import ADAPTER

NAME = "genotel_tests_method_kinds"


class Resource:
    def create(self, *, model: str, temperature: float = 1.0) -> dict[str, Any]:
        return {"id": "r-1", "model": model}

    async def acreate(self, *, model: str) -> dict[str, Any]:
        return {"id": "r-2", "model": model}

    def stream(self, *, model: str) -> Any:
        yield {"id": "r-3", "model": model}

    @staticmethod
    def build(*, model: str) -> dict[str, Any]:
        return {"id": "r-4", "model": model}


class Child(Resource):
    """Inherits every method: the patch lands on the child's own ``__dict__``."""


@pytest.fixture
def kinds(monkeypatch, otel):
    module = types.ModuleType(NAME)
    module.Resource, module.Child = Resource, Child  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, NAME, module)
    before = {name: inspect.getattr_static(Child, name) for name in ("create", "acreate", "stream", "build")}
    table = [
        Endpoint(NAME, "Child.create", ADAPTER),
        Endpoint(NAME, "Child.acreate", ADAPTER, is_async=True),
        Endpoint(NAME, "Child.stream", ADAPTER),
        Endpoint(NAME, "Child.build", ADAPTER),
    ]
    patches = apply(table, Telemetry(Config(**otel.providers), "test", "0"))
    yield before
    revert(patches)
    assert all(name not in vars(Child) for name in before)


def test_a_plain_method_is_patched_with_a_function(kinds, otel):
    patched = vars(Child)["create"]
    assert type(patched) is types.FunctionType  # not a wrapt proxy (which passes isfunction too)
    assert type(Child().create) is types.MethodType  # bound as any method: nothing built per access
    assert patched.__wrapped__ is kinds["create"]
    assert patched.__name__ == "create" and patched.__qualname__ == "Resource.create"
    assert inspect.signature(patched) == inspect.signature(kinds["create"])
    assert Child().create(model="m") == {"id": "r-1", "model": "m"}
    assert Child.create(Child(), model="m2") == {"id": "r-1", "model": "m2"}  # called through the class
    assert [span.name for span in otel.spans()] == ["chat m", "chat m2"]


def test_a_coroutine_method_stays_a_coroutine_function(kinds, otel):
    patched = vars(Child)["acreate"]
    assert inspect.iscoroutinefunction(patched) and type(patched) is types.FunctionType
    assert asyncio.run(Child().acreate(model="m")) == {"id": "r-2", "model": "m"}
    assert [span.name for span in otel.spans()] == ["chat m"]


def test_generator_and_static_methods_keep_their_kind(kinds, otel):
    assert inspect.isgeneratorfunction(Child.stream)  # a function replacing it would not be one
    assert isinstance(inspect.getattr_static(Child, "build"), wrapt.FunctionWrapper)
    assert Child().build(model="s") == {"id": "r-4", "model": "s"}  # no instance slipped in as an argument
    assert Child.build(model="t") == {"id": "r-4", "model": "t"}
    assert [span.name for span in otel.spans()] == ["chat s", "chat t"]
