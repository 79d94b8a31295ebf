"""genotel-core: the provider-neutral half of every genotel instrumentor."""

from .adapter import Accumulator, Adapter
from .config import Config, ConfigError
from .instrumentor import GenAIInstrumentor
from .model import (
    BlobPart,
    FilePart,
    GenericPart,
    History,
    Message,
    OutputMessage,
    Part,
    Provider,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)
from .patching import Endpoint, Patch, override
from .wrappers import in_genai_call

__all__ = [
    "Accumulator",
    "Adapter",
    "BlobPart",
    "Config",
    "ConfigError",
    "Endpoint",
    "FilePart",
    "GenAIInstrumentor",
    "GenericPart",
    "History",
    "Message",
    "OutputMessage",
    "Part",
    "Patch",
    "Provider",
    "ReasoningPart",
    "Request",
    "Response",
    "TextPart",
    "ToolCallPart",
    "ToolCallResponsePart",
    "ToolDefinition",
    "UriPart",
    "Usage",
    "in_genai_call",
    "override",
]
