"""The span's attribute limits, so the SDK never has to evict or cut what genotel sets.

The SDK keeps at most ``OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`` attributes (128 by default), evicting
the oldest with a warning each, and cuts strings at ``OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT``. The
invocation asks for the room left once per call and hands content what remains after the
contract's own attributes; JSON values are shortened inside, so they stay valid JSON.
"""

from __future__ import annotations

import json
from typing import Any

from .content import dumps


def span_room(span: Any) -> tuple[int | None, int | None]:
    """(attribute slots left, longest string kept) for an SDK span; None where there is no limit.

    Read from the span's own ``BoundedAttributes`` (the SDK applies its limits there); other
    span implementations report no limit.
    """
    attributes = getattr(span, "_attributes", None)
    maxlen = getattr(attributes, "maxlen", None)
    max_value_len = getattr(attributes, "max_value_len", None)
    if maxlen is None:
        return None, max_value_len
    return max(maxlen - len(attributes), 0), max_value_len  # type: ignore[arg-type]


def fit_strings(values: dict[str, Any], max_length: int) -> None:
    """Strings in ``values`` shortened to ``max_length`` here, JSON by cutting the text inside it
    (the SDK would cut it anywhere, and warn once per value)."""
    for key, value in values.items():
        if isinstance(value, str) and len(value) > max_length:
            values[key] = fit_json(value, max_length) if value[:1] in ("[", "{") else value[:max_length]


def fit_json(text: str, max_length: int) -> str:
    """``text`` (JSON) re-serialized within ``max_length``, still valid JSON.

    Content strings are cut (names, roles, ids and types are kept whole); when that would leave
    less than a useful length of each, the oldest list items (messages) go first instead.
    Text that is not JSON is cut like any string.
    """
    try:
        value = json.loads(text)
    except ValueError:
        return text[:max_length]
    while True:
        fitted, cap = _longest_fit(value, max_length)
        last = not isinstance(value, list) or len(value) <= 1
        if fitted is not None and (cap >= _USEFUL_LENGTH or last):
            return fitted
        if last:
            return "[]" if isinstance(value, list) else "{}"
        value = value[1:]  # the oldest message goes first


_USEFUL_LENGTH = 32
# Keys of the semconv message schema whose values are names, not content: never cut.
_STRUCTURAL = frozenset({"role", "type", "id", "name", "finish_reason", "modality", "mime_type"})


def _longest_fit(value: Any, max_length: int) -> tuple[str | None, int]:
    """The serialization with the largest content cap that fits (and that cap), or (None, -1)."""
    low, high, best, best_cap = 0, max_length, None, -1
    while low <= high:
        cap = (low + high) // 2
        text = dumps(_cut_content(value, cap))
        if len(text) <= max_length:
            best, best_cap, low = text, cap, cap + 1
        else:
            high = cap - 1
    return best, best_cap


def _cut_content(value: Any, cap: int, key: str | None = None) -> Any:
    if isinstance(value, str):
        return value if key in _STRUCTURAL else value[:cap]
    if isinstance(value, dict):
        return {name: _cut_content(item, cap, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_cut_content(item, cap) for item in value]
    return value
