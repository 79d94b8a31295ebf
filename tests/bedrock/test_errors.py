"""AWS errors: ClientError responses (throttling, access denied, validation) and error events in both
stream APIs mark the span ERROR with error.type = the AWS error code's exception class name; a stream
keeps what arrived before its error. The application gets botocore's own exception, unchanged."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EventStreamError
from opentelemetry.trace import StatusCode

from genotel.core.testing import Expected
from tests.bedrock.expect import base, check
from tests.bedrock.scenarios import CLAUDE, HELLO, LLAMA, PROMPT, SCENARIOS

QUESTION = {"role": "user", "parts": [{"type": "text", "content": PROMPT}]}


def failed(scenario_name: str, operation: str, model: str, error_type: str, stream: bool = False, **attributes):
    """A call that failed before any output: its prompt, no completion."""
    return Expected(
        span_name=f"{operation} {model}",
        provider_latest="aws.bedrock",
        stream=stream,
        error=True,
        base=base(operation, model, **attributes, **{"error.type": error_type}),
        legacy={"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": PROMPT},
        events=[("gen_ai.user.message", {"content": PROMPT})],
        latest={"gen_ai.input.messages": [QUESTION]},
    )


def cut_short(expected: Expected) -> Expected:
    """The same failure after a first "Hello": an output message without a finish reason."""
    expected.legacy.update({"gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": HELLO[:5]})
    choice = {"index": 0, "finish_reason": "error", "message": {"role": "assistant", "content": HELLO[:5]}}
    expected.events.append(("gen_ai.choice", choice))
    expected.latest["gen_ai.output.messages"] = [
        {"role": "assistant", "parts": [{"type": "text", "content": HELLO[:5]}]}
    ]
    return expected


def assert_error_recorded(otel, mode, code: str) -> None:
    (span,) = otel.spans()
    assert span.status.status_code == StatusCode.ERROR
    (event,) = span.events
    assert event.name == "exception"
    assert event.attributes["exception.type"].endswith(("ClientError", "Exception", "EventStreamError"))
    if code.lower().startswith("model") and not mode.capture_content:
        assert "exception.message" not in event.attributes  # the model's own error text may quote content
        assert span.status.description is None
    else:
        assert f"({code})" in event.attributes["exception.message"]


def test_throttled_converse(otel, mode, instrument, call, replay):
    with replay("converse_throttled"), pytest.raises(ClientError) as raised:
        call.converse(CLAUDE, messages=[{"role": "user", "content": [{"text": PROMPT}]}])
    assert type(raised.value).__name__ == "ThrottlingException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    check(otel, mode, failed("converse_throttled", "chat", CLAUDE, "ThrottlingException"))
    assert_error_recorded(otel, mode, "ThrottlingException")


def test_access_denied_invoke(otel, mode, instrument, call, replay):
    scenario = SCENARIOS["invoke_access_denied"]
    with replay(scenario.name), pytest.raises(ClientError) as raised:
        call.invoke(scenario.model, scenario.request)
    assert raised.value.response["Error"]["Code"] == "AccessDeniedException"
    expected = failed(scenario.name, "chat", CLAUDE, "AccessDeniedException", **{"gen_ai.request.max_tokens": 64})
    check(otel, mode, expected)
    assert_error_recorded(otel, mode, "AccessDeniedException")


def test_validation_error_invoke(otel, mode, instrument, call, replay):
    scenario = SCENARIOS["invoke_validation"]
    with replay(scenario.name), pytest.raises(ClientError) as raised:
        call.invoke(scenario.model, scenario.request)
    assert type(raised.value).__name__ == "ValidationException"
    attributes = {"gen_ai.request.max_tokens": 100000}
    check(otel, mode, failed(scenario.name, "text_completion", LLAMA, "ValidationException", **attributes))


def test_a_throttling_event_in_converse_stream(otel, mode, instrument, call, replay):
    scenario = SCENARIOS["converse_stream_throttled"]
    events: list = []
    with replay(scenario.name), pytest.raises(EventStreamError) as raised:
        call.converse_stream(CLAUDE, events, **scenario.request)
    assert raised.value.response["Error"]["Code"] == "throttlingException"
    assert len(events) == 2  # messageStart and the first delta came before the error
    from tests.bedrock.converse_cases import TEXT_PARAMETERS
    from tests.bedrock.scenarios import SYSTEM

    expected = cut_short(failed(scenario.name, "chat", CLAUDE, "ThrottlingException", stream=True, **TEXT_PARAMETERS))
    expected.legacy = {"gen_ai.prompt.0.role": "system", "gen_ai.prompt.0.content": SYSTEM,
                       "gen_ai.prompt.1.role": "user", "gen_ai.prompt.1.content": PROMPT,
                       "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": HELLO[:5]}  # fmt: skip
    expected.events.insert(0, ("gen_ai.system.message", {"content": SYSTEM}))
    expected.latest["gen_ai.system_instructions"] = [{"type": "text", "content": SYSTEM}]
    check(otel, mode, expected)
    assert_error_recorded(otel, mode, "throttlingException")


def test_a_model_error_event_in_invoke_stream(otel, mode, instrument, call, replay):
    scenario = SCENARIOS["invoke_stream_model_error"]
    events: list = []
    with replay(scenario.name), pytest.raises(EventStreamError) as raised:
        call.invoke_stream(scenario.model, scenario.request, events)
    assert raised.value.response["Error"]["Code"] == "modelStreamErrorException"
    assert len(events) == 1
    usage = {"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 2}  # the chunk's own counts so far
    expected = failed(
        scenario.name, "text_completion", LLAMA, "ModelStreamErrorException", stream=True,
        **{"gen_ai.request.max_tokens": 128}, **usage,
    )  # fmt: skip
    check(otel, mode, cut_short(expected))
    assert_error_recorded(otel, mode, "modelStreamErrorException")
