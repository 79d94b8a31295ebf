"""OpenTelemetry GenAI instrumentation for AWS Bedrock through boto3/botocore (and aioboto3/aiobotocore).

``BedrockInstrumentor().instrument(capture_content=True)`` or ``opentelemetry-instrument``
(entry point ``genotel_bedrock``). Traces the ``bedrock-runtime`` client's ``invoke_model``,
``invoke_model_with_response_stream``, ``converse`` and ``converse_stream``.
"""

from __future__ import annotations

from collections.abc import Iterable

from genotel.core import Endpoint, GenAIInstrumentor

from .package import _instruments
from .patch_table import ENDPOINTS
from .version import __version__


class BedrockInstrumentor(GenAIInstrumentor):
    instruments = _instruments
    scope = "genotel.instrumentation.bedrock"
    version = __version__

    def endpoints(self) -> Iterable[Endpoint]:
        return ENDPOINTS


__all__ = ["BedrockInstrumentor", "__version__"]
