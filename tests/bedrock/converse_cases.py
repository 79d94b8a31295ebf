"""Converse and ConverseStream exchanges: text with a system prompt and cached tokens; a tool turn
with reasoning, an image, a document and an earlier tool result; errors, in a response and in a stream."""

from __future__ import annotations

import base64

from tests.bedrock import scenarios as s
from tests.bedrock.features import CACHE_COUNTS
from tests.bedrock.scenarios import HELLO, PROMPT, SYSTEM, scenario

CONVERSE_TEXT = {
    "system": [{"text": SYSTEM}],
    "messages": [{"role": "user", "content": [{"text": PROMPT}]}],
    "inferenceConfig": {"maxTokens": 256, "temperature": 0.2, "topP": 0.9, "stopSequences": ["END"]},
    "additionalModelRequestFields": {"top_k": 40},
}
CONVERSE_USAGE = {
    "inputTokens": 14, "outputTokens": 9, "totalTokens": 31, "cacheReadInputTokens": 8, "cacheWriteInputTokens": 0,
}  # fmt: skip
TEXT_PARAMETERS = {
    "gen_ai.request.max_tokens": 256,
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.top_p": 0.9,
    "gen_ai.request.top_k": 40.0,
    "gen_ai.request.stop_sequences": ["END"],
}
TEXT_USAGE = {
    "gen_ai.usage.input_tokens": 22,
    "gen_ai.usage.output_tokens": 9,
    "gen_ai.usage.cache_read.input_tokens": 8,
    "gen_ai.usage.cache_creation.input_tokens": 0,
}
# What reaches the span: without the cache counts in botocore's model, the result carries input and output only.
TEXT_USAGE_KEPT = TEXT_USAGE if CACHE_COUNTS else {"gen_ai.usage.input_tokens": 14, "gen_ai.usage.output_tokens": 9}

scenario(
    "converse_text", "Converse", s.CLAUDE, CONVERSE_TEXT,
    {"output": {"message": {"role": "assistant", "content": [{"text": HELLO}]}}, "stopReason": "end_turn",
     "usage": CONVERSE_USAGE, "metrics": {"latencyMs": 412}},
)  # fmt: skip
scenario(
    "converse_stream_text", "ConverseStream", s.CLAUDE, CONVERSE_TEXT,
    [("messageStart", {"role": "assistant"}),
     *[("contentBlockDelta", {"delta": {"text": piece}, "contentBlockIndex": 0})
       for piece in (HELLO[:5], HELLO[5:14], HELLO[14:])],
     ("contentBlockStop", {"contentBlockIndex": 0}),
     ("messageStop", {"stopReason": "end_turn"}),
     ("metadata", {"usage": CONVERSE_USAGE, "metrics": {"latencyMs": 412}})],
)  # fmt: skip
# The model id as a cross-region inference profile ARN, kept exactly as passed.
scenario(
    "converse_arn", "Converse", s.CLAUDE_ARN, {"messages": [{"role": "user", "content": [{"text": PROMPT}]}]},
    {"output": {"message": {"role": "assistant", "content": [{"text": HELLO}]}}, "stopReason": "end_turn",
     "usage": {"inputTokens": 14, "outputTokens": 9, "totalTokens": 23}, "metrics": {"latencyMs": 390}},
)  # fmt: skip

# --- a tool turn: an earlier call and its result, an image and a document; reasoning, text, a call --
WEATHER_QUESTION = "What's the weather in Paris? CANARY-PROMPT-5d1e"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WEATHER_SPEC = {
    "name": "get_weather",
    "description": "Get the current weather for a city",
    "inputSchema": {"json": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
}
EARLIER_CALL = "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q"
NEW_CALL = "tooluse_Jf2r9BSKT1mQ0sAqHc8R3w"
THINKING = "The user wants Paris weather; call the tool. CANARY-COMPLETION-08b7"
CHECKING = "Let me check Paris for you."
TOOL_REQUEST = {
    "system": [{"text": SYSTEM}, {"cachePoint": {"type": "default"}}],
    "messages": [
        {"role": "user", "content": [{"text": "Is it raining in Lyon?"}]},
        {"role": "assistant", "content": [
            {"toolUse": {"toolUseId": EARLIER_CALL, "name": "get_weather", "input": {"city": "Lyon"}}}]},
        {"role": "user", "content": [
            {"toolResult": {"toolUseId": EARLIER_CALL, "content": [{"json": {"rain": False, "temp_c": 18}}],
                            "status": "success"}},
            {"image": {"format": "png", "source": {"bytes": PNG}}},
            {"document": {"format": "pdf", "name": "forecast", "source": {"bytes": PDF}}},
            {"text": WEATHER_QUESTION}]},
    ],
    "toolConfig": {"tools": [{"toolSpec": WEATHER_SPEC}], "toolChoice": {"auto": {}}},
    "inferenceConfig": {"maxTokens": 1024},
}  # fmt: skip
TOOL_USAGE = {"inputTokens": 512, "outputTokens": 64, "totalTokens": 576}
scenario(
    "converse_tools", "Converse", s.CLAUDE, TOOL_REQUEST,
    {"output": {"message": {"role": "assistant", "content": [
        {"reasoningContent": {"reasoningText": {"text": THINKING, "signature": "EqQBCkYIBxgCKkBsig"}}},
        {"text": CHECKING},
        {"toolUse": {"toolUseId": NEW_CALL, "name": "get_weather", "input": {"city": "Paris"}}}]}},
     "stopReason": "tool_use", "usage": TOOL_USAGE, "metrics": {"latencyMs": 1530}},
)  # fmt: skip
scenario(
    "converse_stream_tools", "ConverseStream", s.CLAUDE, TOOL_REQUEST,
    [("messageStart", {"role": "assistant"}),
     ("contentBlockDelta", {"delta": {"reasoningContent": {"text": THINKING[:20]}}, "contentBlockIndex": 0}),
     ("contentBlockDelta", {"delta": {"reasoningContent": {"text": THINKING[20:]}}, "contentBlockIndex": 0}),
     ("contentBlockDelta", {"delta": {"reasoningContent": {"signature": "EqQBCkYIBxgCKkBsig"}},
                            "contentBlockIndex": 0}),
     ("contentBlockStop", {"contentBlockIndex": 0}),
     ("contentBlockDelta", {"delta": {"text": CHECKING}, "contentBlockIndex": 1}),
     ("contentBlockStop", {"contentBlockIndex": 1}),
     ("contentBlockStart", {"start": {"toolUse": {"toolUseId": NEW_CALL, "name": "get_weather"}},
                            "contentBlockIndex": 2}),
     ("contentBlockDelta", {"delta": {"toolUse": {"input": '{"city": '}}, "contentBlockIndex": 2}),
     ("contentBlockDelta", {"delta": {"toolUse": {"input": '"Paris"}'}}, "contentBlockIndex": 2}),
     ("contentBlockStop", {"contentBlockIndex": 2}),
     ("messageStop", {"stopReason": "tool_use"}),
     ("metadata", {"usage": TOOL_USAGE, "metrics": {"latencyMs": 1530}})],
)  # fmt: skip

# --- errors ------------------------------------------------------------------------------------------
scenario(
    "converse_throttled", "Converse", s.CLAUDE, {"messages": [{"role": "user", "content": [{"text": PROMPT}]}]},
    {"message": "Too many requests, please wait before trying again."},
    {"x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"}, 429,
)  # fmt: skip
scenario(
    "invoke_access_denied", "InvokeModel", s.CLAUDE,
    {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "messages": [{"role": "user", "content": PROMPT}]},
    {"message": "You don't have access to the model with the specified model ID."},
    {"x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/"}, 403,
)  # fmt: skip
scenario(
    "invoke_validation", "InvokeModel", s.LLAMA, {"prompt": PROMPT, "max_gen_len": 100000},
    {"message": "Malformed input request: #/max_gen_len: 100000 is not less or equal to 2048, "
                "please reformat your input and try again."},
    {"x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}, 400,
)  # fmt: skip
# The stream breaks after its first text: the span fails, and keeps what came before.
scenario(
    "converse_stream_throttled", "ConverseStream", s.CLAUDE, CONVERSE_TEXT,
    [("messageStart", {"role": "assistant"}),
     ("contentBlockDelta", {"delta": {"text": HELLO[:5]}, "contentBlockIndex": 0}),
     ("!", "throttlingException", "Too many tokens, please wait before trying again.")],
)  # fmt: skip
scenario(
    "invoke_stream_model_error", "InvokeModelWithResponseStream", s.LLAMA,
    {"prompt": PROMPT, "max_gen_len": 128},
    [("chunk", {"generation": HELLO[:5], "prompt_token_count": 14, "generation_token_count": 2, "stop_reason": None}),
     ("!", "modelStreamErrorException", "The model stopped responding.")],
)  # fmt: skip
# The connection drops mid-body: fewer bytes than Content-Length announced.
scenario(
    "invoke_truncated", "InvokeModel", s.LLAMA, {"prompt": PROMPT, "max_gen_len": 128},
    {"generation": HELLO, "prompt_token_count": 14, "generation_token_count": 9, "stop_reason": "stop"},
    {"Content-Length": "4096"},
)  # fmt: skip
