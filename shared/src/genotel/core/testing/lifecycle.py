"""The instrument/uninstrument contract every provider must keep, written once as a test suite.

A provider's tests subclass :class:`LifecycleSuite` as ``class TestLifecycle(LifecycleSuite)``,
name their instrumentor, patch table, one recorded call and its span, and get every check:
exact restore, no span after ``uninstrument()``, re-instrument with a new configuration, and no
double wrapping. The fixtures ``otel``, ``replay`` and ``call`` come from the provider's conftest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from ..instrumentor import GenAIInstrumentor
from ..patching import Endpoint
from .patches import own_attributes


class LifecycleSuite:
    instrumentor_class: ClassVar[type[GenAIInstrumentor]]
    endpoints: ClassVar[tuple[Endpoint, ...]]
    cassette: ClassVar[str]  # the recording make_call replays
    span_name: ClassVar[str]
    provider_latest: ClassVar[str]  # gen_ai.provider.name in the latest vocabulary

    def make_call(self, sdk: Any) -> Any:
        """One SDK call through ``sdk`` (a sync or an async client's resource tree)."""
        raise NotImplementedError

    def check_result(self, result: Any) -> None:
        """The SDK's own result, unchanged by instrumentation."""
        raise NotImplementedError

    def extra_patches(self) -> dict[str, Any]:
        """Other SDK attributes the instrumentor overrides (restored exactly, like the endpoints)."""
        return {}

    def snapshot(self) -> dict[Any, Any]:
        return {**self.extra_patches(), **own_attributes(self.endpoints)}

    def own_spans(self, otel: Any) -> list[Any]:
        """genotel's spans only: an SDK with tracing of its own adds spans when genotel is off."""
        scope = self.instrumentor_class.scope
        return [span for span in otel.spans() if span.instrumentation_scope.name == scope]

    @pytest.fixture
    def instrumentor(self) -> Iterator[Any]:
        instrumentor = self.instrumentor_class()
        assert not instrumentor.is_instrumented_by_opentelemetry
        yield instrumentor
        if instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.uninstrument()

    def test_uninstrument_restores_every_attribute_exactly(self, instrumentor, otel):
        before = self.snapshot()
        instrumentor.instrument(**otel.providers)
        during = self.snapshot()
        assert during.keys() == before.keys()  # nothing added where the SDK lacks a method
        for key, original in before.items():
            if isinstance(key, Endpoint):  # wrapped around the very original
                assert during[key] is not original, key.attribute
                assert during[key].__wrapped__ is original, key.attribute
        instrumentor.uninstrument()
        after = self.snapshot()
        assert after.keys() == before.keys()
        for key, original in before.items():
            assert after[key] is original, key

    def test_no_span_after_uninstrument(self, instrumentor, otel, call, replay):
        instrumentor.instrument(**otel.providers)
        instrumentor.uninstrument()
        with replay(self.cassette):
            self.check_result(call(self.make_call))
        assert self.own_spans(otel) == []
        assert otel.metric_points() == {}

    def test_instrument_uninstrument_instrument_produces_spans_again(self, instrumentor, otel, call, replay):
        for instrument in (True, False, True):
            if instrument:
                instrumentor.instrument(**otel.providers)
            else:
                instrumentor.uninstrument()
            with replay(self.cassette):
                self.check_result(call(self.make_call))
        assert [span.name for span in self.own_spans(otel)] == [self.span_name, self.span_name]

    def test_reinstrument_uses_the_new_configuration(self, instrumentor, otel, call, replay):
        instrumentor.instrument(semconv="1.36", **otel.providers)
        instrumentor.uninstrument()
        instrumentor.instrument(semconv="latest", **otel.providers)
        with replay(self.cassette):
            call(self.make_call)
        (span,) = self.own_spans(otel)
        assert span.attributes["gen_ai.provider.name"] == self.provider_latest
        assert "gen_ai.system" not in span.attributes

    def test_instrument_twice_does_not_double_wrap(self, instrumentor, otel, call, replay, caplog):
        assert self.instrumentor_class() is instrumentor  # BaseInstrumentor is a singleton
        instrumentor.instrument(**otel.providers)
        wrapped = self.snapshot()
        with caplog.at_level(logging.WARNING):
            self.instrumentor_class().instrument(**otel.providers)
        assert "Attempting to instrument while already instrumented" in caplog.text
        for key, current in self.snapshot().items():
            assert current is wrapped[key], key
        with replay(self.cassette):
            call(self.make_call)
        (span,) = self.own_spans(otel)
        assert span.name == self.span_name
        (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
        assert duration.count == 1
