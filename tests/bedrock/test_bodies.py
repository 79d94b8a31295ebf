"""invoke_model's body, read by the instrumentation, reads the same for the application in every way
botocore and aiobotocore offer, as without instrumentation: read(), read(n), iter_lines(),
iter_chunks(), iteration, and close()."""

from __future__ import annotations

import asyncio
import json

import pytest
from botocore.exceptions import IncompleteReadError

from genotel.core.testing import instrumented
from genotel.instrumentation.bedrock import BedrockInstrumentor
from tests.bedrock.calls import HAS_AIO, HTTP_BACKENDS, async_client, sync_client
from tests.bedrock.scenarios import SCENARIOS

SCENARIO = "invoke_llama"


def read_all(body):
    return body.read()


def read_in_fives(body):
    pieces = []
    while piece := body.read(5):
        pieces.append(piece)
    return pieces


def read_lines(body):
    return list(body.iter_lines())


def read_chunks(body):
    return list(body.iter_chunks(16))


def read_by_iteration(body):
    return list(body)


def read_then_close(body):
    first = body.read(7)
    body.close()
    return first


SYNC_READERS = [read_all, read_in_fives, read_lines, read_chunks, read_by_iteration, read_then_close]


def invoke_sync(replay, reader):
    scenario = SCENARIOS[SCENARIO]
    with replay(scenario.name):
        response = sync_client().invoke_model(modelId=scenario.model, body=json.dumps(scenario.request))
    return type(response["body"]), reader(response["body"])


@pytest.mark.parametrize("reader", SYNC_READERS, ids=lambda reader: reader.__name__)
def test_the_body_reads_the_same_as_without_instrumentation(reader, otel, replay):
    plain = invoke_sync(replay, reader)
    with instrumented(BedrockInstrumentor(), otel, capture_content=True):
        traced = invoke_sync(replay, reader)
    assert traced == plain
    (span,) = otel.spans()
    assert span.attributes["gen_ai.completion.0.content"] == "Hello, CANARY-COMPLETION-08b7!"


def test_a_closed_body_reads_as_botocore_over_urllib3_does(otel, replay):
    """urllib3 gives nothing after close, and botocore then finds the body short (vcrpy's fake
    response keeps reading, so this is checked against botocore's own rule, not a replay)."""
    with instrumented(BedrockInstrumentor(), otel):
        scenario = SCENARIOS[SCENARIO]
        with replay(scenario.name):
            response = sync_client().invoke_model(modelId=scenario.model, body=json.dumps(scenario.request))
    body = response["body"]
    assert body.readable()
    body.close()
    assert body.readable()
    with pytest.raises(IncompleteReadError):
        body.read()


async def read_all_async(body):
    return await body.read()


async def read_in_fives_async(body):
    pieces = []
    while piece := await body.read(5):
        pieces.append(piece)
    return pieces


async def read_lines_async(body):
    return [line async for line in body.iter_lines()]


async def read_chunks_async(body):
    return [chunk async for chunk in body.iter_chunks(16)]


async def read_by_iteration_async(body):
    return [chunk async for chunk in body]


async def read_in_context_async(body):
    async with body as response:
        return await response.read()


ASYNC_READERS = [
    read_all_async, read_in_fives_async, read_lines_async, read_chunks_async, read_by_iteration_async,
    read_in_context_async,
]  # fmt: skip


def invoke_async(replay, reader, backend=None):
    scenario = SCENARIOS[SCENARIO]

    async def main():
        async with async_client(http_session_cls=backend) as client:
            response = await client.invoke_model(modelId=scenario.model, body=json.dumps(scenario.request))
            return type(response["body"]), await reader(response["body"])

    with replay(scenario.name):
        return asyncio.run(main())


if HAS_AIO:  # aiobotocore is in the latest stack only (see conftest.py)

    @pytest.mark.parametrize("backend", HTTP_BACKENDS, ids=lambda backend: getattr(backend, "__name__", "aiohttp"))
    @pytest.mark.parametrize("reader", ASYNC_READERS, ids=lambda reader: reader.__name__)
    def test_the_async_body_reads_the_same_as_without_instrumentation(reader, backend, otel, replay):
        plain = invoke_async(replay, reader, backend)
        with instrumented(BedrockInstrumentor(), otel, capture_content=True):
            traced = invoke_async(replay, reader, backend)
        assert traced == plain
        (span,) = otel.spans()
        assert span.attributes["gen_ai.completion.0.content"] == "Hello, CANARY-COMPLETION-08b7!"


def test_a_body_cut_short_fails_the_span_and_the_applications_read(otel, replay):
    """botocore's IncompleteReadError: the span ends with it, and the application's read raises it too."""
    scenario = SCENARIOS["invoke_truncated"]
    with instrumented(BedrockInstrumentor(), otel, capture_content=True):
        with replay(scenario.name):
            response = sync_client().invoke_model(modelId=scenario.model, body=json.dumps(scenario.request))
        (span,) = otel.spans()  # ended inside the call, with the error
    with pytest.raises(IncompleteReadError) as raised:
        response["body"].read()
    assert span.attributes["error.type"] == "IncompleteReadError"
    assert span.events[0].attributes["exception.message"] == str(raised.value)
