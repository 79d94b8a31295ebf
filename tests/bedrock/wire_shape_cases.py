"""InvokeModel shapes seen in recorded Bedrock traffic that the documented examples do not show.

- Nova's own invoke stream numbers every text delta as a content block of its own (index 0, 1,
  2, ..., each stopped) and pads each chunk with a ``p`` field: the text is still one text.
- A Marketplace / SageMaker endpoint (a TGI-served imported model) answers a prompt body in the
  OpenAI completions shape: an empty ``id``, ``choices[].finish_reason`` and a ``usage`` object.
- A body a guardrail rewrote (Titan here) carries its token counts as JSON numbers with a fraction
  (``"inputTextTokenCount": 28.0``): they are still integer counts.

Registered after the guardrail scenarios (see ``write_cassettes``), so the request ids of the
cassettes written before stay as they are.
"""

from __future__ import annotations

from tests.bedrock.invoke_cases import END_TURN, USAGE, Case, family, pieces
from tests.bedrock.scenarios import HELLO, PROMPT, SYSTEM, metrics, tokens

NOVA_LITE = "amazon.nova-lite-v1:0"
ENDPOINT = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/endpoint-quick-start-r4t7q"
PAD = "abcdefghijklmnopqrstu"

family(
    Case("nova_lite", NOVA_LITE, "chat",
         {"gen_ai.request.temperature": 0.7, "gen_ai.request.top_p": 0.9, "gen_ai.request.top_k": 20.0},
         END_TURN, USAGE, system=SYSTEM),
    {"schemaVersion": "messages-v1", "system": [{"text": SYSTEM}],
     "messages": [{"role": "user", "content": [{"text": PROMPT}]}],
     "inferenceConfig": {"topP": 0.9, "topK": 20, "temperature": 0.7}},
    {"output": {"message": {"role": "assistant", "content": [{"text": HELLO}]}}, "stopReason": "end_turn",
     "usage": {"inputTokens": 14, "outputTokens": 9, "totalTokens": 23}},
    tokens(14, 9),
    [("chunk", {"messageStart": {"role": "assistant"}, "p": PAD}),
     *[event for index, piece in enumerate(pieces(HELLO))
       for event in (("chunk", {"contentBlockDelta": {"delta": {"text": piece}, "contentBlockIndex": index},
                                "p": PAD[: index + 3]}),
                     ("chunk", {"contentBlockStop": {"contentBlockIndex": index}, "p": PAD[: index + 7]}))],
     ("chunk", {"messageStop": {"stopReason": "end_turn"}, "p": PAD[:5]}),
     ("chunk", {"metadata": {"usage": {"inputTokens": 14, "outputTokens": 9}, "metrics": {}, "trace": {}},
                **metrics(14, 9), "p": PAD[:11]})],
)  # fmt: skip

family(
    Case("endpoint_completions", ENDPOINT, "text_completion",
         {"gen_ai.request.max_tokens": 64, "gen_ai.request.temperature": 0.5},
         ("length", "length", "length"), USAGE),
    {"prompt": PROMPT, "max_tokens": 64, "temperature": 0.5},
    {"object": "text_completion", "id": "", "created": 1759741200, "model": "/opt/ml/model",
     "system_fingerprint": "3.0.1-native",
     "choices": [{"index": 0, "text": HELLO, "logprobs": None, "finish_reason": "length"}],
     "usage": {"prompt_tokens": 14, "completion_tokens": 9, "total_tokens": 23}},
    tokens(14, 9),
    [],
)  # fmt: skip

family(
    Case("titan_rewritten", "amazon.titan-text-lite-v1", "text_completion",
         {"gen_ai.request.max_tokens": 512, "gen_ai.request.temperature": 0.5},
         ("FINISH", "stop", "stop"), USAGE),
    {"inputText": PROMPT, "textGenerationConfig": {"maxTokenCount": 512, "temperature": 0.5}},
    {"inputTextTokenCount": 14.0, "results": [{"tokenCount": 9.0, "outputText": HELLO, "completionReason": "FINISH"}]},
    tokens(15, 10),  # the headers disagree, so the test sees the body's counts win
    [("chunk", {"outputText": piece, "index": 0, "totalOutputTextTokenCount": float(3 * (i + 1)),
                "completionReason": "FINISH" if i == 2 else None, "inputTextTokenCount": 14.0 if i == 0 else None,
                **(metrics(14, 9) if i == 2 else {})})
     for i, piece in enumerate(pieces(HELLO))],
)  # fmt: skip

NON_STREAM = ["nova_lite", "endpoint_completions", "titan_rewritten"]
STREAMED = ["nova_lite", "titan_rewritten"]
