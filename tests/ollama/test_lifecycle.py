"""OllamaInstrumentor lifecycle: the patch table, the module functions rebound and restored, the shared
LifecycleSuite, converters on plain dicts (older SDKs answered with dicts), and zero-code loading."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import ollama
import pytest

from genotel.core.model import ReasoningPart, TextPart, ToolCallPart
from genotel.core.testing import LifecycleSuite, own_attributes
from genotel.instrumentation.ollama import OllamaInstrumentor
from genotel.instrumentation.ollama.embeddings import EmbedAdapter
from genotel.instrumentation.ollama.generation import ChatAdapter, GenerationAccumulator
from genotel.instrumentation.ollama.patch_table import ENDPOINTS
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.ollama.scenarios import HELLO, MESSAGES, MODEL, OPTIONS, TEXT_EXPECTED

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "ollama"
FUNCTIONS = ("chat", "generate", "embed", "embeddings")


def test_patch_table_names_the_sdk_methods():
    assert {(e.module, e.attribute, e.is_async) for e in ENDPOINTS} == {
        ("ollama", f"{client}.{name}", client == "AsyncClient")
        for client in ("Client", "AsyncClient")
        for name in FUNCTIONS
    }
    assert len(own_attributes(ENDPOINTS)) == 8


class TestLifecycle(LifecycleSuite):
    instrumentor_class = OllamaInstrumentor
    endpoints = ENDPOINTS
    cassette = "chat_text"
    span_name = f"chat {MODEL}"
    provider_latest = "ollama"

    def make_call(self, sdk):
        return sdk.chat(MODEL, MESSAGES, options=OPTIONS)

    def check_result(self, result):
        assert result.message.content == HELLO

    def extra_patches(self):
        return {f"ollama.{name}": getattr(ollama, name) for name in FUNCTIONS}

    def test_module_functions_are_rebound_while_instrumented(self, instrumentor, otel):
        originals = {name: getattr(ollama, name) for name in FUNCTIONS}
        instrumentor.instrument(**otel.providers)
        for name in FUNCTIONS:
            current = getattr(ollama, name)
            assert current is not originals[name]
            assert current.__self__ is ollama._client  # still the default client's method
        instrumentor.uninstrument()
        assert {name: getattr(ollama, name) for name in FUNCTIONS} == originals

    def test_a_function_the_application_replaced_is_left_alone(self, instrumentor, otel, monkeypatch):
        def mine(*args, **kwargs):
            return "mine"

        monkeypatch.setattr(ollama, "chat", mine)
        instrumentor.instrument(**otel.providers)
        assert ollama.chat is mine
        instrumentor.uninstrument()
        assert ollama.chat is mine


def test_instrumentation_dependencies_name_the_sdk():
    assert list(OllamaInstrumentor().instrumentation_dependencies()) == ["ollama >= 0.5.0"]


# --- older SDKs answered with plain dicts: the converters read them alike ---------------------------------------


def test_converters_read_dict_responses():
    chat = {
        "model": MODEL,
        "message": {"role": "assistant", "content": "Hi", "thinking": "Hmm", "tool_calls": [
            {"function": {"name": "f", "arguments": {"x": 1}}}
        ]},
        "done": True,
        "done_reason": "stop",
        "eval_count": 2,
    }  # fmt: skip
    response = ChatAdapter().to_response(chat, True)
    assert response.model == MODEL and response.usage.input_tokens == 0 and response.usage.output_tokens == 2
    (message,) = response.messages
    assert message.parts == [ReasoningPart("Hmm"), TextPart("Hi"), ToolCallPart(None, "f", {"x": 1})]
    assert message.finish_reason == "stop"
    accumulator = GenerationAccumulator(True, "message")
    for chunk in ({"model": MODEL, "message": {"role": "assistant", "content": "H"}, "done": False}, chat):
        accumulator.add(chunk)
    assert accumulator.response().messages[0].parts[1] == TextPart("HHi")
    embed = EmbedAdapter().to_response({"model": "m", "embeddings": [[0.1]], "prompt_eval_count": 3}, False)
    assert (embed.model, embed.usage.input_tokens, embed.usage.output_tokens) == ("m", 3, None)


# --- zero-code ----------------------------------------------------------------------------------------------

SCRIPT = """
import sys

import ollama
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    response = ollama.chat({model!r}, {messages!r}, options={options!r})
print("completion:", response.message.content, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_ollama"]
    assert entry.value == "genotel.instrumentation.ollama:OllamaInstrumentor"
    assert entry.load() is OllamaInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [({}, False), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_traces_the_module_function(tmp_path, extra_env, with_content):
    script = SCRIPT.format(cassette=str(CASSETTES / "chat_text.yaml"), model=MODEL, messages=MESSAGES, options=OPTIONS)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = [span for span in console_spans(result.stdout) if span["name"] == f"chat {MODEL}"]
    assert span["kind"] == "SpanKind.CLIENT"
    want = {**TEXT_EXPECTED.base, **(TEXT_EXPECTED.legacy if with_content else {})}
    assert span["attributes"] == want
    if not with_content:
        assert "CANARY" not in result.stdout
