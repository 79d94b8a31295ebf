"""`serve`: run the app with uvicorn until SIGTERM or SIGINT, then finish the requests in flight and stop.

uvicorn installs the signal handlers itself and shuts down gracefully (in-flight requests finish,
then the app's lifespan closes the store); this module adds the safety check before binding and
the line that tells a person where the viewer is, with the port actually bound (`--port 0` picks one).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator

from .auth import check_exposure

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8321


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def serve(
    store_path: str | os.PathLike[str] | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until a signal; `announce(url)` once listening. ValueError (one line) when exposure needs a token."""
    check_exposure(host, token)
    import uvicorn

    from .app import create_app

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """SIGTERM/SIGINT start the graceful shutdown, and are not raised again once it is done
            (uvicorn would, ending the process by the signal): `serve` returns and the CLI exits 0."""
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            previous = {signum: signal.signal(signum, self.handle_exit) for signum in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for signum, handler in previous.items():
                    signal.signal(signum, handler)

        async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
            await super().startup(sockets=sockets)
            if self.started and self.servers and self.servers[0].sockets:
                announce(url_for(host, self.servers[0].sockets[0].getsockname()[1]))

    config = uvicorn.Config(
        create_app(store_path, token),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    Server(config).run()
