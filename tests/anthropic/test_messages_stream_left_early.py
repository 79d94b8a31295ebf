"""``messages.stream()`` left early: the span ends with the ``with`` block, the garbage collector off."""

from __future__ import annotations

from tests.anthropic.claude_scenarios import MODEL, TEXT_REQUEST


def own_span(otel):
    (span,) = [span for span in otel.spans() if span.instrumentation_scope.name.startswith("genotel")]
    return span


def test_left_by_break(otel, mode, instrument, client, replay, no_gc):
    with replay("messages_stream"), client.messages.stream(**TEXT_REQUEST) as stream:
        for _event in stream:
            break
    span = own_span(otel)
    assert span.name == f"chat {MODEL}"
    assert "error.type" not in span.attributes


async def test_left_by_break_async(otel, mode, instrument, async_client, replay, no_gc):
    with replay("messages_stream"):
        async with async_client.messages.stream(**TEXT_REQUEST) as stream:
            async for _event in stream:
                break
    assert own_span(otel).name == f"chat {MODEL}"
