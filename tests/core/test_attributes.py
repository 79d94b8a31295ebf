"""Content-free request attributes: types as the semantic conventions declare them."""

from __future__ import annotations

from genotel.core.attributes import request_attributes, response_attributes
from genotel.core.model import Provider, Request, Response
from genotel.core.semconv import VOCABULARY_1_36, VOCABULARY_LATEST

OPENAI = Provider("openai", "openai")


def test_double_parameters_are_recorded_as_floats_even_when_passed_as_ints():
    request = Request("chat", OPENAI, "m", temperature=0, top_p=1, top_k=40, frequency_penalty=0, presence_penalty=2)
    attributes = request_attributes(request, VOCABULARY_1_36)
    for key in (
        "gen_ai.request.temperature",
        "gen_ai.request.top_p",
        "gen_ai.request.top_k",
        "gen_ai.request.frequency_penalty",
        "gen_ai.request.presence_penalty",
    ):
        assert type(attributes[key]) is float, key
    assert attributes["gen_ai.request.top_k"] == 40.0


def test_integer_parameters_stay_integers_and_odd_values_are_dropped():
    request = Request("chat", OPENAI, "m", max_tokens=50, seed=7, temperature="hot")  # type: ignore[arg-type]
    attributes = request_attributes(request, VOCABULARY_1_36)
    assert type(attributes["gen_ai.request.max_tokens"]) is int
    assert attributes["gen_ai.request.seed"] == 7
    assert "gen_ai.request.temperature" not in attributes


def test_choice_count_of_one_is_not_recorded():
    assert "gen_ai.request.choice.count" not in request_attributes(
        Request("chat", OPENAI, "m", choice_count=1), VOCABULARY_1_36
    )
    assert (
        request_attributes(Request("chat", OPENAI, "m", choice_count=3), VOCABULARY_1_36)["gen_ai.request.choice.count"]
        == 3
    )


def test_provider_values_and_finish_reasons_come_from_the_provider():
    provider = Provider("az.ai.openai", "azure.ai.openai", {"end_of_turn": "stop", "tool_use": "tool_calls"})
    request = Request("chat", provider, "m")
    assert request_attributes(request, VOCABULARY_1_36)["gen_ai.system"] == "az.ai.openai"
    assert request_attributes(request, VOCABULARY_LATEST)["gen_ai.provider.name"] == "azure.ai.openai"
    assert VOCABULARY_1_36.finish_reason(provider, "end_of_turn") == "stop"
    assert VOCABULARY_1_36.finish_reason(provider, "tool_use") == "tool_calls"
    assert VOCABULARY_LATEST.finish_reason(provider, "tool_use") == "tool_call"
    # the same raw value means nothing special to a provider whose table does not name it
    assert VOCABULARY_1_36.finish_reason(OPENAI, "end_of_turn") == "end_of_turn"
    assert VOCABULARY_1_36.finish_reason(OPENAI, None) is None


def test_provider_specific_attributes_join_the_span():
    request = Request("embeddings", OPENAI, "m", attributes={"gen_ai.embeddings.dimension.count": 8})
    assert request_attributes(request, VOCABULARY_1_36)["gen_ai.embeddings.dimension.count"] == 8
    response = Response(attributes={"openai.response.service_tier": "default"})
    assert response_attributes(response) == {"openai.response.service_tier": "default"}
