"""InvokeModel and InvokeModelWithResponseStream: one text exchange per family, as Bedrock's
model-parameter pages document each body, non-stream and stream.

Every family answers ``HELLO`` to ``PROMPT``; a ``Case`` says what the span must show besides:
operation, request parameters, response id/model, raw finish reason and usage (from the body,
the token-count headers, or the stream's invocation metrics, as the family reports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.bedrock import scenarios as s
from tests.bedrock.scenarios import HELLO, PROMPT, SYSTEM, metrics, scenario, tokens

# (raw finish reason, 1.36 gen_ai.choice enum, latest enum)
STOP = ("stop", "stop", "stop")
END_TURN = ("end_turn", "stop", "stop")


@dataclass
class Case:
    family: str
    model: str
    operation: str
    parameters: dict[str, Any]  # gen_ai.request.* attributes
    finish: tuple[str, str, str]
    usage: dict[str, int]  # gen_ai.usage.* attributes
    response: dict[str, Any] = field(default_factory=dict)  # gen_ai.response.id / .model
    system: str | None = None
    stream_usage: dict[str, int] | None = None  # when the stream reports other counts
    stream_response: dict[str, Any] | None = None
    system_in_messages: bool = False  # the chat shape's system message is an input message


CASES: dict[str, Case] = {}
USAGE = {"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 9}


def family(case: Case, body: dict, answer: dict, answer_headers: dict, events: list) -> None:
    CASES[case.family] = case
    scenario(f"invoke_{case.family}", "InvokeModel", case.model, body, answer, answer_headers)
    if events:
        scenario(f"invoke_stream_{case.family}", "InvokeModelWithResponseStream", case.model, body, events)


def pieces(text: str) -> list[str]:
    return [text[:5], text[5:14], text[14:]]  # "Hello", ", CANARY-", "COMPLETION-08b7!"


# --- Anthropic Claude, Messages API (its body usage wins; cache reads count as input) --------------
CLAUDE_MESSAGE_ID = "msg_bdrk_01Jq5cQ2rW3sPzG8v7nX1yLm"
family(
    Case(
        "anthropic_messages", s.CLAUDE, "chat",
        {"gen_ai.request.max_tokens": 256, "gen_ai.request.temperature": 0.2, "gen_ai.request.top_k": 40.0,
         "gen_ai.request.stop_sequences": ["END"]},
        END_TURN,
        {"gen_ai.usage.input_tokens": 22, "gen_ai.usage.output_tokens": 9,
         "gen_ai.usage.cache_read.input_tokens": 8, "gen_ai.usage.cache_creation.input_tokens": 0},
        {"gen_ai.response.id": CLAUDE_MESSAGE_ID, "gen_ai.response.model": "claude-sonnet-4-5-20250929"},
        system=SYSTEM,
    ),
    {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 256, "system": SYSTEM, "temperature": 0.2,
     "top_k": 40, "stop_sequences": ["END"], "messages": [{"role": "user", "content": PROMPT}]},
    {"id": CLAUDE_MESSAGE_ID, "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
     "content": [{"type": "text", "text": HELLO}], "stop_reason": "end_turn", "stop_sequence": None,
     "usage": {"input_tokens": 14, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 8, "output_tokens": 9}},
    tokens(14, 9, cache_read=8, cache_write=0),
    [("chunk", {"type": "message_start", "message": {"id": CLAUDE_MESSAGE_ID, "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": None, "stop_sequence": None,
      "usage": {"input_tokens": 14, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 8,
                "output_tokens": 1}}}),
     ("chunk", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
     *[("chunk", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}})
       for p in pieces(HELLO)],
     ("chunk", {"type": "content_block_stop", "index": 0}),
     ("chunk", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 9}}),
     ("chunk", {"type": "message_stop", **metrics(22, 9)})],
)  # fmt: skip

# --- Anthropic Claude, legacy text completions (usage only in the headers) -------------------------
CLAUDE_PROMPT = f"\n\nHuman: {PROMPT}\n\nAssistant:"
family(
    Case("anthropic_text", s.CLAUDE_V2, "text_completion",
         {"gen_ai.request.max_tokens": 200, "gen_ai.request.temperature": 0.5, "gen_ai.request.top_p": 0.9,
          "gen_ai.request.stop_sequences": ["\n\nHuman:"]},
         ("stop_sequence", "stop", "stop"), USAGE),
    {"prompt": CLAUDE_PROMPT, "max_tokens_to_sample": 200, "temperature": 0.5, "top_p": 0.9,
     "stop_sequences": ["\n\nHuman:"]},
    {"type": "completion", "completion": HELLO, "stop_reason": "stop_sequence", "stop": "\n\nHuman:"},
    tokens(14, 9),
    [*[("chunk", {"completion": p, "stop_reason": None, "stop": None}) for p in pieces(HELLO)],
     ("chunk", {"completion": "", "stop_reason": "stop_sequence", "stop": "\n\nHuman:", **metrics(14, 9)})],
)  # fmt: skip

# --- Amazon Nova (messages-v1: Converse's blocks; body usage) ---------------------------------------
family(
    Case("nova", s.NOVA, "chat",
         {"gen_ai.request.max_tokens": 300, "gen_ai.request.temperature": 0.7, "gen_ai.request.top_p": 0.9,
          "gen_ai.request.top_k": 20.0},
         END_TURN, USAGE, system=SYSTEM),
    {"schemaVersion": "messages-v1", "system": [{"text": SYSTEM}],
     "messages": [{"role": "user", "content": [{"text": PROMPT}]}],
     "inferenceConfig": {"maxTokens": 300, "temperature": 0.7, "topP": 0.9, "topK": 20}},
    {"output": {"message": {"role": "assistant", "content": [{"text": HELLO}]}}, "stopReason": "end_turn",
     "usage": {"inputTokens": 14, "outputTokens": 9, "totalTokens": 23, "cacheReadInputTokenCount": 0,
               "cacheWriteInputTokenCount": 0}},
    tokens(14, 9),
    [("chunk", {"messageStart": {"role": "assistant"}}),
     *[("chunk", {"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}}) for p in pieces(HELLO)],
     ("chunk", {"contentBlockStop": {"contentBlockIndex": 0}}),
     ("chunk", {"messageStop": {"stopReason": "end_turn"}}),
     ("chunk", {"metadata": {"usage": {"inputTokens": 14, "outputTokens": 9}, "metrics": {},
                             "trace": {}}, **metrics(14, 9)})],
)  # fmt: skip
NOVA_CACHE = {"gen_ai.usage.cache_read.input_tokens": 0, "gen_ai.usage.cache_creation.input_tokens": 0}
CASES["nova"].usage = {**USAGE, **NOVA_CACHE}
CASES["nova"].stream_usage = USAGE

# --- Amazon Titan Text (its own counts, in the body and in each chunk) ------------------------------
family(
    Case("titan", s.TITAN, "text_completion",
         {"gen_ai.request.max_tokens": 512, "gen_ai.request.temperature": 0.0, "gen_ai.request.top_p": 0.9,
          "gen_ai.request.stop_sequences": ["User:"]},
         ("FINISH", "stop", "stop"), USAGE),
    {"inputText": PROMPT,
     "textGenerationConfig": {"maxTokenCount": 512, "temperature": 0, "topP": 0.9, "stopSequences": ["User:"]}},
    {"inputTextTokenCount": 14, "results": [{"tokenCount": 9, "outputText": HELLO, "completionReason": "FINISH"}]},
    tokens(14, 9),
    [("chunk", {"outputText": pieces(HELLO)[0], "index": 0, "totalOutputTextTokenCount": 2, "completionReason": None,
                "inputTextTokenCount": 14}),
     ("chunk", {"outputText": pieces(HELLO)[1], "index": 0, "totalOutputTextTokenCount": 6, "completionReason": None}),
     ("chunk", {"outputText": pieces(HELLO)[2], "index": 0, "totalOutputTextTokenCount": 9,
                "completionReason": "FINISH", **metrics(14, 9)})],
)  # fmt: skip

# --- Meta Llama (its own counts) -------------------------------------------------------------------
LLAMA_PROMPT = f"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n{PROMPT}<|eot_id|>"
family(
    Case("llama", s.LLAMA, "text_completion",
         {"gen_ai.request.max_tokens": 128, "gen_ai.request.temperature": 0.5, "gen_ai.request.top_p": 0.9},
         STOP, USAGE),
    {"prompt": LLAMA_PROMPT, "max_gen_len": 128, "temperature": 0.5, "top_p": 0.9},
    {"generation": HELLO, "prompt_token_count": 14, "generation_token_count": 9, "stop_reason": "stop"},
    tokens(14, 9),
    [("chunk", {"generation": pieces(HELLO)[0], "prompt_token_count": 14, "generation_token_count": 2,
                "stop_reason": None}),
     ("chunk", {"generation": pieces(HELLO)[1], "prompt_token_count": None, "generation_token_count": 6,
                "stop_reason": None}),
     ("chunk", {"generation": pieces(HELLO)[2], "prompt_token_count": None, "generation_token_count": 9,
                "stop_reason": "stop", **metrics(14, 9)})],
)  # fmt: skip

# --- Mistral text completion (headers; the stream's invocation metrics) ------------------------------
family(
    Case("mistral_text", s.MISTRAL, "text_completion",
         {"gen_ai.request.max_tokens": 100, "gen_ai.request.temperature": 0.5, "gen_ai.request.top_p": 0.9,
          "gen_ai.request.top_k": 50.0, "gen_ai.request.stop_sequences": ["</s>"]},
         STOP, USAGE),
    {"prompt": f"<s>[INST] {PROMPT} [/INST]", "max_tokens": 100, "stop": ["</s>"], "temperature": 0.5,
     "top_p": 0.9, "top_k": 50},
    {"outputs": [{"text": HELLO, "stop_reason": "stop"}]},
    tokens(14, 9),
    [*[("chunk", {"outputs": [{"text": p, "stop_reason": None}]}) for p in pieces(HELLO)[:2]],
     ("chunk", {"outputs": [{"text": pieces(HELLO)[2], "stop_reason": "stop"}], **metrics(14, 9)})],
)  # fmt: skip

# --- Mistral chat (Mistral Large 2407: the chat shape with stop_reason) ------------------------------
family(
    Case("mistral_chat", s.MISTRAL_LARGE, "chat",
         {"gen_ai.request.max_tokens": 100, "gen_ai.request.temperature": 0.3}, STOP, USAGE),
    {"messages": [{"role": "user", "content": PROMPT}], "max_tokens": 100, "temperature": 0.3},
    {"choices": [{"index": 0, "message": {"role": "assistant", "content": HELLO}, "stop_reason": "stop"}]},
    tokens(14, 9),
    [("chunk", {"choices": [{"index": 0, "message": {"role": "assistant", "content": pieces(HELLO)[0]},
                             "stop_reason": None}]}),
     ("chunk", {"choices": [{"index": 0, "message": {"role": "assistant", "content": pieces(HELLO)[1]},
                             "stop_reason": None}]}),
     ("chunk", {"choices": [{"index": 0, "message": {"role": "assistant", "content": pieces(HELLO)[2]},
                             "stop_reason": "stop"}], **metrics(14, 9)})],
)  # fmt: skip

# --- Cohere Command (legacy generate) ----------------------------------------------------------------
COHERE_ID = "3bd2b4a4-7e35-4a5e-bb30-2d7a0f1c9e11"
family(
    Case("cohere_command", s.COHERE, "text_completion",
         {"gen_ai.request.max_tokens": 100, "gen_ai.request.temperature": 0.8, "gen_ai.request.top_p": 0.75,
          "gen_ai.request.top_k": 5.0},
         ("COMPLETE", "stop", "stop"), USAGE, {"gen_ai.response.id": COHERE_ID}),
    {"prompt": PROMPT, "max_tokens": 100, "temperature": 0.8, "p": 0.75, "k": 5},
    {"id": COHERE_ID, "prompt": PROMPT,
     "generations": [{"id": "9c1a2b3c-0d4e-4f50-8a61-7b2c3d4e5f60", "text": HELLO, "finish_reason": "COMPLETE"}]},
    tokens(14, 9),
    [*[("chunk", {"text": p, "is_finished": False}) for p in pieces(HELLO)],
     ("chunk", {"is_finished": True, "finish_reason": "COMPLETE", **metrics(14, 9)})],
)  # fmt: skip
CASES["cohere_command"].stream_response = {}

# --- Cohere Command R (chat: message, preamble, chat_history) ----------------------------------------
COMMAND_R_ID = "5f8f0e2a-9b1d-4c3e-8f7a-6d5c4b3a2e1f"
family(
    Case("cohere_command_r", s.COMMAND_R, "chat",
         {"gen_ai.request.max_tokens": 200, "gen_ai.request.temperature": 0.3, "gen_ai.request.seed": 7},
         ("COMPLETE", "stop", "stop"), USAGE, {"gen_ai.response.id": COMMAND_R_ID}, system=SYSTEM),
    {"message": PROMPT, "preamble": SYSTEM, "max_tokens": 200, "temperature": 0.3, "seed": 7},
    {"response_id": COMMAND_R_ID, "text": HELLO, "generation_id": "0b6b1f4e-2c3d-4e5f-9a0b-1c2d3e4f5a6b",
     "chat_history": [{"role": "USER", "message": PROMPT}, {"role": "CHATBOT", "message": HELLO}],
     "finish_reason": "COMPLETE"},
    tokens(14, 9),
    [("chunk", {"is_finished": False, "event_type": "stream-start",
                "generation_id": "0b6b1f4e-2c3d-4e5f-9a0b-1c2d3e4f5a6b"}),
     *[("chunk", {"is_finished": False, "event_type": "text-generation", "text": p}) for p in pieces(HELLO)],
     ("chunk", {"is_finished": True, "event_type": "stream-end", "finish_reason": "COMPLETE",
                "response": {"response_id": COMMAND_R_ID, "text": HELLO,
                             "generation_id": "0b6b1f4e-2c3d-4e5f-9a0b-1c2d3e4f5a6b", "finish_reason": "COMPLETE"},
                **metrics(14, 9)})],
)  # fmt: skip

# --- AI21 Jamba (the chat-completions shape, with usage) --------------------------------------------
JAMBA_ID = "chatcmpl-2f3b6c1e-8a4d-4b7e-9c2f-1d0e3a5b7c9d"
family(
    Case("jamba", s.JAMBA, "chat",
         {"gen_ai.request.max_tokens": 200, "gen_ai.request.temperature": 0.4, "gen_ai.request.top_p": 0.9},
         STOP, USAGE, {"gen_ai.response.id": JAMBA_ID, "gen_ai.response.model": "jamba-1.5-large"}, system=SYSTEM),
    {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}], "max_tokens": 200,
     "temperature": 0.4, "top_p": 0.9},
    {"id": JAMBA_ID, "model": "jamba-1.5-large",
     "choices": [{"index": 0, "message": {"role": "assistant", "content": HELLO, "tool_calls": None},
                  "finish_reason": "stop"}],
     "usage": {"prompt_tokens": 14, "completion_tokens": 9, "total_tokens": 23}},
    tokens(14, 9),
    [("chunk", {"id": JAMBA_ID, "model": "jamba-1.5-large", "choices": [{"index": 0, "delta": {"role": "assistant"},
                "finish_reason": None}], "usage": None}),
     *[("chunk", {"id": JAMBA_ID, "model": "jamba-1.5-large",
                  "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}], "usage": None})
       for p in pieces(HELLO)],
     ("chunk", {"id": JAMBA_ID, "model": "jamba-1.5-large",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 14, "completion_tokens": 9, "total_tokens": 23}, **metrics(14, 9)})],
)  # fmt: skip
CASES["jamba"].system_in_messages = True

# --- AI21 Jurassic-2 (no streaming; token lists in the body) ----------------------------------------
family(
    Case("jurassic", s.JURASSIC, "text_completion",
         {"gen_ai.request.max_tokens": 50, "gen_ai.request.temperature": 0.7, "gen_ai.request.presence_penalty": 0.5},
         ("endoftext", "stop", "stop"), {"gen_ai.usage.input_tokens": 3, "gen_ai.usage.output_tokens": 2},
         {"gen_ai.response.id": "1234"}),
    {"prompt": PROMPT, "maxTokens": 50, "temperature": 0.7, "presencePenalty": {"scale": 0.5}},
    {"id": 1234,
     "prompt": {"text": PROMPT, "tokens": [{"generatedToken": {"token": f"▁t{i}"}} for i in range(3)]},
     "completions": [{"data": {"text": HELLO, "tokens": [{"generatedToken": {"token": "▁Hello"}},
                                                          {"generatedToken": {"token": "!"}}]},
                      "finishReason": {"reason": "endoftext"}}]},
    {},
    [],
)  # fmt: skip

# --- DeepSeek R1 (prompt in, choices out; headers) ---------------------------------------------------
family(
    Case("deepseek", s.DEEPSEEK, "text_completion",
         {"gen_ai.request.max_tokens": 512, "gen_ai.request.temperature": 0.6, "gen_ai.request.top_p": 0.95},
         STOP, USAGE),
    {"prompt": f"<｜begin▁of▁sentence｜><｜User｜>{PROMPT}<｜Assistant｜><think>\n", "max_tokens": 512,  # noqa: RUF001
     "temperature": 0.6, "top_p": 0.95},
    {"choices": [{"text": HELLO, "stop_reason": "stop"}]},
    tokens(14, 9),
    [*[("chunk", {"choices": [{"text": p, "stop_reason": None}]}) for p in pieces(HELLO)[:2]],
     ("chunk", {"choices": [{"text": pieces(HELLO)[2], "stop_reason": "stop"}], **metrics(14, 9)})],
)  # fmt: skip

# --- OpenAI gpt-oss (chat completions shape) ---------------------------------------------------------
OPENAI_ID = "chatcmpl-7c5e0b2a41d34f8e9a6b1c2d3e4f5a6b"
family(
    Case("openai_chat", s.GPT_OSS, "chat",
         {"gen_ai.request.max_tokens": 256, "gen_ai.request.temperature": 0.2},
         STOP, USAGE, {"gen_ai.response.id": OPENAI_ID, "gen_ai.response.model": "openai.gpt-oss-120b-1:0"}),
    {"messages": [{"role": "user", "content": PROMPT}], "max_completion_tokens": 256, "temperature": 0.2},
    {"id": OPENAI_ID, "object": "chat.completion", "created": 1759741200, "model": "openai.gpt-oss-120b-1:0",
     "choices": [{"index": 0, "message": {"role": "assistant", "content": HELLO}, "finish_reason": "stop"}],
     "usage": {"prompt_tokens": 14, "completion_tokens": 9, "total_tokens": 23}},
    tokens(14, 9),
    [*[("chunk", {"id": OPENAI_ID, "object": "chat.completion.chunk", "created": 1759741200,
                  "model": "openai.gpt-oss-120b-1:0",
                  "choices": [{"index": 0, "delta": {"role": "assistant", "content": p}, "finish_reason": None}]})
       for p in pieces(HELLO)],
     ("chunk", {"id": OPENAI_ID, "object": "chat.completion.chunk", "created": 1759741200,
                "model": "openai.gpt-oss-120b-1:0", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                **metrics(14, 9)})],
)  # fmt: skip

# --- An application inference profile ARN: no family in the id, the body shape tells --------------
family(
    Case("profile_llama", s.PROFILE, "text_completion", {"gen_ai.request.max_tokens": 128}, STOP, USAGE),
    {"prompt": LLAMA_PROMPT, "max_gen_len": 128},
    {"generation": HELLO, "prompt_token_count": 14, "generation_token_count": 9, "stop_reason": "stop"},
    tokens(14, 9),
    [],
)  # fmt: skip

# --- A body of no known family: a complete span, usage from the headers, no content ----------------
UNKNOWN_BODY = {"input": PROMPT, "settings": {"length": 64}}
scenario("invoke_unknown", "InvokeModel", "acme.future-model-v1:0", UNKNOWN_BODY, {"answer": HELLO}, tokens(14, 9))
scenario("invoke_stream_unknown", "InvokeModelWithResponseStream", "acme.future-model-v1:0", UNKNOWN_BODY,
         [("chunk", {"answer": HELLO, **metrics(14, 9)})])  # fmt: skip

# --- Embedding models: Titan (its own input count), Cohere Embed (headers); vectors never recorded --
EMBED_TEXT = "CANARY-PROMPT-5d1e is a text to embed."
scenario(
    "invoke_titan_embed", "InvokeModel", "amazon.titan-embed-text-v2:0",
    {"inputText": EMBED_TEXT, "dimensions": 4, "normalize": True},
    {"embedding": [0.0123, -0.0456, 0.0789, 0.0012], "embeddingsByType": {"float": [0.0123, -0.0456, 0.0789, 0.0012]},
     "inputTextTokenCount": 11},
    tokens(11, 0),
)  # fmt: skip
COHERE_EMBED_ID = "8a7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e"
scenario(
    "invoke_cohere_embed", "InvokeModel", "cohere.embed-english-v3",
    {"texts": [EMBED_TEXT, "A second text."], "input_type": "search_document", "truncate": "END"},
    {"embeddings": [[0.0211, -0.0312], [0.0412, 0.0113]], "id": COHERE_EMBED_ID, "response_type": "embeddings_floats",
     "texts": [EMBED_TEXT.lower(), "a second text."]},
    tokens(15, 0),
)  # fmt: skip
