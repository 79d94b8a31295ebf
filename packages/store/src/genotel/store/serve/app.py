"""`create_app`: the ASGI application behind `genotel serve` — the API, its OpenAPI document, the viewer.

No interactive docs page: FastAPI's would load its scripts from a CDN, and nothing here reaches the
internet. The OpenAPI document is at `/openapi.json`; the viewer's files ship inside the package.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from . import problems
from .api import build_router
from .auth import Guard
from .stores import Stores
from .viewer_api import build_viewer_router, package_version

STATIC = Path(__file__).with_name("static")
# The viewer runs only its own scripts and styles, loads nothing from elsewhere and cannot be framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def no_self_telemetry() -> dict[str, Any]:
    """FastAPI options that keep the server from tracing its own requests.

    Newer FastAPI records spans and metrics of each request through the global OpenTelemetry
    providers; in a process that also writes the store (`genotel demo --serve`, an app serving
    its own store) every page view would then become a trace in the store it shows.
    """
    if "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}}


def create_app(store_path: str | os.PathLike[str] | None = None, token: str | None = None) -> FastAPI:
    """The app over the store at `store_path` (default: as `TraceStore` resolves it); `token` guards it."""
    stores = Stores(store_path)
    guard = Guard(token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title="genotel serve",
        version=package_version(),
        description="llama-stack's telemetry API over a genotel store, and a trace viewer at /.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        **no_self_telemetry(),
    )
    app.state.stores = stores
    problems.install(app)
    app.include_router(build_router(stores, guard))
    # llama-stack-client releases that moved telemetry to the alpha tier call the same routes there.
    app.include_router(build_router(stores, guard, "/v1alpha/telemetry"), include_in_schema=False)
    app.include_router(build_viewer_router(stores, guard))

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def secure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception as exc:  # a fault of the server: logged here, one line for the client
            response = problems.unexpected(request, exc)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
