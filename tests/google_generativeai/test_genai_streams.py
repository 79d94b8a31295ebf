"""google-genai streams left early: the span ends with what arrived, once, without an error."""

from __future__ import annotations

import asyncio
import gc

from tests.google_generativeai.gemini_scenarios import (
    GEMINI_API_IDS,
    HELLO_CONFIG,
    MODEL,
    PROMPT,
    STREAM_ID,
)


def test_left_by_break_then_collected(otel, mode, instrument, client, replay):
    with replay("genai_stream"):
        stream = client.models.generate_content_stream(model=MODEL, contents=PROMPT, config=HELLO_CONFIG)
        for chunk in stream:
            assert chunk.text == "Hello, "
            break
        assert otel.spans() == []  # still open: the application may come back for more
        del stream, chunk
        gc.collect()
    (span,) = otel.spans()
    assert span.attributes.get("gen_ai.response.id") == (STREAM_ID if GEMINI_API_IDS else None)
    assert "gen_ai.response.finish_reasons" not in span.attributes
    assert "error.type" not in span.attributes
    assert span.attributes["gen_ai.usage.input_tokens"] == 12  # the running total of the first chunk


async def test_left_by_break_then_closed_async(otel, mode, instrument, async_client, replay):
    with replay("genai_stream"):
        stream = await async_client.models.generate_content_stream(model=MODEL, contents=PROMPT, config=HELLO_CONFIG)
        async for _chunk in stream:
            break
        await stream.aclose()
        # the SDK's inner generators are dropped unclosed; the event loop closes them on its next turns
        for _ in range(3):
            await asyncio.sleep(0)
        gc.collect()
    (span,) = otel.spans()
    assert span.attributes.get("gen_ai.response.id") == (STREAM_ID if GEMINI_API_IDS else None)
    assert "error.type" not in span.attributes


def test_a_stream_never_read_sends_nothing_and_has_no_span(otel, mode, instrument, client, replay):
    """The sync stream is a generator: its request, and so its span, waits for the first ``next()``."""
    with replay("genai_stream") as cassette:
        stream = client.models.generate_content_stream(model=MODEL, contents=PROMPT, config=HELLO_CONFIG)
        del stream
        gc.collect()
        assert cassette.play_count == 0
    assert otel.spans() == []
