"""The converters alone, no cassette: which family a body is, the usage order, error types, routing,
request bodies given as files, and Converse blocks the cassettes do not carry."""

from __future__ import annotations

import io
import json

import pytest
from botocore.exceptions import ClientError, EventStreamError

from genotel.core.model import BlobPart, GenericPart, Message, ReasoningPart, TextPart, ToolCallResponsePart, UriPart
from genotel.instrumentation.bedrock import bodies, converse
from genotel.instrumentation.bedrock.detect import family_of
from genotel.instrumentation.bedrock.runtime import BedrockRuntimeAdapter, InvokeChunks
from tests.bedrock.invoke_cases import CASES
from tests.bedrock.scenarios import SCENARIOS

ADAPTER = BedrockRuntimeAdapter()
PROFILE = "arn:aws:bedrock:us-east-1:1:application-inference-profile/n1"
ANTHROPIC = {"anthropic_version": "bedrock-2023-05-31", "messages": []}


@pytest.mark.parametrize(
    ("model", "body", "family"),
    [
        ("anthropic.claude-opus-5-v1:0", ANTHROPIC, "anthropic.messages"),
        ("apac.anthropic.claude-3-haiku-20240307-v1:0", {"messages": [], "max_tokens": 5}, "anthropic.messages"),
        ("arn:aws:bedrock:eu-west-1:1:application-inference-profile/abc", {"anthropic_version": "x", "messages": []},
         "anthropic.messages"),
        ("amazon.nova-premier-v1:0", {"messages": [{"role": "user", "content": [{"text": "hi"}]}]}, "amazon.nova"),
        (PROFILE, {"messages": [{"role": "user", "content": [{"text": "x"}]}]},
         "amazon.nova"),
        ("mistral.pixtral-large-2502-v1:0", {"messages": [{"role": "user", "content": "hi"}]}, "mistral.chat"),
        ("ai21.jamba-2-mini-v1:0", {"messages": [{"role": "user", "content": "hi"}]}, "openai.chat"),
        ("openai.gpt-oss-20b-1:0", {"messages": [{"role": "user", "content": "hi"}]}, "openai.chat"),
        ("cohere.command-r-v1:0", {"message": "hi", "chat_history": []}, "cohere.command-r"),
        ("cohere.command-light-text-v14", {"prompt": "hi"}, "cohere.command"),
        ("amazon.titan-text-premier-v1:0", {"inputText": "hi"}, "amazon.titan"),
        ("meta.llama4-scout-17b-instruct-v1:0", {"prompt": "hi", "max_gen_len": 5}, "meta.llama"),
        ("us.meta.llama3-2-1b-instruct-v1:0", {"prompt": "hi"}, "meta.llama"),
        ("mistral.mixtral-8x7b-instruct-v0:1", {"prompt": "hi", "max_tokens": 5}, "mistral.text"),
        ("ai21.j2-mid-v1", {"prompt": "hi", "maxTokens": 5}, "ai21.j2"),
        ("deepseek.r1-v2:0", {"prompt": "hi", "max_tokens": 5}, "deepseek"),
        ("anthropic.claude-instant-v1", {"prompt": "\n\nHuman: hi\n\nAssistant:", "max_tokens_to_sample": 5},
         "anthropic.text"),
        ("arn:aws:bedrock:us-east-1:1:application-inference-profile/p", {"prompt": "hi", "max_tokens": 5}, "prompt"),
        ("acme.new-v1", {"input": "hi"}, "unknown"),
        ("acme.new-v1", None, "unknown"),
    ],
)  # fmt: skip
def test_families_are_recognised_by_body_shape_and_model_hint(model, body, family):
    assert family_of(model, body).name == family


def test_a_prompt_body_of_no_known_model_is_read_by_the_family_that_answered():
    family = family_of("arn:aws:bedrock:us-east-1:1:application-inference-profile/p", {"prompt": "hi"})
    for name in ("titan", "llama", "deepseek", "mistral_text", "cohere_command", "jurassic", "anthropic_text"):
        answer = SCENARIOS[f"invoke_{name}"].response
        (message,) = family.response(answer, with_messages=True).messages
        assert message.parts == [TextPart("Hello, CANARY-COMPLETION-08b7!")], name
        assert message.finish_reason == CASES[name].finish[0], name


HEADERS = {"ResponseMetadata": {"HTTPHeaders": {
    "x-amzn-bedrock-input-token-count": "100", "x-amzn-bedrock-output-token-count": "7",
    "x-amzn-bedrock-cache-read-input-token-count": "40", "x-amzn-bedrock-cache-write-input-token-count": "2",
}}}  # fmt: skip


def test_usage_the_body_first_then_the_headers():
    anthropic = family_of("anthropic.x", {"anthropic_version": "v", "messages": []})
    body = json.dumps({"usage": {"input_tokens": 5, "output_tokens": 6}}).encode()
    assert ADAPTER.invoke_response(anthropic, body, HEADERS, False).usage.input_tokens == 5
    llama_like = family_of("mistral.m", {"prompt": "x"})  # no counts in its body
    usage = ADAPTER.invoke_response(llama_like, b'{"outputs": []}', HEADERS, False).usage
    assert (usage.input_tokens, usage.output_tokens, usage.cache_read_input_tokens) == (142, 7, 40)
    assert usage.cache_creation_input_tokens == 2
    assert ADAPTER.invoke_response(llama_like, b'{"outputs": []}', {}, False).usage is None  # never estimated


def chunk(body: dict) -> dict:
    return {"chunk": {"bytes": json.dumps(body).encode()}}


def test_stream_usage_the_body_then_the_headers_then_the_invocation_metrics():
    metrics = {"amazon-bedrock-invocationMetrics": {"inputTokenCount": 11, "outputTokenCount": 3,
                                                    "cacheReadInputTokenCount": 4}}  # fmt: skip
    mistral = family_of("mistral.m", {"prompt": "x"})
    from genotel.instrumentation.bedrock.runtime import header_usage

    for headers, expected in ((None, (15, 3, 4)), (header_usage(HEADERS), (142, 7, 40))):
        chunks = InvokeChunks(mistral.accumulator(False), headers)
        chunks.add(chunk({"outputs": [{"text": "a", "stop_reason": "stop"}], **metrics}))
        usage = chunks.response().usage
        assert (usage.input_tokens, usage.output_tokens, usage.cache_read_input_tokens) == expected
    llama = family_of("meta.llama3", {"prompt": "x"})
    chunks = InvokeChunks(llama.accumulator(False), header_usage(HEADERS))
    chunks.add(chunk({"generation": "a", "prompt_token_count": 9, "generation_token_count": 1, **metrics}))
    assert chunks.response().usage.input_tokens == 9  # the body's own count wins


def client_error(code: str, cls=ClientError) -> ClientError:
    return cls({"Error": {"Code": code, "Message": "m"}}, "Converse")


def test_error_type_is_the_aws_code_as_an_exception_class():
    assert ADAPTER.error_type(client_error("ThrottlingException")) == "ThrottlingException"
    assert ADAPTER.error_type(client_error("serviceUnavailableException", EventStreamError)) == (
        "ServiceUnavailableException"
    )
    assert ADAPTER.error_type(ValueError("x")) == "ValueError"
    assert ADAPTER.safe_error_message(client_error("ValidationException")) is not None
    assert ADAPTER.safe_error_message(client_error("ModelErrorException")) is None
    assert ADAPTER.safe_error_message(ValueError("x")) is None


class Untouchable:
    """A client whose service model must not be asked: any attribute read fails."""

    def __getattr__(self, name):
        raise AssertionError(f"read {name}")


class Meta:
    def __init__(self, service: str) -> None:
        self.service_model = type("ServiceModel", (), {"service_name": service})()


@pytest.mark.parametrize("operation", ["PutObject", "SendMessage", "ListFoundationModels", "InvokeAgent"])
def test_owns_rejects_other_operations_before_looking_at_the_client(operation):
    assert ADAPTER.owns(Untouchable(), (operation, {}), {}) is False


def test_owns_takes_the_four_operations_of_bedrock_runtime_only():
    runtime, other = type("C", (), {"meta": Meta("bedrock-runtime")})(), type("C", (), {"meta": Meta("sagemaker")})()
    for operation in ("InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream"):
        assert ADAPTER.owns(runtime, (operation, {}), {})
        assert not ADAPTER.owns(other, (operation, {}), {})


def test_a_request_body_given_as_a_file_is_read_and_put_back():
    file = io.BytesIO(b'xx{"prompt": "hi", "max_gen_len": 5}')
    file.seek(2)
    assert bodies.request_json(file) == {"prompt": "hi", "max_gen_len": 5}
    assert file.tell() == 2

    class OneShot:
        def read(self):
            raise AssertionError("a one-shot stream is the SDK's to read")

    assert bodies.request_json(OneShot()) is None


def test_converse_blocks_the_cassettes_do_not_carry():
    messages = converse.input_messages([
        {"role": "user", "content": [
            {"image": {"format": "jpeg", "source": {"s3Location": {"uri": "s3://bucket/cat.jpg"}}}},
            {"video": {"format": "mov", "source": {"bytes": b"\x00" * 12}}},
            {"document": {"format": "txt", "name": "n", "source": {"text": "héllo"}}},
            {"guardContent": {"text": {"text": "guarded"}}},
            {"cachePoint": {"type": "default"}},
            {"citationsContent": {"content": []}},
            {"toolResult": {"toolUseId": "t1", "content": [{"text": "a"}, {"text": "b"}]}},
            {"toolResult": {"toolUseId": "t2", "content": [{"json": {"k": 1}}, {"text": "c"}]}},
        ]},
        {"role": "assistant", "content": [{"reasoningContent": {"redactedContent": b"\x01\x02"}}]},
    ])  # fmt: skip
    assert messages == [
        Message("tool", [ToolCallResponsePart("t1", "a\nb")]),
        Message("tool", [ToolCallResponsePart("t2", [TextPart('{"k":1}'), TextPart("c")])]),
        Message("user", [
            UriPart("image", "s3://bucket/cat.jpg", "image/jpeg"),
            BlobPart("video", "video/quicktime", 12),
            BlobPart("document", "text/plain", 6),
            TextPart("guarded"),
            GenericPart("citationsContent"),
        ]),
        Message("assistant", [ReasoningPart("")]),
    ]  # fmt: skip


def test_blocks_newer_than_the_installed_botocore():
    """An older botocore hands over Converse's unknown blocks by name, and ConverseStream's as empty deltas."""
    assert converse.block_part({"SDK_UNKNOWN_MEMBER": {"name": "reasoningContent"}}) == GenericPart("reasoningContent")
    stream = converse.ConverseAccumulator(capture=True)
    stream.add({"contentBlockDelta": {"delta": {}, "contentBlockIndex": 0}})
    stream.add({"contentBlockDelta": {"delta": {"text": "Hi"}, "contentBlockIndex": 1}})
    stream.add({"messageStop": {"stopReason": "end_turn"}})
    (message,) = stream.response().messages
    assert message.parts == [TextPart("Hi")]


async def test_an_async_body_of_an_unknown_shape_is_left_unread():
    class Body:
        __wrapped__ = None

        async def read(self, amt=None):
            raise AssertionError("genotel must not read a body it cannot put back")

    assert await bodies.read_async(Body()) is None
