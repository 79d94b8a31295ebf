"""``genotel serve`` (and ``genotel demo --serve``): the REST API and the trace viewer over HTTP."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from .commands import UsageError


def add_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="llama-stack's telemetry REST API and a trace viewer, over HTTP")
    add_options(serve)


def add_options(parser: argparse.ArgumentParser) -> None:
    """--host, --port and --token (``demo --serve`` takes them too)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; others need a token)")
    parser.add_argument("--port", type=int, default=8321, help="port (default 8321; 0 picks a free one)")
    parser.add_argument(
        "--token", help="bearer token clients must send; enables writes (default: $GENOTEL_SERVE_TOKEN)"
    )


def serve(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    """Run the server until SIGTERM/SIGINT; one line says where, one that it stopped."""
    try:
        from ..serve import serve as run_server
        from ..serve.auth import resolve_token
    except ImportError:
        raise UsageError("genotel serve needs FastAPI and uvicorn: pip install 'genotel-store[serve]'") from None
    if not 0 <= arguments.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {arguments.port}")
    token = resolve_token(arguments.token)

    def announce(url: str) -> None:
        out.print(
            f"genotel serve: the viewer and the API at {url} (Ctrl-C to stop)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        out.file.flush()

    try:
        run_server(arguments.db, arguments.host, arguments.port, token, announce)
    except ValueError as refused:
        raise UsageError(str(refused)) from None
    out.print("genotel serve: stopped", markup=False, highlight=False)
    return 0
