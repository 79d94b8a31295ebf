"""The OpenAI-shape safety readers: Azure's 400 body in both spellings, and fields outside the SDK's models."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import BaseModel, ConfigDict

from genotel.core.kits.openai_safety import error_safety, extra
from genotel.core.model import SafetyFinding

VERDICTS = {"hate": {"filtered": True, "severity": "high"}, "jailbreak": {"filtered": False, "detected": True}}


@pytest.mark.parametrize("key", ["content_filter_result", "content_filter_results"])
def test_azure_400_in_both_spellings(key):
    body = {
        "code": "content_filter",
        "param": "prompt",
        "innererror": {"code": "ResponsibleAIPolicyViolation", key: VERDICTS},
    }
    safety = error_safety(body)
    assert safety is not None
    assert safety.findings == [
        SafetyFinding("request", action="content_filter"),
        SafetyFinding("request", action="content_filter", code="hate", confidence="high"),
        SafetyFinding("request", threat="jailbreak"),
    ]
    assert safety.assessed == {"request", "threat"}


def test_other_errors_say_nothing_about_safety():
    assert error_safety({"code": "invalid_value", "message": "temperature"}) is None
    assert error_safety(None) is None
    assert error_safety({"code": "content_filter"}).findings == [SafetyFinding("request", action="content_filter")]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str


def test_extra_reads_dicts_model_extras_and_plain_objects():
    assert extra({"prompt_filter_results": [1]}, "prompt_filter_results") == [1]
    assert extra(Model(id="x", prompt_filter_results=[2]), "prompt_filter_results") == [2]
    assert extra(Model(id="x"), "prompt_filter_results") is None
    assert extra(SimpleNamespace(prompt_filter_results=[3]), "prompt_filter_results") == [3]
