"""Gemini's safety signals from google-generativeai's proto messages (enums as proto ints) and plain JSON."""

from __future__ import annotations

import google.ai.generativelanguage as glm

from genotel.core.model import SafetyFinding
from genotel.instrumentation.google_generativeai.gemini import convert_response

CATEGORY, PROBABILITY = glm.HarmCategory, glm.SafetyRating.HarmProbability


def test_blocked_prompt_from_proto_messages():
    feedback = glm.GenerateContentResponse.PromptFeedback(
        block_reason=glm.GenerateContentResponse.PromptFeedback.BlockReason.SAFETY,
        safety_ratings=[
            glm.SafetyRating(category=CATEGORY.HARM_CATEGORY_HARASSMENT, probability=PROBABILITY.LOW),
            glm.SafetyRating(category=CATEGORY.HARM_CATEGORY_DANGEROUS_CONTENT, probability=PROBABILITY.HIGH),
        ],
    )
    safety = convert_response(glm.GenerateContentResponse(prompt_feedback=feedback), False).safety
    assert safety is not None and safety.assessed == {"request"}
    assert safety.findings == [
        SafetyFinding("request", action="SAFETY"),
        SafetyFinding("request", action="SAFETY", code="HARM_CATEGORY_DANGEROUS_CONTENT", confidence="HIGH"),
    ]


def test_candidate_stopped_from_proto_messages():
    candidate = glm.Candidate(
        finish_reason=glm.Candidate.FinishReason.SAFETY,
        safety_ratings=[
            glm.SafetyRating(category=CATEGORY.HARM_CATEGORY_HARASSMENT, probability=PROBABILITY.MEDIUM, blocked=True)
        ],
    )  # fmt: skip
    safety = convert_response(glm.GenerateContentResponse(candidates=[candidate]), False).safety
    assert safety is not None
    assert safety.findings[1] == SafetyFinding(
        "response", action="SAFETY", code="HARM_CATEGORY_HARASSMENT", confidence="MEDIUM"
    )


def test_nothing_blocked_says_nothing():
    plain = {"candidates": [{"finishReason": "STOP", "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                                                                          "probability": "NEGLIGIBLE"}]}]}  # fmt: skip
    assert convert_response(plain, False).safety is None
    assert convert_response({"promptFeedback": {"safetyRatings": []}}, False).safety is None
