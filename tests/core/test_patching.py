"""Core patch tables: apply and revert exactly, never double-wrap, skip what the SDK lacks."""

from __future__ import annotations

import logging

import pytest

from genotel.core import Config, Endpoint
from genotel.core.invocation import Telemetry
from genotel.core.patching import Patch, apply, revert
from tests.core.fake_sdk import ADAPTER, SDK, endpoints


@pytest.fixture
def telemetry(otel):
    return Telemetry(Config(**otel.providers), "test", "0")


def made(patches):
    """The patches actually made (``apply`` also returns the hook that waits for modules not imported yet)."""
    return [patch for patch in patches if isinstance(patch, Patch)]


def originals(sdk):
    return {
        (cls, name): vars(getattr(sdk, cls))[name]
        for cls, name in (("Resource", "create"), ("Resource", "outer"), ("AsyncResource", "create"))
    }


def test_apply_wraps_and_revert_restores_the_exact_objects(sdk, telemetry, otel):
    before = originals(sdk)
    patches = apply(endpoints(SDK), telemetry)
    assert len(made(patches)) == 4
    for (cls, name), original in before.items():
        assert vars(getattr(sdk, cls))[name] is not original
    assert sdk.Resource().create(model="m") == {"id": f"{SDK}-create", "model": "m"}
    assert [span.name for span in otel.spans()] == ["chat m"]

    revert(patches)
    for (cls, name), original in before.items():
        assert vars(getattr(sdk, cls))[name] is original
    otel.clear()
    sdk.Resource().create(model="m")
    assert otel.spans() == []


def test_wrapped_method_keeps_its_name_and_signature(sdk, telemetry):
    revert_me = apply(endpoints(SDK), telemetry)
    try:
        assert sdk.Resource.create.__name__ == "create"
        assert sdk.Resource.create.__wrapped__ is not None
        assert sdk.Resource().untouched() == "not instrumented"
    finally:
        revert(revert_me)


def test_second_apply_skips_already_wrapped_attributes(sdk, telemetry, otel, caplog):
    first = apply(endpoints(SDK), telemetry)
    wrapped = vars(sdk.Resource)["create"]
    with caplog.at_level(logging.DEBUG, logger="genotel"):
        second = apply(endpoints(SDK), telemetry)
    assert made(second) == []
    assert vars(sdk.Resource)["create"] is wrapped
    assert f"{SDK}.Resource.create already wrapped" in caplog.text
    sdk.Resource().create(model="m")
    assert [span.name for span in otel.spans()] == ["chat m"]
    revert(second)
    revert(first)
    assert not hasattr(vars(sdk.Resource)["create"], "__wrapped__")


def test_missing_method_and_module_are_skipped_with_a_debug_log(sdk, telemetry, otel, caplog):
    table = (
        Endpoint(SDK, "Resource.create_v2", ADAPTER),
        Endpoint(SDK, "NoSuchResource.create", ADAPTER),
        Endpoint("genotel_tests_no_such_module", "Resource.create", ADAPTER),  # waits for an import, silently
        *endpoints(SDK),
    )
    with caplog.at_level(logging.DEBUG, logger="genotel"):
        patches = apply(table, telemetry)
    assert len(made(patches)) == 4
    debug = [record for record in caplog.records if record.name == "genotel"]
    assert {record.levelno for record in debug} == {logging.DEBUG}
    messages = [record.getMessage() for record in debug]
    assert f"genotel: {SDK}.Resource.create_v2 not in this SDK version; skipped" in messages
    assert f"genotel: {SDK}.NoSuchResource.create not in this SDK version; skipped" in messages
    assert not hasattr(sdk.Resource, "create_v2")
    sdk.Resource().create(model="m")
    assert [span.name for span in otel.spans()] == ["chat m"]
    revert(patches)


def test_inherited_method_is_reverted_by_removal(sdk, telemetry, otel):
    """A method the class only inherits is patched on the class and removed again on revert."""
    assert "create" not in vars(sdk.Child)
    patches = apply((Endpoint(SDK, "Child.create", ADAPTER),), telemetry)
    assert "create" in vars(sdk.Child)
    assert sdk.Child().create(model="child") == {"id": f"{SDK}-create", "model": "child"}
    assert [span.name for span in otel.spans()] == ["chat child"]
    revert(patches)
    assert "create" not in vars(sdk.Child)
    assert sdk.Child.create is vars(sdk.Resource)["create"]


def test_instrumentor_uninstrument_restores_every_attribute(sdk, instrumentor, otel):
    before = originals(sdk)
    instrumentor.instrument(**otel.providers)
    for (cls, name), original in before.items():
        assert vars(getattr(sdk, cls))[name] is not original
    instrumentor.uninstrument()
    for (cls, name), original in before.items():
        assert vars(getattr(sdk, cls))[name] is original


def test_instrument_uninstrument_instrument_produces_spans_again(sdk, instrumentor, otel):
    instrumentor.instrument(**otel.providers)
    sdk.Resource().create(model="first")
    instrumentor.uninstrument()
    sdk.Resource().create(model="between")
    instrumentor.instrument(**otel.providers)
    sdk.Resource().create(model="second")
    assert [span.name for span in otel.spans()] == ["chat first", "chat second"]


def test_a_wrapper_kept_beyond_the_patched_attribute_goes_inert_at_uninstrument(sdk, instrumentor, otel):
    """SDKs bind methods to their objects (cohere's clients do, at creation): such a reference outlives
    the restored class attribute, and must trace nothing once uninstrumented."""
    instrumentor.instrument(**otel.providers)
    kept = sdk.Resource().create  # bound while instrumented: the wrapper itself
    kept(model="during")
    instrumentor.uninstrument()
    assert kept(model="after") == {"id": f"{SDK}-create", "model": "after"}  # the call still works
    instrumentor.instrument(**otel.providers)
    kept(model="old-reference")  # a new instrument() does not revive the old wrapper
    sdk.Resource().create(model="again")
    assert [span.name for span in otel.spans()] == ["chat during", "chat again"]


def test_instrument_twice_does_not_double_wrap(sdk, instrumentor, otel, caplog):
    instrumentor.instrument(**otel.providers)
    wrapped = vars(sdk.Resource)["create"]
    with caplog.at_level(logging.WARNING):
        instrumentor.instrument(**otel.providers)
    assert "Attempting to instrument while already instrumented" in caplog.text
    assert vars(sdk.Resource)["create"] is wrapped
    sdk.Resource().create(model="m")
    assert [span.name for span in otel.spans()] == ["chat m"]


def test_instrument_kwargs_reach_the_config(sdk, instrumentor, otel):
    instrumentor.instrument(semconv="latest", **otel.providers)
    sdk.Resource().create(model="m")
    (span,) = otel.spans()
    assert span.attributes["gen_ai.provider.name"] == "openai"
    assert "gen_ai.system" not in span.attributes


def test_bad_instrument_kwarg_raises_and_patches_nothing(sdk, instrumentor, otel):
    before = originals(sdk)
    with pytest.raises(ValueError, match="capture_content must be True or False"):
        instrumentor.instrument(capture_content="yes", **otel.providers)
    assert not instrumentor.is_instrumented_by_opentelemetry
    for (cls, name), original in before.items():
        assert vars(getattr(sdk, cls))[name] is original


async def test_async_endpoint_is_wrapped_and_reverted(sdk, telemetry, otel):
    original = vars(sdk.AsyncResource)["create"]
    patches = apply(endpoints(SDK), telemetry)
    assert await sdk.AsyncResource().create(model="am") == {"id": f"{SDK}-acreate", "model": "am"}
    (span,) = otel.spans()
    assert span.name == "chat am"
    assert span.attributes["gen_ai.response.id"] == f"{SDK}-acreate"
    revert(patches)
    assert vars(sdk.AsyncResource)["create"] is original
