"""Expected telemetry of the Bedrock scenarios, and the check every instrumented test makes."""

from __future__ import annotations

from typing import Any

from genotel.core.testing import Expected
from tests.anthropic.claude_scenarios import check as check_call
from tests.anthropic.claude_scenarios import text_exchange
from tests.bedrock.invoke_cases import Case
from tests.bedrock.scenarios import CANARIES, HELLO, PROMPT, SERVER, Scenario


def base(operation: str, model: str, **attributes: Any) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": operation,
        "gen_ai.system": "aws.bedrock",
        "gen_ai.request.model": model,
        **SERVER,
        **attributes,
    }


def prompt_of(scenario: Scenario) -> str:
    body = scenario.request
    for key in ("prompt", "inputText", "message"):
        if isinstance(body.get(key), str):
            return body[key]
    return PROMPT


def family_expected(case: Case, scenario: Scenario) -> Expected:
    """One family's text exchange, as its non-stream or stream call must show it."""
    stream = scenario.stream
    response = case.response if not stream or case.stream_response is None else case.stream_response
    usage = case.usage if not stream or case.stream_usage is None else case.stream_usage
    exchange = text_exchange(prompt_of(scenario), HELLO, case.finish, system=case.system)
    if case.system_in_messages:
        system = scenario.request["messages"][0]["content"]
        exchange = text_exchange(prompt_of(scenario), HELLO, case.finish, system=system)
        del exchange["latest"]["gen_ai.system_instructions"]
        exchange["latest"]["gen_ai.input.messages"].insert(
            0, {"role": "system", "parts": [{"type": "text", "content": system}]}
        )
    return Expected(
        span_name=f"{case.operation} {case.model}",
        provider_latest="aws.bedrock",
        stream=stream,
        base=base(
            case.operation,
            case.model,
            **case.parameters,
            **response,
            **{"gen_ai.response.finish_reasons": [case.finish[0]]},
            **usage,
        ),
        **exchange,
    )


def tokens_of(expected: Expected) -> dict[str, int]:
    counts = {
        "input": expected.base.get("gen_ai.usage.input_tokens"),
        "output": expected.base.get("gen_ai.usage.output_tokens"),
    }
    return {kind: count for kind, count in counts.items() if count is not None}


def check(otel: Any, mode: Any, expected: Expected) -> None:
    """The span (and events), its metrics, and no canary anywhere when content is off."""
    check_call(otel, mode, expected, tokens_of(expected), CANARIES)
