"""Odd provider responses: the instrumentation never raises into the app and records what it can.

Each cassette runs sync and async in every mode and asserts the whole exported telemetry.
Decision (contract, "Finish reasons"): an unknown raw finish reason is kept as sent in
``gen_ai.response.finish_reasons`` and the legacy attribute, and, being outside both enums,
passes through unchanged to the ``gen_ai.choice`` event and the latest JSON. A missing finish
reason is absent from the span and the latest JSON; the 1.36 ``gen_ai.choice`` event, where the
field is required, says ``error``.
"""

from __future__ import annotations

import openai
import pytest

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.openai.scenarios import (
    CHAT_BASE,
    MINI_MODEL,
    MISSING_USAGE_EXPECTED,
    MISSING_USAGE_ID,
    MISSING_USAGE_REQUEST,
    NO_CACHE_NO_REASONING,
)

CHAT = {**CHAT_BASE, **MINI_MODEL}


def _user(text):
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}


def _expected(prompt, base, completion=None, finish=None, event_finish=None, latest_finish=None, **flags):
    """One user prompt and at most one assistant choice, in every mode's shape."""
    legacy = {"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": prompt}
    events = [("gen_ai.user.message", {"content": prompt})]
    latest = {"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": prompt}]}]}
    if completion is not False:
        message = {"role": "assistant"}
        output = {"role": "assistant", "parts": []}
        legacy["gen_ai.completion.0.role"] = "assistant"
        if completion is not None:
            message["content"] = completion
            output["parts"] = [{"type": "text", "content": completion}]
            legacy["gen_ai.completion.0.content"] = completion
        if finish is not None:
            legacy["gen_ai.completion.0.finish_reason"] = finish
        if latest_finish is not None:
            output["finish_reason"] = latest_finish
        events.append(("gen_ai.choice", {"index": 0, "finish_reason": event_finish, "message": message}))
        latest["gen_ai.output.messages"] = [output]
    return Expected(
        span_name="chat gpt-4o-mini", provider_latest="openai", base=base, legacy=legacy, events=events,
        latest=latest, **flags,
    )  # fmt: skip


SCENARIOS = {
    # no usage key: no usage attributes, everything else recorded
    "chat_missing_usage": (MISSING_USAGE_REQUEST, MISSING_USAGE_EXPECTED),
    # id, usage, content and finish reason all null: only what is there
    "chat_null_fields": (
        _user("Reply with nothing."),
        _expected("Reply with nothing.", CHAT, None, None, "error", None),
    ),
    # a finish reason outside every enum: kept raw everywhere
    "chat_unknown_finish": (
        _user("Describe entanglement in five words."),
        _expected(
            "Describe entanglement in five words.",
            {
                **CHAT,
                **NO_CACHE_NO_REASONING,
                "gen_ai.response.id": "chatcmpl-BoQSKcQUcBpXfdpMtHdVi0fv1ryd9",
                "gen_ai.response.finish_reasons": ["quantum_flux"],
                "gen_ai.usage.input_tokens": 15,
                "gen_ai.usage.output_tokens": 7,
            },
            "Particles linked across any distance.",
            "quantum_flux",
            "quantum_flux",
            "quantum_flux",
        ),
    ),
    # unknown fields at every level are ignored, nothing of them exported
    "chat_extra_fields": (
        _user("Say something new."),
        _expected(
            "Say something new.",
            {
                **CHAT,
                **NO_CACHE_NO_REASONING,
                "gen_ai.response.id": "chatcmpl-BofBsjKvaLMt38ol664tWpTJn6OI3",
                "gen_ai.response.finish_reasons": ["stop"],
                "gen_ai.usage.input_tokens": 12,
                "gen_ai.usage.output_tokens": 4,
            },
            "Something new.",
            "stop",
            "stop",
            "stop",
        ),
    ),
    # choices: [] -- no completion, no finish reasons, usage still recorded
    "chat_empty_choices": (
        _user("Hello?"),
        _expected(
            "Hello?",
            {
                **CHAT,
                **NO_CACHE_NO_REASONING,
                "gen_ai.response.id": "chatcmpl-BoW69MSgKfIru3IGO7NM1Loc8KtPE",
                "gen_ai.usage.input_tokens": 9,
                "gen_ai.usage.output_tokens": 0,
            },
            completion=False,
        ),
    ),
}

USER_SEES = {
    "chat_missing_usage": (MISSING_USAGE_ID, 1),
    "chat_null_fields": (None, 1),
    "chat_unknown_finish": ("chatcmpl-BoQSKcQUcBpXfdpMtHdVi0fv1ryd9", 1),
    "chat_extra_fields": ("chatcmpl-BofBsjKvaLMt38ol664tWpTJn6OI3", 1),
    "chat_empty_choices": ("chatcmpl-BoW69MSgKfIru3IGO7NM1Loc8KtPE", 0),
}


def _check_completion(name, completion):
    completion_id, choices = USER_SEES[name]
    assert completion.id == completion_id
    assert len(completion.choices) == choices


def _check_extras_not_exported(otel):
    exported = repr([dict(span.attributes) for span in otel.spans()] + [(e.body, e.attributes) for e in otel.events()])
    for extra in ("x_new", "message-level extra"):
        assert extra not in exported


@pytest.mark.parametrize("name", SCENARIOS)
def test_odd_response(otel, mode, instrument, call, replay, name):
    request, expected = SCENARIOS[name]
    with replay(name):
        completion = call(lambda sdk: sdk.chat.completions.create(**request))
    _check_completion(name, completion)
    assert_telemetry(otel, mode, expected)
    _check_extras_not_exported(otel)


# --- chat_stream_error: the SDK raises APIError after three chunks ------------------------------------

HAIKU_REQUEST = {**_user("Write a haiku about autumn."), "stream": True}
STREAM_ERROR_EXPECTED = _expected(
    "Write a haiku about autumn.",
    {**CHAT, "gen_ai.response.id": "chatcmpl-BoOR8k2lk9tPmBuhdAY9EX3HbcFq6", "error.type": "APIError"},
    "Crimson leaves", None, "error", None,
    stream=True, error=True,
)  # fmt: skip
SERVER_ERROR = "The server had an error while processing your request."


def _check_stream_error(otel, mode, caught, received):
    assert type(caught.value) is openai.APIError
    assert caught.value.message == SERVER_ERROR
    assert caught.value.body["type"] == "server_error"
    assert received == ["", "Crimson", " leaves"]
    assert_telemetry(otel, mode, STREAM_ERROR_EXPECTED)
    (span,) = otel.spans()
    assert span.status.description == SERVER_ERROR
    assert [event.name for event in span.events] == ["exception"]
    assert span.events[0].attributes["exception.message"] == SERVER_ERROR
    (duration,) = otel.metric_points()["gen_ai.client.operation.duration"]
    assert duration.attributes["error.type"] == "APIError"
    if not mode.capture_content:
        assert_no_canary(otel, ("Crimson", "haiku"))


def test_stream_error(otel, mode, instrument, call, replay):
    chunks = []
    with replay("chat_stream_error"), pytest.raises(openai.APIError) as caught:
        call(lambda sdk: sdk.chat.completions.create(**HAIKU_REQUEST), into=chunks)
    _check_stream_error(otel, mode, caught, [chunk.choices[0].delta.content for chunk in chunks])
