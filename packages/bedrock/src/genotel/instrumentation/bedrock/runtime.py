"""The ``bedrock-runtime`` calls among every AWS call botocore makes, to the neutral model.

botocore sends each API call through ``BaseClient._make_api_call(operation_name, api_params)``
(aiobotocore through ``AioBaseClient._make_api_call``). ``owns`` lets through the four
operations genotel traces and costs any other call (S3, SQS, ...) one set lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from genotel.core import Adapter
from genotel.core.convert import server_of
from genotel.core.model import Provider, Request, Response, Usage

from . import bodies, converse, guardrail
from .detect import family_of
from .family import UNKNOWN, Family, set_parameters

SERVICE = "bedrock-runtime"
INVOKE, INVOKE_STREAM, CONVERSE, CONVERSE_STREAM = (
    "InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream",
)  # fmt: skip
OPERATIONS = frozenset({INVOKE, INVOKE_STREAM, CONVERSE, CONVERSE_STREAM})

# Raw finish reasons of every family Bedrock serves (Converse's stopReason included), in the 1.36 enum.
FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "stop": "stop",
    "endoftext": "stop",
    "FINISH": "stop",
    "STOP_CRITERIA_MET": "stop",
    "COMPLETE": "stop",
    "STOP_SEQUENCE": "stop",
    "tool_use": "tool_calls",
    "tool_calls": "tool_calls",
    "max_tokens": "length",
    "length": "length",
    "model_length": "length",
    "model_context_window_exceeded": "length",
    "LENGTH": "length",
    "MAX_TOKENS": "length",
    "ERROR_LIMIT": "length",
    "guardrail_intervened": "content_filter",
    "content_filtered": "content_filter",
    "refusal": "content_filter",
    "CONTENT_FILTERED": "content_filter",
    "ERROR_TOXIC": "content_filter",
    "malformed_model_output": "error",
    "malformed_tool_use": "error",
    "ERROR": "error",
}
BEDROCK = Provider("aws.bedrock", "aws.bedrock", FINISH_REASONS)

_CONVERSE_KEYS = {
    "max_tokens": ("inferenceConfig.maxTokens",),
    "temperature": ("inferenceConfig.temperature",),
    "top_p": ("inferenceConfig.topP",),
    "top_k": ("additionalModelRequestFields.top_k", "additionalModelRequestFields.inferenceConfig.topK"),
    "stop_sequences": ("inferenceConfig.stopSequences",),
}
_TOKEN_HEADERS = {
    "input": "x-amzn-bedrock-input-token-count",
    "output": "x-amzn-bedrock-output-token-count",
    "cache_read": "x-amzn-bedrock-cache-read-input-token-count",
    "cache_write": "x-amzn-bedrock-cache-write-input-token-count",
}
_METRICS = "amazon-bedrock-invocationMetrics"


@dataclass(slots=True)
class BedrockRequest(Request):
    """The request, with what the response needs to be read: the API and the invoke body's family."""

    api: str = CONVERSE
    family: Family = UNKNOWN
    body: dict[str, Any] | None = None  # the invoke body, parsed once for add_content, then let go


class BedrockRuntimeAdapter(Adapter):
    def owns(self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        operation = args[0] if args else kwargs.get("operation_name")
        return operation in OPERATIONS and instance.meta.service_model.service_name == SERVICE

    def to_request(self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> BedrockRequest:
        api, params = _call(args, kwargs)
        meta = getattr(instance, "meta", None)
        address, port = server_of(meta.endpoint_url) if meta is not None else (None, None)
        request = BedrockRequest(
            "chat", BEDROCK, params.get("modelId"), server_address=address, server_port=port, api=api
        )
        request.stream = api in (INVOKE_STREAM, CONVERSE_STREAM)
        guardrail.set_guardrail_id(request, params)
        if api in (CONVERSE, CONVERSE_STREAM):
            set_parameters(params, request, _CONVERSE_KEYS)
        else:
            request.body = body = bodies.request_json(params.get("body"))
            request.family = family = family_of(request.model, body)
            request.operation = family.operation
            if body is not None:
                family.parameters(body, request)
        return request

    def add_content(self, request: Request, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if not isinstance(request, BedrockRequest):
            return
        if request.api in (CONVERSE, CONVERSE_STREAM):
            _, params = _call(args, kwargs)
            request.system_instructions = converse.parts_of(params.get("system"))
            request.messages = converse.input_messages(params.get("messages"))
            request.tool_definitions = converse.tool_definitions(params.get("toolConfig"))
        elif request.body is not None:
            request.family.add_content(request.body, request)
        request.body = None

    def wrap(self, result: Any, invocation: Any) -> Any:
        request = invocation.request
        if not isinstance(result, dict) or not isinstance(request, BedrockRequest):
            invocation.finish(None)
            return result
        request.body = None  # a stream's span must not hold the request body (images, long prompts)
        api = request.api
        if api == CONVERSE:
            response = converse.converse_response(result, invocation.with_messages)
            response.safety = guardrail.converse_safety(result.get("stopReason"), result.get("trace"))
            invocation.finish(response)
        elif api == CONVERSE_STREAM:
            result["stream"] = invocation.observe(
                result.get("stream"), accumulator=converse.ConverseAccumulator(invocation.capture)
            )
        elif api == INVOKE_STREAM:
            accumulator = InvokeChunks(request.family.accumulator(invocation.capture), header_usage(result))
            result["body"] = invocation.observe(result.get("body"), accumulator=accumulator)
        else:
            try:
                data = bodies.read_sync(result["body"])
            except Exception as error:
                invocation.finish(None, error)
                return result
            invocation.finish(self.invoke_response(request.family, data, result, invocation.with_messages))
        return result

    async def wrap_async(self, result: Any, invocation: Any) -> Any:
        """aiobotocore: InvokeModel's body is read with an await; everything else is as for botocore."""
        request = invocation.request
        if not (isinstance(result, dict) and isinstance(request, BedrockRequest) and request.api == INVOKE):
            return self.wrap(result, invocation)
        try:
            data = await bodies.read_async(result["body"])
        except Exception as error:
            invocation.finish(None, error)
            return result
        invocation.finish(self.invoke_response(request.family, data or b"", result, invocation.with_messages))
        return result

    @staticmethod
    def invoke_response(family: Family, data: bytes, result: dict[str, Any], with_messages: bool) -> Response:
        body = bodies.loads(data)
        response = family.response(body, with_messages) if body is not None else Response()
        if response.usage is None:
            response.usage = header_usage(result)
        if body is not None:
            safety = guardrail.invoke_safety(body.get(guardrail.ACTION_KEY), body.get(guardrail.TRACE_KEY))
            response.safety = safety or response.safety
        return response

    def error_type(self, error: BaseException) -> str:
        """A ``ClientError``'s AWS error code as its exception class (``ThrottlingException``); stream error
        events name it in lower camel case (``throttlingException``)."""
        code = _error_code(error)
        return code[0].upper() + code[1:] if code else type(error).__qualname__

    def safe_error_message(self, error: BaseException) -> str | None:
        """AWS service errors describe the request (throttling, access, validation), not its content;
        errors the model itself raised (``ModelErrorException``, ``modelStreamErrorException``) may quote it."""
        code = _error_code(error)
        if code is None or code.lower().startswith("model"):
            return None
        return str(error)


def _call(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    api = args[0] if args else kwargs.get("operation_name", CONVERSE)
    params = args[1] if len(args) > 1 else kwargs.get("api_params")
    return str(api), params if isinstance(params, dict) else {}


def _error_code(error: BaseException) -> str | None:
    response = getattr(error, "response", None)
    code = ((response or {}).get("Error") or {}).get("Code") if isinstance(response, dict) else None
    return code if isinstance(code, str) and code else None


def header_usage(result: dict[str, Any]) -> Usage | None:
    """The token counts InvokeModel reports in its response headers."""
    headers = (result.get("ResponseMetadata") or {}).get("HTTPHeaders") or {}
    counts = {name: _count(headers.get(header)) for name, header in _TOKEN_HEADERS.items()}
    if counts["input"] is None and counts["output"] is None:
        return None
    return Usage.normalized(
        input_tokens=counts["input"],
        output_tokens=counts["output"],
        cache_read=counts["cache_read"],
        cache_creation=counts["cache_write"],
        input_includes_cache=False,
    )


def _count(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def metrics_usage(metrics: Any) -> Usage | None:
    """``amazon-bedrock-invocationMetrics``: the last chunk's counts of a streamed invoke."""
    if not isinstance(metrics, dict):
        return None
    return Usage.normalized(
        input_tokens=metrics.get("inputTokenCount"),
        output_tokens=metrics.get("outputTokenCount"),
        cache_read=metrics.get("cacheReadInputTokenCount"),
        cache_creation=metrics.get("cacheWriteInputTokenCount"),
        input_includes_cache=False,
    )


class InvokeChunks:
    """InvokeModelWithResponseStream events (``{"chunk": {"bytes": <JSON>}}``) for a family's accumulator.

    Usage: the body's own counts first, then the response headers, then the invocation metrics
    Bedrock adds to the last chunk.
    """

    __slots__ = ("action", "family", "headers", "metrics", "trace")

    def __init__(self, family: Any, headers: Usage | None) -> None:
        self.family = family
        self.headers = headers
        self.metrics: Any = None
        self.action: Any = None  # the guardrail's action and trace, in the chunk that reports them
        self.trace: Any = None

    @staticmethod
    def carries_output(event: Any) -> bool:
        return "chunk" in event

    def add(self, event: Any) -> None:
        chunk = event.get("chunk")
        if chunk is None:
            return
        body = bodies.loads(chunk.get("bytes"))
        if body is None:
            return
        metrics = body.pop(_METRICS, None)
        if metrics is not None:
            self.metrics = metrics
        action = body.pop(guardrail.ACTION_KEY, None)
        if action is not None:
            self.action = action
        trace = body.pop(guardrail.TRACE_KEY, None)
        if trace is not None:
            self.trace = trace
        self.family.add(body)

    def response(self) -> Response:
        response: Response = self.family.response()
        if response.usage is None:
            response.usage = self.headers or metrics_usage(self.metrics)
        response.safety = guardrail.invoke_safety(self.action, self.trace) or response.safety
        return response
