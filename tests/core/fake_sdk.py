"""A tiny stand-in SDK for the core patching and suppression tests.

Each test builds a fresh module (``build``) and registers it in ``sys.modules``, so patch
tables can name it like a real SDK and no state leaks between tests.
"""

from __future__ import annotations

import types
from typing import Any

from genotel.core import Adapter, Endpoint, GenAIInstrumentor, Provider, Request, Response

PROVIDER = Provider("openai", "openai")
SDK = "genotel_tests_fake_sdk"  # the name the fake SDK module is registered under for a test


class FakeAdapter(Adapter):
    """Pure converters for the fake SDK: ``model`` kwarg in, ``{"id", "model"}`` dict out."""

    def to_request(self, instance: Any, args: Any, kwargs: dict[str, Any]) -> Request:
        return Request(
            operation="chat",
            provider=PROVIDER,
            model=kwargs.get("model"),
            server_address="fake.example",
            server_port=443,
        )

    def to_response(self, result: Any, with_messages: bool) -> Response:
        return Response(id=result["id"], model=result["model"])


ADAPTER = FakeAdapter()


def build(name: str, inner_call: Any = None) -> types.ModuleType:
    """A fresh module ``name`` with sync and async resources.

    ``Resource.outer`` calls ``inner_call(self, **kwargs)`` (by default ``self.create``): an
    instrumented call made inside another one.
    """
    module = types.ModuleType(name)

    class Resource:
        def create(self, **kwargs: Any) -> dict[str, Any]:
            return {"id": f"{name}-create", "model": kwargs["model"]}

        def outer(self, **kwargs: Any) -> Any:
            inner = inner_call if inner_call is not None else type(self).create
            return inner(self, **kwargs)

        def untouched(self) -> str:
            return "not instrumented"

    class Child(Resource):
        """Inherits ``create``: patching it must not leave anything behind on the child."""

    class AsyncResource:
        async def create(self, **kwargs: Any) -> dict[str, Any]:
            return {"id": f"{name}-acreate", "model": kwargs["model"]}

        async def outer(self, **kwargs: Any) -> Any:
            return await self.create(**kwargs)

    module.Resource = Resource  # type: ignore[attr-defined]
    module.Child = Child  # type: ignore[attr-defined]
    module.AsyncResource = AsyncResource  # type: ignore[attr-defined]
    return module


def endpoints(name: str) -> tuple[Endpoint, ...]:
    return (
        Endpoint(name, "Resource.create", ADAPTER),
        Endpoint(name, "Resource.outer", ADAPTER),
        Endpoint(name, "AsyncResource.create", ADAPTER, is_async=True),
        Endpoint(name, "AsyncResource.outer", ADAPTER, is_async=True),
    )


class FakeInstrumentor(GenAIInstrumentor):
    """A provider instrumentor over the fake SDK; tests set ``patch_table`` before instrumenting."""

    scope = "genotel.tests.fake"
    version = "0.0.1"
    patch_table: tuple[Endpoint, ...] = ()

    def endpoints(self) -> tuple[Endpoint, ...]:
        return self.patch_table
