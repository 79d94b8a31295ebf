"""An instrumentor for two SDKs needs only one of them installed (``instruments_any``), like
``opentelemetry-instrument`` reading the ``instruments-any`` extra."""

from __future__ import annotations

import logging

from genotel.core import GenAIInstrumentor


class EitherInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.either"
    instruments_any = ("pytest >= 1", "genotel-no-such-sdk >= 1")

    def endpoints(self):
        return ()


class NeitherInstrumentor(GenAIInstrumentor):
    scope = "genotel.tests.neither"
    instruments_any = ("genotel-no-such-sdk >= 1", "genotel-no-such-sdk-either >= 1")

    def endpoints(self):
        return ()


def test_one_installed_sdk_of_the_any_list_is_enough(otel):
    instrumentor = EitherInstrumentor()
    assert list(instrumentor.instrumentation_dependencies()) == list(EitherInstrumentor.instruments_any)
    instrumentor.instrument(**otel.providers)
    try:
        assert instrumentor.is_instrumented_by_opentelemetry
    finally:
        instrumentor.uninstrument()


def test_none_installed_is_a_conflict(otel, caplog):
    instrumentor = NeitherInstrumentor()
    with caplog.at_level(logging.ERROR):
        instrumentor.instrument(**otel.providers)
    assert not instrumentor.is_instrumented_by_opentelemetry
    assert "genotel-no-such-sdk" in caplog.text
