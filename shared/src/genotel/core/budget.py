"""The span's attribute limits, so the SDK never has to evict or cut what genotel sets.

The SDK keeps at most ``OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`` attributes (128 by default), evicting
the oldest with a warning each, and cuts strings at ``OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT``. The
invocation asks for the room left once per call and hands content what remains after the
contract's own attributes; JSON values are shortened inside, so they stay valid JSON.
"""

from __future__ import annotations

import json
from typing import Any

from .content import capped, dumps


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
    """Shorten the JSON strings among ``values`` to ``max_length`` by cutting the text inside them."""
    for key, value in values.items():
        if isinstance(value, str) and len(value) > max_length and value[:1] in ("[", "{"):
            values[key] = fit_json(value, max_length)


def fit_json(text: str, max_length: int) -> str:
    """``text`` (JSON) re-serialized within ``max_length``: string leaves cut, then oldest list items dropped.

    Text that is not JSON is returned as is (the SDK cuts plain strings itself).
    """
    try:
        value = json.loads(text)
    except ValueError:
        return text
    while True:
        fitted = _longest_fit(value, max_length)
        if fitted is not None:
            return fitted
        if not isinstance(value, list) or len(value) <= 1:
            return "[]" if isinstance(value, list) else "{}"
        value = value[1:]  # the oldest message goes first


def _longest_fit(value: Any, max_length: int) -> str | None:
    """The serialization with the largest per-string cap that fits, or None if none does."""
    low, high, best = 0, max_length, None
    while low <= high:
        cap = (low + high) // 2
        text = dumps(capped(value, cap))
        if len(text) <= max_length:
            best, low = text, cap + 1
        else:
            high = cap - 1
    return best
