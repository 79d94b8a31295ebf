"""The prompt-style InvokeModel families, as Bedrock's model-parameter pages document their bodies."""

from __future__ import annotations

from typing import Any

from genotel.core.model import Usage

from .family import Outputs, PromptFamily, count


def _counts(input_tokens: Any, output_tokens: Any) -> Usage | None:
    input_tokens, output_tokens = count(input_tokens), count(output_tokens)
    if input_tokens is None and output_tokens is None:
        return None
    return Usage(input_tokens, output_tokens)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _given(**counts: Any) -> dict[str, int]:
    given = {key: count(value) for key, value in counts.items()}
    return {key: value for key, value in given.items() if value is not None}


# Amazon Titan Text: {"inputText", "textGenerationConfig": {...}} -> {"results": [{"outputText", ...}]}.
def _titan_outputs(body: dict[str, Any]) -> Outputs:
    return [(result.get("outputText"), result.get("completionReason")) for result in _list(body.get("results"))]


def _titan_usage(body: dict[str, Any]) -> Usage | None:
    results = _list(body.get("results"))
    output = sum(count(r.get("tokenCount")) or 0 for r in results) if any("tokenCount" in r for r in results) else None
    return _counts(body.get("inputTextTokenCount"), output)


TITAN = PromptFamily(
    name="amazon.titan",
    prompt_key="inputText",
    keys={
        "max_tokens": ("textGenerationConfig.maxTokenCount",),
        "temperature": ("textGenerationConfig.temperature",),
        "top_p": ("textGenerationConfig.topP",),
        "stop_sequences": ("textGenerationConfig.stopSequences",),
    },
    outputs=_titan_outputs,
    usage=_titan_usage,
    chunk=lambda chunk: [(chunk.get("index") or 0, chunk.get("outputText"), chunk.get("completionReason"))],
    chunk_usage=lambda chunk: _given(
        input=chunk.get("inputTextTokenCount"), output=chunk.get("totalOutputTextTokenCount")
    ),
)

# Meta Llama: {"prompt", "max_gen_len", ...}
#   -> {"generation", "prompt_token_count", "generation_token_count", "stop_reason"}.
LLAMA = PromptFamily(
    name="meta.llama",
    prompt_key="prompt",
    keys={"max_tokens": ("max_gen_len",), "temperature": ("temperature",), "top_p": ("top_p",)},
    outputs=lambda body: [(body.get("generation"), body.get("stop_reason"))],
    usage=lambda body: _counts(body.get("prompt_token_count"), body.get("generation_token_count")),
    chunk=lambda chunk: [(0, chunk.get("generation"), chunk.get("stop_reason"))],
    chunk_usage=lambda chunk: _given(input=chunk.get("prompt_token_count"), output=chunk.get("generation_token_count")),
)

# Mistral text completion: {"prompt", "max_tokens", "stop", ...} -> {"outputs": [{"text", "stop_reason"}]}.
MISTRAL_TEXT = PromptFamily(
    name="mistral.text",
    prompt_key="prompt",
    keys={
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "top_k": ("top_k",),
        "stop_sequences": ("stop",),
    },
    outputs=lambda body: [(out.get("text"), out.get("stop_reason")) for out in _list(body.get("outputs"))],
    chunk=lambda chunk: [
        (i, out.get("text"), out.get("stop_reason")) for i, out in enumerate(_list(chunk.get("outputs")))
    ],
)


# DeepSeek (R1): {"prompt", "max_tokens", "stop", ...} -> {"choices": [{"text", "stop_reason"}]}.
# Imported models and Marketplace endpoints answer the same prompt in the OpenAI completions shape:
# {"id", "choices": [{"text", "finish_reason"}], "usage": {"prompt_tokens", "completion_tokens"}}.
def _choice_finish(choice: dict[str, Any]) -> Any:
    return choice.get("stop_reason") or choice.get("finish_reason")


def _completions_usage(body: dict[str, Any]) -> Usage | None:
    usage = body.get("usage")
    return _counts(usage.get("prompt_tokens"), usage.get("completion_tokens")) if isinstance(usage, dict) else None


DEEPSEEK = PromptFamily(
    name="deepseek",
    prompt_key="prompt",
    keys={
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "stop_sequences": ("stop",),
    },
    outputs=lambda body: [(out.get("text"), _choice_finish(out)) for out in _list(body.get("choices"))],
    usage=_completions_usage,
    response_id=lambda body: body.get("id") or None,  # an empty id is no id
    chunk=lambda chunk: [
        (i, out.get("text"), _choice_finish(out)) for i, out in enumerate(_list(chunk.get("choices")))
    ],
)

# Anthropic Claude text completions: {"prompt": "\n\nHuman: ...\n\nAssistant:", "max_tokens_to_sample"}
#   -> {"completion", "stop_reason"}.
CLAUDE_TEXT = PromptFamily(
    name="anthropic.text",
    prompt_key="prompt",
    keys={
        "max_tokens": ("max_tokens_to_sample",),
        "temperature": ("temperature",),
        "top_p": ("top_p",),
        "top_k": ("top_k",),
        "stop_sequences": ("stop_sequences",),
    },
    outputs=lambda body: [(body.get("completion"), body.get("stop_reason"))],
    chunk=lambda chunk: [(0, chunk.get("completion"), chunk.get("stop_reason"))],
)


# Cohere Command: {"prompt", "max_tokens", "p", "k", "num_generations"}
#   -> {"id", "generations": [{"text", "finish_reason"}]}.
def _cohere_chunk(chunk: dict[str, Any]) -> list[tuple[int, Any, Any]]:
    if "generations" in chunk:  # a whole response in one chunk
        return [(i, g.get("text"), g.get("finish_reason")) for i, g in enumerate(_list(chunk["generations"]))]
    return [(chunk.get("index") or 0, chunk.get("text"), chunk.get("finish_reason"))]


COHERE_TEXT = PromptFamily(
    name="cohere.command",
    prompt_key="prompt",
    keys={
        "max_tokens": ("max_tokens",),
        "temperature": ("temperature",),
        "top_p": ("p",),
        "top_k": ("k",),
        "stop_sequences": ("stop_sequences",),
        "choice_count": ("num_generations",),
    },
    outputs=lambda body: [(g.get("text"), g.get("finish_reason")) for g in _list(body.get("generations"))],
    response_id=lambda body: body.get("id"),
    chunk=_cohere_chunk,
)


# AI21 Jurassic-2: {"prompt", "maxTokens", "numResults", "presencePenalty": {"scale"}} -> {"id", "completions": [...]}.
# The token lists it returns are the provider's own count, not an estimate.
def _jurassic_usage(body: dict[str, Any]) -> Usage | None:
    prompt_tokens = (body.get("prompt") or {}).get("tokens") if isinstance(body.get("prompt"), dict) else None
    completions = _list(body.get("completions"))
    outputs = [(c.get("data") or {}).get("tokens") for c in completions]
    lists = [tokens for tokens in outputs if isinstance(tokens, list)]
    output = sum(len(tokens) for tokens in lists) if outputs and len(lists) == len(outputs) else None
    return _counts(len(prompt_tokens) if isinstance(prompt_tokens, list) else None, output)


JURASSIC = PromptFamily(
    name="ai21.j2",
    prompt_key="prompt",
    keys={
        "max_tokens": ("maxTokens",),
        "temperature": ("temperature",),
        "top_p": ("topP",),
        "stop_sequences": ("stopSequences",),
        "presence_penalty": ("presencePenalty.scale",),
        "frequency_penalty": ("frequencyPenalty.scale",),
        "choice_count": ("numResults",),
    },
    outputs=lambda body: [
        ((c.get("data") or {}).get("text"), (c.get("finishReason") or {}).get("reason"))
        for c in _list(body.get("completions"))
    ],
    usage=_jurassic_usage,
    response_id=lambda body: body.get("id"),
)
