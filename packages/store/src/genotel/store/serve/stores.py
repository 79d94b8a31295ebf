"""The server's two ways into the store: read-only for every query, writable only for logged events.

Why lazy: `genotel serve` may start before anything has written the store, and a store that is
missing answers each query with a 404 until the file appears, instead of the server refusing to run.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..connection import resolve_path
from ..store import TraceStore


class Stores:
    """Opens the store on first use (read-only for reading, writable for events) and closes both at the end."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path: Path = resolve_path(path)
        self._lock = threading.Lock()
        self._reader: TraceStore | None = None
        self._writer: TraceStore | None = None

    def reader(self) -> TraceStore:
        """The read-only store; `StoreMissing` (a 404) while the file does not exist."""
        with self._lock:
            if self._reader is None:
                self._reader = TraceStore(self.path, read_only=True)
            return self._reader

    def writer(self) -> TraceStore:
        with self._lock:
            if self._writer is None:
                self._writer = TraceStore(self.path)
            return self._writer

    def datasets(self) -> Path:
        """Where `POST /spans/export` writes `<dataset_id>.jsonl`: a folder beside the store file."""
        return self.path.parent / "datasets"

    def close(self) -> None:
        with self._lock:
            for store in (self._reader, self._writer):
                if store is not None:
                    store.close()
            self._reader = self._writer = None
