"""chat.completions scenarios beyond plain text: n=2, refusal, structured output, reasoning + cache usage.

Each scenario runs sync and async in every mode and asserts the whole exported telemetry.
With content capture off, none of the scenario's prompt or completion text may be exported.
"""

from __future__ import annotations

from pydantic import BaseModel

from genotel.core.testing import Expected
from tests.openai.scenarios import CHAT_BASE, MINI_MODEL, NO_CACHE_NO_REASONING, SERVER, assert_metrics, check_telemetry


def _base(**values):
    """Content-free attributes every api.openai.com gpt-4o-mini chat span here carries."""
    return {**CHAT_BASE, **MINI_MODEL, "gen_ai.response.finish_reasons": ["stop"], **NO_CACHE_NO_REASONING, **values}


# --- n=2: two choices --------------------------------------------------------------------------

N2_REQUEST = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a color."}], "n": 2}

N2_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base=_base(
        **{
            "gen_ai.request.choice.count": 2,
            "gen_ai.response.id": "chatcmpl-BoyiqyjcngWnCAwhxktk53tvbvefk",
            "gen_ai.response.finish_reasons": ["stop", "stop"],
            "gen_ai.usage.input_tokens": 11,
            "gen_ai.usage.output_tokens": 4,
        }
    ),
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Name a color.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Blue.",
        "gen_ai.completion.0.finish_reason": "stop",
        "gen_ai.completion.1.role": "assistant",
        "gen_ai.completion.1.content": "Green.",
        "gen_ai.completion.1.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": "Name a color."}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Blue."}}),
        ("gen_ai.choice", {"index": 1, "finish_reason": "stop", "message": {"role": "assistant", "content": "Green."}}),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": "Name a color."}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "Blue."}], "finish_reason": "stop"},
            {"role": "assistant", "parts": [{"type": "text", "content": "Green."}], "finish_reason": "stop"},
        ],
    },
)
N2_CANARIES = ("Name a color", "Blue.", "Green.")


def test_n2(otel, mode, instrument, call, replay):
    with replay("chat_n2"):
        completion = call(lambda sdk: sdk.chat.completions.create(**N2_REQUEST))
    assert [choice.message.content for choice in completion.choices] == ["Blue.", "Green."]
    check_telemetry(otel, mode, N2_EXPECTED, N2_CANARIES)


# --- refusal: a part of type "refusal", so it is never mistaken for an answer --------------------

REFUSAL_PROMPT = "Give me step-by-step instructions to open my neighbor's front door lock without a key."
REFUSAL_TEXT = "I'm sorry, I can't help with that."
REFUSAL_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": REFUSAL_PROMPT}],
    "response_format": {
        "type": "json_schema",
        "json_schema": {
            "name": "instructions",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {"steps": {"type": "array", "items": {"type": "string"}}},
                "required": ["steps"],
                "additionalProperties": False,
            },
        },
    },
}
# Not all parts are text, so content is the JSON list of parts (contract: "Text content").
REFUSAL_CONTENT = '[{"type":"refusal","content":"I\'m sorry, I can\'t help with that."}]'

REFUSAL_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base=_base(
        **{
            "gen_ai.response.id": "chatcmpl-Bo4TviClvgrQU77TbXEAp58fvMjAl",
            "gen_ai.usage.input_tokens": 71,
            "gen_ai.usage.output_tokens": 10,
            # The model refused (message.refusal): a policy outcome, recorded in every mode, without its text.
            "gen_ai.policy.violation": True,
            "gen_ai.policy.action": ["refusal"],
        }
    ),
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": REFUSAL_PROMPT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": REFUSAL_CONTENT,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": REFUSAL_PROMPT}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": REFUSAL_CONTENT}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": REFUSAL_PROMPT}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "refusal", "content": REFUSAL_TEXT}], "finish_reason": "stop"}
        ],
    },
)
REFUSAL_CANARIES = ("front door lock", "sorry, I can")


def test_refusal(otel, mode, instrument, call, replay):
    with replay("chat_refusal"):
        completion = call(lambda sdk: sdk.chat.completions.create(**REFUSAL_REQUEST))
    assert completion.choices[0].message.content is None
    assert completion.choices[0].message.refusal == REFUSAL_TEXT
    check_telemetry(otel, mode, REFUSAL_EXPECTED, REFUSAL_CANARIES)


# --- structured output: create(response_format=dict) and parse(response_format=Model) -----------


class Weather(BaseModel):
    city: str
    temp_c: float


STRUCTURED_REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "Extract the weather report."},
        {"role": "user", "content": "It is 18 degrees Celsius in Paris right now."},
    ],
}
STRUCTURED_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "temp_c": {"type": "number"}},
            "required": ["city", "temp_c"],
            "additionalProperties": False,
        },
    },
}
STRUCTURED_JSON = '{"city":"Paris","temp_c":18}'

STRUCTURED_EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base=_base(
        **{
            "gen_ai.response.id": "chatcmpl-Bo5amsxdvz1tA6HCAKaFsXS49rxZL",
            "gen_ai.usage.input_tokens": 78,
            "gen_ai.usage.output_tokens": 10,
        }
    ),
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "Extract the weather report.",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "It is 18 degrees Celsius in Paris right now.",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": STRUCTURED_JSON,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.system.message", {"content": "Extract the weather report."}),
        ("gen_ai.user.message", {"content": "It is 18 degrees Celsius in Paris right now."}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": STRUCTURED_JSON}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "system", "parts": [{"type": "text", "content": "Extract the weather report."}]},
            {"role": "user", "parts": [{"type": "text", "content": "It is 18 degrees Celsius in Paris right now."}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": STRUCTURED_JSON}], "finish_reason": "stop"}
        ],
    },
)
STRUCTURED_CANARIES = ("Extract the weather", "18 degrees Celsius", "temp_c")


def test_structured_create(otel, mode, instrument, call, replay):
    with replay("chat_structured"):
        completion = call(
            lambda sdk: sdk.chat.completions.create(**STRUCTURED_REQUEST, response_format=STRUCTURED_SCHEMA)
        )
    assert completion.choices[0].message.content == STRUCTURED_JSON
    check_telemetry(otel, mode, STRUCTURED_EXPECTED, STRUCTURED_CANARIES)


def test_structured_parse(otel, mode, instrument, call, replay):
    """parse() still hands the user the parsed model, and makes exactly one span."""
    with replay("chat_structured"):
        completion = call(lambda sdk: sdk.chat.completions.parse(**STRUCTURED_REQUEST, response_format=Weather))
    assert completion.choices[0].message.parsed == Weather(city="Paris", temp_c=18.0)
    assert completion.choices[0].message.content == STRUCTURED_JSON
    check_telemetry(otel, mode, STRUCTURED_EXPECTED, STRUCTURED_CANARIES)


# --- reasoning model with cached prompt tokens: usage normalized --------------------------------

REASONING_SYSTEM = "You are a precise assistant. Answer in one short sentence."
REASONING_QUESTION = "What is the answer to the ultimate question of life, the universe, and everything?"
REASONING_REQUEST = {
    "model": "o4-mini",
    "messages": [
        {"role": "developer", "content": REASONING_SYSTEM},
        {"role": "user", "content": REASONING_QUESTION},
    ],
    "reasoning_effort": "medium",
    "max_completion_tokens": 1000,
}

REASONING_EXPECTED = Expected(
    span_name="chat o4-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "o4-mini",
        "gen_ai.request.max_tokens": 1000,
        **SERVER,
        "gen_ai.response.id": "chatcmpl-BoKgBTgFWxHERPrTOiaTr1p8m6skS",
        "gen_ai.response.model": "o4-mini-2025-04-16",
        "gen_ai.response.finish_reasons": ["stop"],
        # OpenAI already reports prompt tokens with the cached ones and completion tokens
        # with the reasoning ones, which is the contract's normalized form.
        "gen_ai.usage.input_tokens": 2006,
        "gen_ai.usage.cache_read.input_tokens": 1920,
        "gen_ai.usage.output_tokens": 310,
        "gen_ai.usage.reasoning.output_tokens": 256,
    },
    legacy={
        "gen_ai.prompt.0.role": "developer",
        "gen_ai.prompt.0.content": REASONING_SYSTEM,
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": REASONING_QUESTION,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "The answer is 42.",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        # A developer message is a system message that keeps its own role name.
        ("gen_ai.system.message", {"content": REASONING_SYSTEM, "role": "developer"}),
        ("gen_ai.user.message", {"content": REASONING_QUESTION}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "The answer is 42."}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "developer", "parts": [{"type": "text", "content": REASONING_SYSTEM}]},
            {"role": "user", "parts": [{"type": "text", "content": REASONING_QUESTION}]},
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "The answer is 42."}], "finish_reason": "stop"}
        ],
    },
)
REASONING_CANARIES = ("precise assistant", "ultimate question", "answer is 42")


REASONING_METRIC = {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "o4-mini",
    "gen_ai.response.model": "o4-mini-2025-04-16",
    **SERVER,
}


def test_reasoning_cached(otel, mode, instrument, call, replay):
    with replay("chat_reasoning_cached"):
        completion = call(lambda sdk: sdk.chat.completions.create(**REASONING_REQUEST))
    assert completion.usage.completion_tokens_details.reasoning_tokens == 256
    check_telemetry(otel, mode, REASONING_EXPECTED, REASONING_CANARIES)
    assert_metrics(otel, mode, REASONING_METRIC, {"input": 2006, "output": 310})
