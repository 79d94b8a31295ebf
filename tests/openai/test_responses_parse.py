"""``responses.parse(text_format=...)``: one span, the JSON text recorded, ``output_parsed`` intact."""

from __future__ import annotations

from pydantic import BaseModel

from genotel.core.testing import Expected
from tests.openai.scenarios import NO_CACHE_NO_REASONING, SERVER, check_telemetry

INSTRUCTIONS = "Extract the weather report."
REPORT = "It is 18 degrees Celsius in Paris right now."
ANSWER = '{"city":"Paris","temp_c":18}'


class Weather(BaseModel):
    city: str
    temp_c: float


REQUEST = {"model": "gpt-4.1-mini", "instructions": INSTRUCTIONS, "input": REPORT, "text_format": Weather}

EXPECTED = Expected(
    span_name="chat gpt-4.1-mini",
    provider_latest="openai",
    base={
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4.1-mini",
        **SERVER,
        "gen_ai.response.id": "resp_6866739f2c1c8190a4be2e1b7d0c6d4a0f3d6b1e88a2c9f5",
        "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 71,
        "gen_ai.usage.output_tokens": 12,
        **NO_CACHE_NO_REASONING,
    },
    legacy={
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": INSTRUCTIONS,
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": REPORT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.system.message", {"content": INSTRUCTIONS}),
        ("gen_ai.user.message", {"content": REPORT}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.system_instructions": [{"type": "text", "content": INSTRUCTIONS}],
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": REPORT}]}],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
    },
)


def test_parse(otel, mode, instrument, call, replay):
    with replay("responses_parse"):
        response = call(lambda sdk: sdk.responses.parse(**REQUEST))
    assert response.output_parsed == Weather(city="Paris", temp_c=18.0)
    check_telemetry(otel, mode, EXPECTED)
