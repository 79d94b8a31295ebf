"""Together AI completions (``text_completion``, streamed or not) and embeddings, sync and async, all eight modes."""

from __future__ import annotations

import pytest
import together

from tests.chat_content import exchange
from tests.together.scenarios import answered, base, check, expected

CMODEL = "meta-llama/Llama-3.2-3B-Instruct-Turbo"
CPROMPT = "Complete the greeting for CANARY-PROMPT-7f3a: Hello,"
ANSWER = " my friend CANARY-COMPLETION-91c2"


def test_completions(otel, mode, instrument, call, replay):
    with replay("completions_text"):
        completion = call(
            lambda sdk: sdk.completions.create(model=CMODEL, prompt=CPROMPT, max_tokens=12, temperature=0.7, top_k=50)
        )
    assert completion.choices[0].text == ANSWER
    attributes = base(
        "text_completion",
        CMODEL,
        **{"gen_ai.request.max_tokens": 12, "gen_ai.request.temperature": 0.7, "gen_ai.request.top_k": 50},
        **answered("oFx3hJ6-4Yz4kd-98e3c9f0a1b2c3d4", CMODEL, "length", 15, 12),
    )
    content = exchange([("user", CPROMPT)], [{"type": "text", "content": ANSWER}], "length")
    check(otel, mode, expected(f"text_completion {CMODEL}", attributes, content))


def test_completions_stream(otel, mode, instrument, call, replay):
    with replay("completions_stream"):
        chunks = call(lambda sdk: sdk.completions.create(model=CMODEL, prompt=CPROMPT, stream=True), into=[])
    assert "".join(chunk.choices[0].text for chunk in chunks) == ANSWER
    assert isinstance(call.returned, together.AsyncStream if call.is_async else together.Stream)
    attributes = base("text_completion", CMODEL, **answered("oFx3iL9-57Tk2M-98e3caf1b2c3d4e5", CMODEL, "eos", 15, 5))
    content = exchange([("user", CPROMPT)], [{"type": "text", "content": ANSWER}], "eos", "stop")
    check(otel, mode, expected(f"text_completion {CMODEL}", attributes, content, stream=True))


@pytest.mark.parametrize("inputs", [["Hello CANARY-PROMPT-7f3a", "Goodbye"], "Hello CANARY-PROMPT-7f3a"])
def test_embeddings(otel, mode, instrument, call, replay, inputs):
    with replay("embeddings"):
        response = call(lambda sdk: sdk.embeddings.create(model="BAAI/bge-base-en-v1.5", input=inputs))
    assert len(response.data) == 2
    texts = [inputs] if isinstance(inputs, str) else inputs
    content = {
        "legacy": {
            key: value
            for index, text in enumerate(texts)
            for key, value in ((f"gen_ai.prompt.{index}.role", "user"), (f"gen_ai.prompt.{index}.content", text))
        },
        "events": [("gen_ai.user.message", {"content": text}) for text in texts],
        "latest": {
            "gen_ai.input.messages": [{"role": "user", "parts": [{"type": "text", "content": t}]} for t in texts]
        },
    }
    attributes = base("embeddings", "BAAI/bge-base-en-v1.5", **{"gen_ai.response.model": "BAAI/bge-base-en-v1.5"})
    check(otel, mode, expected("embeddings BAAI/bge-base-en-v1.5", attributes, content))
