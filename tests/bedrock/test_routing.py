"""One patched method carries every AWS call: other services (S3, DynamoDB, Bedrock's control plane)
pass straight through, with no span, no log and no conversion; bedrock-runtime clients made before
``instrument()`` are traced, and after ``uninstrument()`` nothing is."""

from __future__ import annotations

import inspect
import logging
import sys

import botocore.client
import pytest
from botocore.awsrequest import AWSResponse

from genotel.core.testing import instrumented
from genotel.instrumentation.bedrock import BedrockInstrumentor
from genotel.instrumentation.bedrock.runtime import BedrockRuntimeAdapter
from tests.bedrock.calls import sync_client
from tests.bedrock.converse_cases import CONVERSE_TEXT
from tests.bedrock.scenarios import CLAUDE


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs):
        yield self.body


ANSWERS = {
    "s3": (("list_buckets", {}), b"<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>"),
    "dynamodb": (("list_tables", {"Limit": 5}), b'{"TableNames": ["orders"]}'),
    "bedrock": (("list_foundation_models", {"byProvider": "anthropic"}), b'{"modelSummaries": []}'),
}


def answered_client(service: str, seen: list):
    """A client whose HTTP layer answers at once (botocore's before-send hook), recording what it sent."""
    client = sync_client(service)
    (_, _), body = ANSWERS[service]

    def answer(request, **kwargs):
        seen.append(request.url)
        return AWSResponse(request.url, 200, {}, _Raw(body))

    client.meta.events.register("before-send", answer)
    return client


@pytest.fixture
def conversions(monkeypatch):
    """How often the adapter converted a request (it must not, for another service)."""
    counted = []
    original = BedrockRuntimeAdapter.to_request

    def to_request(self, *args, **kwargs):
        counted.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BedrockRuntimeAdapter, "to_request", to_request)
    return counted


@pytest.mark.parametrize("service", sorted(ANSWERS))
def test_other_services_pass_straight_through(service, otel, caplog, conversions):
    (method, params), _ = ANSWERS[service]
    plain_seen: list = []
    plain = getattr(answered_client(service, plain_seen), method)(**params)
    traced_seen: list = []
    with instrumented(BedrockInstrumentor(), otel, capture_content=True):
        client = answered_client(service, traced_seen)
        with caplog.at_level(logging.DEBUG, logger="genotel"):
            traced = getattr(client, method)(**params)
    assert traced == plain
    assert traced_seen == plain_seen  # the same request went out
    assert otel.spans() == [] and otel.events() == [] and otel.metric_points() == {}
    assert caplog.records == []
    assert conversions == []


def test_another_service_runs_only_the_routing_check(otel):
    """All genotel code an S3 call runs is the adapter's ``owns`` (behind the guard that keeps an error
    in it from the call): the patched method is a plain function, with no wrapper bound per call."""
    client = answered_client("s3", [])
    ran: list[str] = []

    def profile(frame, event, arg):
        if event == "call" and "/genotel/" in frame.f_code.co_filename.replace("\\", "/"):
            ran.append(frame.f_code.co_name)

    with instrumented(BedrockInstrumentor(), otel):
        assert inspect.isfunction(vars(botocore.client.BaseClient)["_make_api_call"])  # no wrapt proxy
        client.list_buckets()  # warm: botocore loads its models on a client's first call
        sys.setprofile(profile)
        try:
            client.list_buckets()
        finally:
            sys.setprofile(None)
    assert [name for name in ran if name != "<lambda>"] == ["patched_sync", "owns", "owns"]


def test_a_bedrock_call_asks_owns_once(otel, replay):
    """The plain-function patch asks the adapter whether the call is its own; the wrapper it hands
    the call to does not ask again."""
    client = sync_client()
    asked: list[str] = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "owns" and "/genotel/" in frame.f_code.co_filename:
            asked.append(frame.f_code.co_filename.rsplit("/", 1)[-1])

    with instrumented(BedrockInstrumentor(), otel), replay("converse_text"):
        sys.setprofile(profile)
        try:
            client.converse(modelId=CLAUDE, **CONVERSE_TEXT)
        finally:
            sys.setprofile(None)
    assert sorted(asked) == ["runtime.py", "wrappers.py"]  # the adapter's, behind the guard's
    assert [span.name for span in otel.spans()] == [f"chat {CLAUDE}"]


def test_a_client_made_before_instrument_is_traced_and_untraced_after(otel, replay):
    client = sync_client()
    with instrumented(BedrockInstrumentor(), otel), replay("converse_text"):
        client.converse(modelId=CLAUDE, **CONVERSE_TEXT)
    with replay("converse_text"):
        client.converse(modelId=CLAUDE, **CONVERSE_TEXT)
    assert [span.name for span in otel.spans()] == [f"chat {CLAUDE}"]
