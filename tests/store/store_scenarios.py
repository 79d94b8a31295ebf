"""GenAI-shaped traces recorded through a real tracer, shared by the store tests."""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer


def chat_attributes(model: str, input_tokens: int, output_tokens: int, **extra: Any) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "anthropic" if model.startswith("claude") else "openai",
        "gen_ai.request.model": model,
        "gen_ai.request.temperature": 0.5,
        "gen_ai.usage.input_tokens": input_tokens,
        "gen_ai.usage.output_tokens": output_tokens,
        "gen_ai.response.finish_reasons": ("stop",),
        "llm.is_streaming": False,
        **extra,
    }


def agent_trace(
    tracer: Tracer, models: tuple[str, ...] = ("gpt-4o", "claude-sonnet-4"), fail_last: bool = False
) -> dict[str, Any]:
    """An agent span with one chat span per model and a tool span under the first chat; returns the ids."""
    ids: dict[str, Any] = {"chats": []}
    with tracer.start_as_current_span("invoke_agent planner", attributes={"gen_ai.agent.name": "planner"}) as root:
        ids["trace_id"] = format(root.get_span_context().trace_id, "032x")
        ids["root"] = format(root.get_span_context().span_id, "016x")
        for position, model in enumerate(models):
            tokens = 100 * (position + 1)
            with tracer.start_as_current_span(
                f"chat {model}", kind=SpanKind.CLIENT, attributes=chat_attributes(model, tokens, tokens // 10)
            ) as chat:
                ids["chats"].append(format(chat.get_span_context().span_id, "016x"))
                if position == 0:
                    with tracer.start_as_current_span(
                        "execute_tool get_weather", attributes={"city": "Lisbon"}
                    ) as tool:
                        ids["tool"] = format(tool.get_span_context().span_id, "016x")
                if fail_last and position == len(models) - 1:
                    chat.set_status(Status(StatusCode.ERROR, "RateLimitError"))
    return ids
