"""Azure OpenAI's content filters: a completion they filtered (200) and a prompt they blocked (400).

The verdicts become the security fields in every mode, the provider's own values kept
(categories, severities); filters that flagged nothing only say that the check ran.
"""

from __future__ import annotations

import openai
import pytest

from genotel.core.testing import Expected
from tests.openai.scenarios import check_telemetry
from tests.openai.test_azure import async_client, client  # noqa: F401  (Azure's clients for the call fixture)

SERVER = {"server.address": "genotel-test.openai.azure.com", "server.port": 443}
BASE = {
    "gen_ai.operation.name": "chat",
    "gen_ai.system": "az.ai.openai",
    "gen_ai.request.model": "gpt-4o-mini",
    **SERVER,
}
THRILLER = "Write the next scene of my thriller where the villain attacks."
BUILDING = "Tell me how to hurt the people in my building."


def exchange(prompt: str, answer: dict | None) -> dict:
    """Expected legacy/events/latest of one user prompt and (if any) a choice without text."""
    exchanged: dict = {
        "legacy": {"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": prompt},
        "events": [("gen_ai.user.message", {"content": prompt})],
        "latest": {"gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": prompt}]}]},
    }
    if answer is not None:
        exchanged["legacy"].update(
            {"gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.finish_reason": "content_filter"}
        )
        exchanged["events"].append(
            ("gen_ai.choice", {"index": 0, "finish_reason": "content_filter", "message": {"role": "assistant"}})
        )
        exchanged["latest"]["gen_ai.output.messages"] = [
            {"role": "assistant", "parts": [], "finish_reason": "content_filter"}
        ]
    return exchanged


FILTERED_COMPLETION = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="azure.ai.openai",
    base={
        **BASE,
        "gen_ai.response.id": "chatcmpl-BobLm2Qx8Vn4Rt6Yp1Kd7Ws3Ja9Hz",
        "gen_ai.response.model": "gpt-4o-mini",
        "gen_ai.response.finish_reasons": ["content_filter"],
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.output_tokens": 0,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
        "gen_ai.policy.violation": True,
        "gen_ai.policy.action": ["content_filter"],  # the violence filter's, and the finish reason's
        "gen_ai.policy.confidence": ["medium"],
        "gen_ai.compliance.request_triggered": False,
        "gen_ai.compliance.response_triggered": True,
        "gen_ai.compliance.violation_detected": True,
        "gen_ai.compliance.violation_code": ["protected_material_text", "violence"],
        "gen_ai.threat.detected": False,  # jailbreak and indirect_attack ran on the prompt
    },
    **exchange(THRILLER, {}),
)


def test_completion_filtered(otel, mode, instrument, call, replay):
    with replay("azure_chat_filtered_completion"):
        completion = call(
            lambda sdk: sdk.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": THRILLER}]
            )
        )
    assert completion.choices[0].finish_reason == "content_filter"
    check_telemetry(otel, mode, FILTERED_COMPLETION, ("thriller", "villain"))


BLOCKED_PROMPT = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="azure.ai.openai",
    error=True,
    base={
        **BASE,
        "error.type": "BadRequestError",
        "gen_ai.policy.violation": True,
        "gen_ai.policy.action": ["content_filter"],
        "gen_ai.policy.confidence": ["high"],
        "gen_ai.compliance.request_triggered": True,
        "gen_ai.compliance.violation_detected": True,
        "gen_ai.compliance.violation_code": ["violence"],
        "gen_ai.threat.detected": False,
    },
    **exchange(BUILDING, None),
)


def test_prompt_blocked_with_400(otel, mode, instrument, call, replay):
    with replay("azure_chat_filtered_prompt"), pytest.raises(openai.BadRequestError) as caught:
        call(
            lambda sdk: sdk.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": BUILDING}]
            )
        )
    assert caught.value.code == "content_filter"
    check_telemetry(otel, mode, BLOCKED_PROMPT, ("hurt the people",))


NOVEL = "Continue the fight scene in my novel."
FILTERED_STREAM = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="azure.ai.openai",
    stream=True,
    base={
        **BASE,
        # from the first chunk with a choice: the prompt annotation's empty id and model are not kept
        "gen_ai.response.id": "chatcmpl-BobMv7Rk2Yt9Lq4Wx6Pn3Zc8Hd5Ga",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.finish_reasons": ["content_filter"],
        "gen_ai.usage.input_tokens": 13,
        "gen_ai.usage.output_tokens": 3,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.reasoning.output_tokens": 0,
        "gen_ai.policy.violation": True,
        "gen_ai.policy.action": ["content_filter"],
        "gen_ai.policy.confidence": ["high"],
        "gen_ai.compliance.request_triggered": False,  # the prompt's "low" violence was let through
        "gen_ai.compliance.response_triggered": True,
        "gen_ai.compliance.violation_detected": True,
        "gen_ai.compliance.violation_code": ["violence"],
        "gen_ai.threat.detected": False,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": NOVEL,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "Mara swung",
        "gen_ai.completion.0.finish_reason": "content_filter",
    },
    events=[
        ("gen_ai.user.message", {"content": NOVEL}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "content_filter", "message": {"role": "assistant", "content": "Mara swung"}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": NOVEL}]}],
        "gen_ai.output.messages": [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": "Mara swung"}],
                "finish_reason": "content_filter",
            }
        ],
    },
)


def test_stream_filtered_midway(otel, mode, instrument, call, replay):
    request = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": NOVEL}]}
    with replay("azure_chat_stream_filtered"):
        chunks = call(
            lambda sdk: sdk.chat.completions.create(**request, stream=True, stream_options={"include_usage": True}),
            into=[],
        )
    assert (chunks[0].id, chunks[0].model) == ("", "")  # Azure's prompt annotation
    check_telemetry(otel, mode, FILTERED_STREAM, ("fight scene", "Mara"))
