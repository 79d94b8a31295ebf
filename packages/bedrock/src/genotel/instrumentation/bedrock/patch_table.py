"""Which botocore methods genotel wraps: the one every AWS API call goes through, sync and async.

Clients are classes botocore generates per service; they all inherit ``_make_api_call``, so
clients created before ``instrument()`` are traced as well as later ones. The adapter's ``owns``
keeps every other service's calls untouched. Without aiobotocore, its entry is skipped.
"""

from __future__ import annotations

from genotel.core import Endpoint

from .runtime import BedrockRuntimeAdapter

_RUNTIME = BedrockRuntimeAdapter()

ENDPOINTS = (
    Endpoint("botocore.client", "BaseClient._make_api_call", _RUNTIME),
    Endpoint("aiobotocore.client", "AioBaseClient._make_api_call", _RUNTIME, is_async=True),
)
