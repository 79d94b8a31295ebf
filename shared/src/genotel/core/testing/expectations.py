"""Expected telemetry of one call, written once per scenario and checked in every mode.

A scenario states the contract's values literally: the content-free span attributes (1.36
vocabulary), the legacy content attributes, the 1.36 events with content, and the latest
structured content. :func:`assert_telemetry` picks what the mode must produce and compares
the whole export key by key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from opentelemetry.trace import SpanKind, StatusCode

from .harness import Mode, OtelHarness

_TTFC = "gen_ai.response.time_to_first_chunk"
_SYSTEM = "gen_ai.system"
_PROVIDER_NAME = "gen_ai.provider.name"
_DETAILS = "gen_ai.client.inference.operation.details"


@dataclass
class Expected:
    span_name: str
    base: dict[str, Any]  # content-free attributes, 1.36 vocabulary (gen_ai.system)
    provider_latest: str  # the gen_ai.provider.name value
    legacy: dict[str, Any] = field(default_factory=dict)  # content attributes (content on)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # 1.36 events (content on)
    latest: dict[str, Any] = field(default_factory=dict)  # latest content values, structured
    stream: bool = False
    error: bool = False

    def base_for(self, mode: Mode) -> dict[str, Any]:
        if not mode.latest:
            return dict(self.base)
        base = {key: value for key, value in self.base.items() if key != _SYSTEM}
        base[_PROVIDER_NAME] = self.provider_latest
        return base


def strip_content(body: dict[str, Any]) -> dict[str, Any]:
    """A 1.36 event body as emitted with content capture off: no content, no arguments."""
    stripped = {key: value for key, value in body.items() if key != "content"}
    if "message" in stripped:
        stripped["message"] = strip_content(stripped["message"])
    if "tool_calls" in stripped:
        stripped["tool_calls"] = [
            {**call, "function": {k: v for k, v in call["function"].items() if k != "arguments"}}
            for call in stripped["tool_calls"]
        ]
    return stripped


def assert_telemetry(otel: OtelHarness, mode: Mode, expected: Expected) -> None:
    """Exactly one span with exactly the attributes (and events) the mode must produce."""
    spans = otel.spans()
    assert len(spans) == 1, [span.name for span in spans]
    span = spans[0]
    assert span.name == expected.span_name
    assert span.kind == SpanKind.CLIENT
    attributes: dict[str, Any] = dict(span.attributes or {})
    ttfc = attributes.pop(_TTFC, None)
    if expected.stream:
        assert isinstance(ttfc, float) and ttfc >= 0, ttfc
    else:
        assert ttfc is None
    assert (span.status.status_code == StatusCode.ERROR) == expected.error

    base = expected.base_for(mode)
    want = dict(base)
    events = otel.events()
    if mode.use_legacy_attributes and mode.capture_content:
        if mode.latest:
            for key, value in expected.latest.items():
                assert key in attributes, key
                assert json.loads(attributes.pop(key)) == value, key
        else:
            want.update(expected.legacy)
    _assert_same(_plain_attributes(attributes), want)

    provider_key = _PROVIDER_NAME if mode.latest else _SYSTEM
    provider = base[provider_key]
    for event in events:
        assert event.span_id == span.context.span_id
        assert event.trace_id == span.context.trace_id
    if mode.use_legacy_attributes or (mode.latest and not mode.capture_content):
        assert events == [], [event.name for event in events]
    elif mode.latest:
        assert [event.name for event in events] == [_DETAILS]
        details = dict(events[0].attributes)
        want_details = {**{k: v for k, v in base.items() if k != "error.type"}, **expected.latest}
        details.pop(_TTFC, None)
        _assert_same(details, _plain_attributes(want_details))
    else:
        got = [(event.name, event.body) for event in events]
        want_events = [(name, body if mode.capture_content else strip_content(body)) for name, body in expected.events]
        assert got == want_events
        for event in events:
            assert event.attributes == {provider_key: provider}


def assert_no_canary(otel: OtelHarness, canaries: tuple[str, ...]) -> None:
    """No canary text anywhere: span names, attributes, status descriptions and events (exceptions
    included), log-record bodies and attributes, metric attributes."""
    exported: list[Any] = []
    for span in otel.spans():
        exported.extend((span.name, span.status.description, dict(span.attributes or {})))
        exported.extend((event.name, dict(event.attributes or {})) for event in span.events)
    for event in otel.events():
        exported.append((event.name, event.body, event.attributes))
    for points in otel.metric_points().values():
        exported.extend(dict(point.attributes) for point in points)
    text = repr(exported)
    for canary in canaries:
        assert canary not in text, canary


def _plain_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in attributes.items()}


def _assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    missing = {key: want[key] for key in want.keys() - got.keys()}
    unexpected = {key: got[key] for key in got.keys() - want.keys()}
    different = {key: (got[key], want[key]) for key in got.keys() & want.keys() if got[key] != want[key]}
    assert not (missing or unexpected or different), {
        "missing": missing,
        "unexpected": unexpected,
        "different (got, want)": different,
    }
