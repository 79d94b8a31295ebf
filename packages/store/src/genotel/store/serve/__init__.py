"""`genotel serve`: llama-stack's telemetry REST API over the store, and a trace viewer in the browser.

Needs the `serve` extra (`pip install 'genotel-store[serve]'`: FastAPI and uvicorn). `create_app`
builds the ASGI app (mount it in your own server if you like); `serve` runs it with uvicorn until
SIGTERM or SIGINT.
"""

from .app import create_app
from .runner import serve

__all__ = ["create_app", "serve"]
