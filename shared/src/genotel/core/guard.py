"""The one rule of instrumentation code: never break the application.

Anything raised inside genotel is logged at DEBUG and swallowed; the caller gets ``default``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

logger = logging.getLogger("genotel")

F = TypeVar("F", bound=Callable[..., Any])


def guarded(function: F) -> F:
    """Run ``function``; on an internal error log it and return None."""

    @functools.wraps(function)
    def safe(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception:
            logger.debug("genotel: internal error in %s (ignored)", function.__qualname__, exc_info=True)
            return None

    return safe  # type: ignore[return-value]


def call_safely(function: Callable[..., Any], *args: Any) -> Any:
    """Call ``function``; on an internal error log it and return None."""
    try:
        return function(*args)
    except Exception:
        logger.debug("genotel: internal error in %s (ignored)", function.__qualname__, exc_info=True)
        return None


def swallowed(where: str) -> None:
    """Log an internal error caught by a hand-written guard."""
    logger.debug("genotel: internal error in %s (ignored)", where, exc_info=True)
