"""Every failure as a status code and a one-line JSON body `{"detail": "..."}`, never a traceback.

`detail` is the field FastAPI and llama-stack's own server use, so a llama-stack client shows the
message as it would show theirs. What a user can cause (bad JSON, a bad filter or id, an unknown
trace, a missing store) is a 4xx; only a fault of the server itself is a 5xx.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import (
    InvalidQuery,
    NotFound,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreMissing,
    StoreReadOnly,
)

_logger = logging.getLogger("genotel.store.serve")

# Most specific first: NotFound is also a LookupError, InvalidFilter an InvalidQuery.
STORE_STATUS: tuple[tuple[type[StoreError], int], ...] = (
    (NotFound, 404),
    (StoreMissing, 404),
    (InvalidQuery, 400),
    (StoreReadOnly, 403),
    (StoreLocked, 503),
    (StoreCorrupt, 503),
)


class Problem(Exception):
    """A response the server chose to give: a status and its one-line reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def one_line(text: str) -> str:
    return " ".join(str(text).split()) or "error"


def problem_response(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": one_line(detail)}, status_code=status, headers=headers)


def validation_detail(error: RequestValidationError) -> str:
    """The first thing wrong with a body, e.g. "body.limit: Input should be a valid integer"."""
    errors = error.errors()
    if not errors:
        return "malformed request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return f"malformed JSON: {first.get('ctx', {}).get('error', 'cannot be parsed')}"
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body",)) or "body"
    return f"{where}: {first.get('msg', 'invalid')}"


def unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A fault of the server itself: the traceback goes to the server's log, the client gets one line."""
    _logger.error("genotel serve: %s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(500, f"internal error ({type(exc).__name__}); see the server's log")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into a one-line JSON answer."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.status, exc.detail, headers)

    async def on_store_error(request: Request, exc: Exception) -> JSONResponse:
        status = next((code for kind, code in STORE_STATUS if isinstance(exc, kind)), 400)
        return problem_response(status, str(exc))

    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem_response(400, validation_detail(exc))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return problem_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(StoreError, on_store_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(HTTPException, on_http)
