"""instrument/uninstrument (the kit's suite), and streams finished exactly once: on exhaustion,
close(), or an early stop followed by garbage collection."""

from __future__ import annotations

import asyncio
import gc
import importlib
import json

import pytest

from genotel.core.testing import LifecycleSuite
from genotel.instrumentation.bedrock import BedrockInstrumentor
from genotel.instrumentation.bedrock.patch_table import ENDPOINTS
from tests.bedrock.calls import HAS_AIO, async_client, sync_client
from tests.bedrock.converse_cases import CONVERSE_TEXT
from tests.bedrock.scenarios import CLAUDE, HELLO, SCENARIOS


def _installed(endpoints):
    """The endpoints whose SDK is installed (aiobotocore is in the latest stack only)."""
    present = []
    for endpoint in endpoints:
        try:
            importlib.import_module(endpoint.module)
        except ImportError:
            continue
        present.append(endpoint)
    return tuple(present)


class TestLifecycle(LifecycleSuite):
    instrumentor_class = BedrockInstrumentor
    endpoints = _installed(ENDPOINTS)
    cassette = "converse_text"
    span_name = f"chat {CLAUDE}"
    provider_latest = "aws.bedrock"

    def make_call(self, sdk):
        return sdk.converse(modelId=CLAUDE, **CONVERSE_TEXT)

    def check_result(self, result):
        assert result["output"]["message"]["content"] == [{"text": HELLO}]


def open_stream(replay, name):
    scenario = SCENARIOS[name]
    with replay(name):
        client = sync_client()
        if scenario.api == "ConverseStream":
            return client.converse_stream(modelId=scenario.model, **scenario.request)["stream"]
        return client.invoke_model_with_response_stream(modelId=scenario.model, body=json.dumps(scenario.request))[
            "body"
        ]


# Each stream's text after its first three events.
STREAMS = {"converse_stream_text": HELLO[:14], "invoke_stream_anthropic_messages": HELLO[:5]}


def durations(otel) -> int:
    return sum(point.count for point in otel.metric_points().get("gen_ai.client.operation.duration", []))


@pytest.mark.parametrize("name", STREAMS)
def test_exhaustion_finishes_once(name, otel, replay, instrument, no_gc):
    stream = open_stream(replay, name)
    assert otel.spans() == []
    events = list(stream)
    assert len(events) == len(SCENARIOS[name].response)
    assert durations(otel) == 1
    stream.close()
    assert list(stream) == []
    assert durations(otel) == 1 and len(otel.spans()) == 1


@pytest.mark.parametrize("name", STREAMS)
def test_close_finishes_with_what_arrived(name, otel, replay, instrument, mode, no_gc):
    stream = open_stream(replay, name)
    for position, _ in enumerate(stream):
        if position == 2:
            break
    assert otel.spans() == []
    stream.close()
    (span,) = otel.spans()
    assert "gen_ai.response.finish_reasons" not in span.attributes  # it never came
    if mode.capture_content and mode.use_legacy_attributes and mode.semconv == "1.36":
        assert span.attributes["gen_ai.completion.0.content"] == STREAMS[name]
    assert durations(otel) == 1


@pytest.mark.parametrize("name", STREAMS)
def test_an_early_stop_finishes_on_garbage_collection(name, otel, replay, instrument):
    stream = open_stream(replay, name)
    for position, _ in enumerate(stream):
        if position == 2:
            break
    del stream
    gc.collect()
    (span,) = otel.spans()
    assert span.attributes["gen_ai.response.time_to_first_chunk"] >= 0
    assert durations(otel) == 1


if HAS_AIO:  # aiobotocore is in the latest stack only (see conftest.py)

    @pytest.mark.parametrize("name", STREAMS)
    def test_an_async_stream_closed_early_finishes_at_once(name, otel, replay, instrument, no_gc):
        """aiobotocore's stream closes with a plain close(), not an awaited one: so does the observed stream."""
        scenario = SCENARIOS[name]

        async def main():
            async with async_client() as client:
                if scenario.api == "ConverseStream":
                    response = await client.converse_stream(modelId=scenario.model, **scenario.request)
                else:
                    body = json.dumps(scenario.request)
                    response = await client.invoke_model_with_response_stream(modelId=scenario.model, body=body)
                stream = response.get("stream") or response["body"]
                seen = 0
                async for _ in stream:
                    seen += 1
                    if seen == 3:
                        break
                assert otel.spans() == []
                assert stream.close() is None
                return otel.spans()

        with replay(name):
            (span,) = asyncio.run(main())
        assert "gen_ai.response.finish_reasons" not in span.attributes
        assert durations(otel) == 1
