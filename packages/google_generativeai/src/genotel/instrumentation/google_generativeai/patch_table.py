"""Which methods of the two Google SDKs genotel wraps; a module or method an installed SDK lacks is skipped.

google-genai: the private per-request methods, so that automatic function calling, continuation
and chats (which go through the public ``generate_content``) give one span per model request.
google-generativeai: ``GenerativeModel.generate_content(_async)``, which ``ChatSession.send_message``
calls once per request (its automatic function calling too), and ``embed_content``, bound both in
its ``embedding`` module and at the package top level.
"""

from __future__ import annotations

from genotel.core import Endpoint

from .genai import EmbedContentAdapter, GenerateContentAdapter
from .legacy import LegacyEmbedAdapter, LegacyGenerateAdapter

_MODELS = "google.genai.models"
_GENERATE = GenerateContentAdapter()
_STREAM = GenerateContentAdapter(stream=True)
_EMBED = EmbedContentAdapter()

GENAI_ENDPOINTS = (
    Endpoint(_MODELS, "Models._generate_content", _GENERATE),
    Endpoint(_MODELS, "Models._generate_content_stream", _STREAM),
    Endpoint(_MODELS, "Models.embed_content", _EMBED),
    Endpoint(_MODELS, "AsyncModels._generate_content", _GENERATE, is_async=True),
    Endpoint(_MODELS, "AsyncModels._generate_content_stream", _STREAM, is_async=True),
    Endpoint(_MODELS, "AsyncModels.embed_content", _EMBED, is_async=True),
)

_LEGACY_MODEL = "google.generativeai.generative_models"
_LEGACY_GENERATE = LegacyGenerateAdapter()
_LEGACY_GENERATE_ASYNC = LegacyGenerateAdapter(is_async=True)
_LEGACY_EMBED = LegacyEmbedAdapter()

LEGACY_ENDPOINTS = (
    Endpoint(_LEGACY_MODEL, "GenerativeModel.generate_content", _LEGACY_GENERATE),
    Endpoint(_LEGACY_MODEL, "GenerativeModel.generate_content_async", _LEGACY_GENERATE_ASYNC, is_async=True),
    Endpoint("google.generativeai.embedding", "embed_content", _LEGACY_EMBED),
    Endpoint("google.generativeai.embedding", "embed_content_async", _LEGACY_EMBED, is_async=True),
    Endpoint("google.generativeai", "embed_content", _LEGACY_EMBED),
    Endpoint("google.generativeai", "embed_content_async", _LEGACY_EMBED, is_async=True),
)

ENDPOINTS = GENAI_ENDPOINTS + LEGACY_ENDPOINTS
