"""google-genai ``generate_content`` and ``generate_content_stream``, sync and async, in every mode."""

from __future__ import annotations

import json

from google.genai import types

from genotel.core.testing import sent_json
from tests.google_generativeai.gemini_scenarios import (
    GEMINI_API_IDS,
    HELLO,
    HELLO_CONFIG,
    HELLO_TOKENS,
    MODEL,
    PROMPT,
    STREAM_ID,
    TEXT_ID,
    check,
    hello_expected,
)


def test_generate_content_with_a_dict_config(otel, mode, instrument, call, replay):
    sent: list = []
    with replay("genai_text", sent):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=PROMPT, config=HELLO_CONFIG))
    assert type(response) is types.GenerateContentResponse
    assert response.text == HELLO
    assert sent_json(sent)["generationConfig"]["seed"] == 7  # sent as the SDK sends it
    check(otel, mode, hello_expected(TEXT_ID if GEMINI_API_IDS else None), HELLO_TOKENS)


def test_generate_content_with_typed_config_and_content(otel, mode, instrument, call, replay):
    config = types.GenerateContentConfig(**HELLO_CONFIG)
    contents = [types.Content(role="user", parts=[types.Part(text=PROMPT)])]
    with replay("genai_text"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=contents, config=config))
    assert response.text == HELLO
    check(otel, mode, hello_expected(TEXT_ID if GEMINI_API_IDS else None), HELLO_TOKENS)


def test_generate_content_with_camel_case_dicts(otel, mode, instrument, call, replay):
    config = {
        "systemInstruction": {"parts": [{"text": HELLO_CONFIG["system_instruction"]}]},
        **{key: value for key, value in HELLO_CONFIG.items() if key != "system_instruction"},
        "maxOutputTokens": 256,
        "topP": 0.95,
    }
    del config["max_output_tokens"], config["top_p"]
    contents = [{"role": "user", "parts": [{"text": PROMPT}]}]
    with replay("genai_text"):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=contents, config=config))
    assert response.text == HELLO
    check(otel, mode, hello_expected(TEXT_ID if GEMINI_API_IDS else None), HELLO_TOKENS)


def test_generate_content_stream(otel, mode, instrument, call, replay):
    chunks: list = []
    with replay("genai_stream"):
        call(lambda sdk: sdk.models.generate_content_stream(model=MODEL, contents=PROMPT, config=HELLO_CONFIG), chunks)
    assert all(type(chunk) is types.GenerateContentResponse for chunk in chunks)
    assert "".join(chunk.text for chunk in chunks) == HELLO
    check(otel, mode, hello_expected(STREAM_ID if GEMINI_API_IDS else None, stream=True), HELLO_TOKENS)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
REPORT = "gs://genotel-test/report.pdf"
MEDIA_PARTS = [
    {"type": "text", "content": PROMPT},
    {"type": "blob", "modality": "image", "mime_type": "image/png", "content": "<elided 32 bytes>"},
    {"type": "uri", "modality": "document", "mime_type": "application/pdf", "uri": REPORT},
]


def test_inline_data_is_elided_and_file_data_kept_as_a_uri(otel, mode, instrument, call, replay):
    """The image's bytes never reach telemetry: its mime type and size do (the answer is the hello cassette's)."""
    contents = [
        PROMPT,
        types.Part.from_bytes(data=PNG, mime_type="image/png"),
        types.Part.from_uri(file_uri=REPORT, mime_type="application/pdf"),
    ]
    sent: list = []
    with replay("genai_text", sent):
        response = call(lambda sdk: sdk.models.generate_content(model=MODEL, contents=contents, config=HELLO_CONFIG))
    assert response.text == HELLO
    assert len(sent_json(sent)["contents"][0]["parts"]) == 3
    expected = hello_expected(TEXT_ID if GEMINI_API_IDS else None)
    media = json.dumps(MEDIA_PARTS, separators=(",", ":"))
    expected.legacy["gen_ai.prompt.1.content"] = media
    expected.events[1] = ("gen_ai.user.message", {"content": media})
    expected.latest["gen_ai.input.messages"] = [{"role": "user", "parts": MEDIA_PARTS}]
    check(otel, mode, expected, HELLO_TOKENS, canaries=("CANARY", "PNG"))
