"""The recorded-traffic shapes of ``wire_shape_cases``, through boto3 and aioboto3, in every mode:
the same checks as every family's, so Nova's per-delta blocks read as one text and an endpoint's
completions-shaped answer gives its finish reason."""

from __future__ import annotations

import json

import pytest

from tests.bedrock import wire_shape_cases
from tests.bedrock.expect import check, family_expected
from tests.bedrock.invoke_cases import CASES
from tests.bedrock.scenarios import HELLO, SCENARIOS


@pytest.mark.parametrize("family", wire_shape_cases.NON_STREAM)
def test_invoke_model(family, otel, mode, instrument, call, replay):
    scenario = SCENARIOS[f"invoke_{family}"]
    with replay(scenario.name):
        _, data = call.invoke(scenario.model, scenario.request)
    assert json.loads(data) == scenario.response
    check(otel, mode, family_expected(CASES[family], scenario))
    (span,) = otel.spans()
    assert all(type(span.attributes[key]) is int for key in CASES[family].usage)  # 14, never 14.0


@pytest.mark.parametrize("family", wire_shape_cases.STREAMED)
def test_invoke_model_with_response_stream(family, otel, mode, instrument, call, replay):
    scenario = SCENARIOS[f"invoke_stream_{family}"]
    events: list = []
    with replay(scenario.name):
        call.invoke_stream(scenario.model, scenario.request, events)
    sent = [json.loads(event["chunk"]["bytes"]) for event in events]
    assert sent == [body for _, body in scenario.response]
    if family == "nova_lite":
        deltas = [body["contentBlockDelta"] for body in sent if "contentBlockDelta" in body]
        assert [delta["contentBlockIndex"] for delta in deltas] == [0, 1, 2]  # a block per delta, as Nova sends
        assert "".join(delta["delta"]["text"] for delta in deltas) == HELLO
    check(otel, mode, family_expected(CASES[family], scenario))
