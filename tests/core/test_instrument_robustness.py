"""instrument() in the cases real code hits: unknown options, an SDK internal that moved,
spans nobody records, exemplars, and finishing from two threads at once."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF

from genotel.core import Config, Endpoint, Message, Provider, Request, TextPart
from genotel.core.invocation import Telemetry
from genotel.core.patching import Patch
from genotel.core.testing import MODES, OtelHarness, instrumented
from tests.core.fake_sdk import SDK, FakeAdapter, FakeInstrumentor, endpoints

PROVIDER = Provider("openai", "openai")


def test_unknown_options_log_one_warning_naming_them(instrumentor, otel, caplog):
    with caplog.at_level(logging.WARNING, logger="genotel"):
        instrumentor.instrument(capture_contents=True, semconv="1.36", use_legacy_atributes=False, **otel.providers)
    warnings = [record.getMessage() for record in caplog.records if record.name == "genotel"]
    assert len(warnings) == 1
    assert "capture_contents" in warnings[0] and "use_legacy_atributes" in warnings[0]
    assert "semconv" not in warnings[0]


def test_known_options_log_nothing(instrumentor, otel, caplog):
    with caplog.at_level(logging.WARNING, logger="genotel"):
        instrumentor.instrument(capture_content=True, max_content_length=10, skip_dep_check=True, **otel.providers)
    assert [record for record in caplog.records if record.name == "genotel"] == []


def test_an_sdk_internal_that_moved_leaves_the_sdk_untouched(instrumentor, sdk, otel, caplog, monkeypatch):
    """The endpoints were patched when the SDK-specific step failed: all of them are put back."""
    before = dict(vars(sdk.Resource))

    def moved(self):
        yield Patch(sdk.Resource, "untouched", sdk.Resource.untouched)
        raise AttributeError("'BaseClient' has no attribute '_tracer'")

    monkeypatch.setattr(FakeInstrumentor, "sdk_patches", moved)
    with caplog.at_level(logging.WARNING, logger="genotel"):
        instrumentor.instrument(**otel.providers)  # the application goes on
    assert "could not instrument" in caplog.text
    assert dict(vars(sdk.Resource)) == before
    assert sdk.Resource().create(model="m") == {"id": f"{SDK}-create", "model": "m"}
    assert otel.spans() == []
    instrumentor.uninstrument()
    assert dict(vars(sdk.Resource)) == before


def test_a_patch_that_cannot_be_applied_is_undone_with_the_others(instrumentor, sdk, otel, caplog):
    class Frozen(type):
        def __setattr__(cls, name, value):
            raise TypeError("cannot set attributes of this class")

    sdk.Locked = Frozen("Locked", (), {"create": lambda self, **kwargs: {"id": "x", "model": "m"}})
    before = dict(vars(sdk.Resource))
    instrumentor.patch_table = (*endpoints(SDK)[:2], Endpoint(SDK, "Locked.create", FakeAdapter()))
    with caplog.at_level(logging.WARNING, logger="genotel"):
        instrumentor.instrument(**otel.providers)
    assert "could not instrument" in caplog.text
    assert dict(vars(sdk.Resource)) == before


class CountingAdapter(FakeAdapter):
    def __init__(self) -> None:
        self.content_calls = 0

    def add_content(self, request, instance, args, kwargs) -> None:
        self.content_calls += 1
        request.messages = [Message("user", [TextPart(kwargs.get("prompt", ""))])]


@pytest.mark.parametrize("mode", MODES, ids=str)
def test_a_span_that_records_nothing_skips_content_in_attribute_modes(sdk, mode):
    otel = OtelHarness(sampler=ALWAYS_OFF)
    adapter = CountingAdapter()
    instrumentor = FakeInstrumentor()
    instrumentor.patch_table = (Endpoint(SDK, "Resource.create", adapter),)
    with instrumented(instrumentor, otel, mode):
        sdk.Resource().create(model="m", prompt="hello")
    assert otel.spans() == []
    # Only events can use the messages of a span nobody records (1.36 events always; latest ones with content).
    events_with_messages = not mode.use_legacy_attributes and (mode.capture_content or not mode.latest)
    assert adapter.content_calls == (1 if events_with_messages else 0)
    otel.shutdown()


def test_metric_points_carry_the_genai_span_as_exemplar(instrumentor, sdk, otel):
    instrumentor.instrument(**otel.providers)
    sdk.Resource().create(model="m")
    (span,) = otel.spans()
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    (exemplar,) = duration.exemplars
    assert (exemplar.trace_id, exemplar.span_id) == (span.context.trace_id, span.context.span_id)


def test_finish_from_two_threads_finishes_once(otel):
    telemetry = Telemetry(Config(**otel.providers), "test", "0")
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(200):
            invocation = telemetry.start(Request(operation="chat", provider=PROVIDER, model="m"))
            barrier = threading.Barrier(4)

            def finish(invocation=invocation, barrier=barrier):
                barrier.wait()
                invocation.finish(None)

            threads = [threading.Thread(target=finish) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert len(otel.spans()) == 200
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.count == 200
