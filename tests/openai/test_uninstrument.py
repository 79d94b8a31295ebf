"""OpenAIInstrumentor lifecycle: its patch table; restore and re-instrument: the shared LifecycleSuite."""

from __future__ import annotations

from genotel.core.testing import LifecycleSuite, own_attributes
from genotel.instrumentation.openai import OpenAIInstrumentor
from genotel.instrumentation.openai.patch_table import ENDPOINTS

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello to CANARY-PROMPT-7f3a."}]}
CHAT_MODULE = "openai.resources.chat.completions"
RESPONSES_MODULE = "openai.resources.responses"
PATCHED = {
    (CHAT_MODULE, "Completions.create", False),
    (CHAT_MODULE, "AsyncCompletions.create", True),
    (CHAT_MODULE, "Completions.parse", False),
    (CHAT_MODULE, "AsyncCompletions.parse", True),
    ("openai.resources.completions", "Completions.create", False),
    ("openai.resources.completions", "AsyncCompletions.create", True),
    ("openai.resources.embeddings", "Embeddings.create", False),
    ("openai.resources.embeddings", "AsyncEmbeddings.create", True),
    (RESPONSES_MODULE, "Responses.create", False),
    (RESPONSES_MODULE, "AsyncResponses.create", True),
    (RESPONSES_MODULE, "Responses.parse", False),
    (RESPONSES_MODULE, "AsyncResponses.parse", True),
}


def test_patch_table_names_the_sdk_methods():
    """The public methods genotel wraps, each present in both supported SDK versions (1.92 and latest)."""
    assert {(endpoint.module, endpoint.attribute, endpoint.is_async) for endpoint in ENDPOINTS} == PATCHED
    assert len(own_attributes(ENDPOINTS)) == len(ENDPOINTS) == 12


class TestLifecycle(LifecycleSuite):
    instrumentor_class = OpenAIInstrumentor
    endpoints = ENDPOINTS
    cassette = "chat_text"
    span_name = "chat gpt-4o-mini"
    provider_latest = "openai"

    def make_call(self, sdk):
        return sdk.chat.completions.create(**CHAT)

    def check_result(self, result):
        assert result.id == "chatcmpl-BoR7daYhW0CB2uPtwpusxzQUhKFMx"
        assert result.choices[0].message.content == "Hello, CANARY-COMPLETION-91c2!"


def test_instrumentation_dependencies_name_the_sdk():
    assert list(OpenAIInstrumentor().instrumentation_dependencies()) == ["openai >= 1.92.0"]
