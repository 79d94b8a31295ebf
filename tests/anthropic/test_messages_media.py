"""An inline base64 image and PDF document: their bytes never reach telemetry, in any mode.

Each blob keeps its modality, mime type and decoded size (INDEX.md: a 79-byte PNG, 108 base64
characters ending "=="; a 625-byte PDF, 836 characters ending "==").
"""

from __future__ import annotations

from genotel.core.testing import Expected, assert_no_canary
from tests.anthropic.claude_scenarios import CHAT_BASE, MODEL, NO_CACHE, check

PNG = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mOQizpBEmIY1TCqYfhqAAB1t0AQ8dIAngAAAABJRU5ErkJggg=="
PDF = (
    "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2Vz"
    "IC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg"
    "WzAgMCA2MTIgNzkyXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQg"
    "MCBvYmoKPDwgL0xlbmd0aCA4MSA+PgpzdHJlYW0KQlQgL0YxIDEyIFRmIDcyIDcyMCBUZCAoUTMgbm90ZTogcmV2ZW51ZSBncmV3IDEyJSB3"
    "aGlsZSBjb3N0cyBzdGF5ZWQgZmxhdC4pIFRqIEVUCmVuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvVHlwZSAvRm9udCAvU3VidHlwZSAv"
    "VHlwZTEgL0Jhc2VGb250IC9IZWx2ZXRpY2EgPj4KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAw"
    "MCBuIAowMDAwMDAwMDU4IDAwMDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAwMzcyIDAwMDAw"
    "IG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNDQyCiUlRU9GCg=="
)
QUESTION = "Describe the image and summarize the document."
ANSWER = (
    "The image is a small solid blue square with no other detail. "
    "The document is a one-line Q3 note: revenue grew 12% while costs stayed flat."
)
REQUEST = {
    "model": MODEL,
    "max_tokens": 512,
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
                {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": PDF}},
                {"type": "text", "text": QUESTION},
            ],
        }
    ],
}
IMAGE_PART = {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 79 bytes>"}
DOCUMENT_PART = {
    "type": "blob",
    "modality": "document",
    "mime_type": "application/pdf",
    "content": "<elided 625 bytes>",
}
# Not all parts are text, so the prompt's content is the JSON list of its parts.
PROMPT_CONTENT = (
    '[{"type":"blob","modality":"image","mime_type":"image/png","content":"<elided 79 bytes>"},'
    '{"type":"blob","modality":"document","mime_type":"application/pdf","content":"<elided 625 bytes>"},'
    '{"type":"text","content":"Describe the image and summarize the document."}]'
)
EXPECTED = Expected(
    span_name=f"chat {MODEL}",
    provider_latest="anthropic",
    base={
        **CHAT_BASE,
        "gen_ai.request.max_tokens": 512,
        "gen_ai.response.id": "msg_01gzue4BwMeeL6ZPpNFV4wuR",
        "gen_ai.response.model": MODEL,
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": 1622,
        "gen_ai.usage.output_tokens": 38,
        **NO_CACHE,
    },
    legacy={
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": PROMPT_CONTENT,
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": ANSWER,
        "gen_ai.completion.0.finish_reason": "end_turn",
    },
    events=[
        ("gen_ai.user.message", {"content": PROMPT_CONTENT}),
        ("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}),
    ],
    latest={
        "gen_ai.input.messages": [
            {"role": "user", "parts": [IMAGE_PART, DOCUMENT_PART, {"type": "text", "content": QUESTION}]}
        ],
        "gen_ai.output.messages": [
            {"role": "assistant", "parts": [{"type": "text", "content": ANSWER}], "finish_reason": "stop"}
        ],
    },
)
# Whole and in pieces, so a cut or re-wrapped copy would be caught too.
BASE64_FRAGMENTS = (PNG, PNG[:16], PNG[48:64], PNG[-16:], PDF, PDF[:16], PDF[400:416], PDF[-16:], "base64")


def test_messages_media(otel, mode, instrument, call, replay):
    with replay("messages_media"):
        message = call(lambda sdk: sdk.messages.create(**REQUEST))
    assert message.content[0].text == ANSWER
    check(otel, mode, EXPECTED, {"input": 1622, "output": 38}, canaries=("blue square", "Describe the image"))
    assert_no_canary(otel, BASE64_FRAGMENTS)  # in every mode, content on or off
