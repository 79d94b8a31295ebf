"""What the mistralai endpoints share: the provider, the server, and the SDK's ``UNSET`` marker.

The Speakeasy-generated SDK marks fields a response left out with ``UNSET`` (a falsy model, not
None), and callers may pass it for an argument they leave out: both read as absent here.
"""

from __future__ import annotations

from typing import Any

from genotel.core.convert import field, server_of
from genotel.core.model import Provider

# Mistral's raw finish reasons (its API reference), and what they mean in the 1.36 enum.
MISTRAL_FINISH_REASONS = {
    "stop": "stop",
    "length": "length",
    "model_length": "length",  # the model's context window was reached
    "tool_calls": "tool_calls",
    "error": "error",
}
MISTRAL = Provider("mistral_ai", "mistral_ai", MISTRAL_FINISH_REASONS)


def present(value: Any) -> Any:
    """``value``, or None for the SDK's ``UNSET``."""
    return None if value is None or type(value).__name__ == "Unset" else value


def get(obj: Any, name: str) -> Any:
    """A field of a dict or an SDK model, None when absent or ``UNSET``."""
    return present(field(obj, name))


def given_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments the caller really gave (``UNSET`` ones left out)."""
    return {key: value for key, value in kwargs.items() if present(value) is not None}


def server(resource: Any, kwargs: dict[str, Any]) -> tuple[str | None, int | None]:
    """The per-call ``server_url`` when given, else the client's server (``server_url=`` or ``server=``)."""
    url = kwargs.get("server_url")
    if not url:
        configuration = getattr(resource, "sdk_configuration", None)
        details = getattr(configuration, "get_server_details", None)
        url = details()[0] if details is not None else None
    return server_of(url) if url else (None, None)
