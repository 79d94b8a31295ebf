"""The Responses API's safety signals, converted: a refusal part, and a response the content filter cut short."""

from __future__ import annotations

import openai

from genotel.core.model import SafetyFinding
from genotel.instrumentation.openai.responses import ResponsesAdapter

Response = openai.types.responses.Response


def converted(**fields):
    response = Response.model_construct(id="resp_unit", model="gpt-4.1-mini-2025-04-14", usage=None, **fields)
    return ResponsesAdapter().to_response(response, with_messages=False)


def test_a_refusal_part_is_a_refusal_without_its_text():
    refusal = {"type": "refusal", "refusal": "I can't help with that."}
    message = {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed", "content": [refusal]}
    response = converted(status="completed", output=[message], incomplete_details=None)
    assert response.safety is not None
    assert response.safety.findings == [SafetyFinding("response", action="refusal")]
    assert response.messages[0].parts == []  # content is converted only for the emitters that record it


def test_incomplete_for_content_filter():
    response = converted(status="incomplete", output=[], incomplete_details={"reason": "content_filter"})
    assert response.safety is not None
    assert response.safety.findings == [SafetyFinding("response", action="content_filter")]


def test_nothing_said_about_safety_is_no_safety():
    text = {"type": "output_text", "text": "Hello", "annotations": []}
    message = {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed", "content": [text]}
    assert converted(status="completed", output=[message], incomplete_details=None).safety is None
    assert converted(status="incomplete", output=[], incomplete_details={"reason": "max_output_tokens"}).safety is None
