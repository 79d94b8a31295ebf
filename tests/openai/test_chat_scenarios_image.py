"""chat.completions with an inline base64 image: the bytes never reach telemetry, in any mode.

The blob keeps its modality, mime type and decoded size: the cassette's base64 is 108
characters ending in "==", so 108 / 4 * 3 - 2 = 79 bytes (the 16x16 red PNG of INDEX.md).
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary, assert_telemetry
from tests.openai.scenarios import CHAT_BASE, MINI_MODEL, NO_CACHE_NO_REASONING

IMAGE_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mP4z8BAEmIY1TCqYfhqAACQ+f8B8u7oVwAAAABJRU5ErkJggg=="
)
REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{IMAGE_BASE64}", "detail": "low"}},
            ],
        }
    ],
}
# The user message has a non-text part, so its content is the JSON list of parts.
PROMPT_CONTENT = (
    '[{"type":"text","content":"What is in this image?"},'
    '{"type":"blob","modality":"image","mime_type":"image/png","content":"<elided 79 bytes>"}]'
)

EXPECTED = Expected(
    span_name="chat gpt-4o-mini",
    provider_latest="openai",
    base={
        **CHAT_BASE,
        **MINI_MODEL,
        "gen_ai.response.id": "chatcmpl-BoiUYpbfZopDo0nE3rpEXRWvnCvsx",
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.usage.input_tokens": 2842,
        "gen_ai.usage.output_tokens": 4,
        **NO_CACHE_NO_REASONING,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": PROMPT_CONTENT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "A red square.",
        "gen_ai.completion.0.finish_reason": "stop",
    },
    events=[
        ("gen_ai.user.message", {"content": PROMPT_CONTENT}),
        (
            "gen_ai.choice",
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "A red square."}},
        ),
    ],
    latest={
        "gen_ai.input.messages": [
            {
                "role": "user",
                "parts": [
                    {"type": "text", "content": "What is in this image?"},
                    {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 79 bytes>"},
                ],
            }
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": "A red square."}], "finish_reason": "stop"}
        ],
    },
)
# Whole and in pieces: a truncated or re-wrapped copy of the image would still be caught.
IMAGE_FRAGMENTS = (IMAGE_BASE64, IMAGE_BASE64[:16], IMAGE_BASE64[40:56], IMAGE_BASE64[-16:], "base64,")


def test_image(otel, mode, instrument, call, replay):
    with replay("chat_image"):
        completion = call(lambda sdk: sdk.chat.completions.create(**REQUEST))
    assert completion.choices[0].message.content == "A red square."
    assert_telemetry(otel, mode, EXPECTED)
    assert_no_canary(otel, IMAGE_FRAGMENTS)  # every mode, content on or off
    if not mode.capture_content:
        assert_no_canary(otel, ("What is in this image", "red square", "elided"))
