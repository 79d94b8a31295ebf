"""Opening the SQLite file safely: path resolution, pragmas, migrations, a pool of connections, retries.

Why: several threads (a BatchSpanProcessor worker, the application, a server's request threads) and
several processes write the same file. A thread leases a connection for one read, write or streamed
query (SQLite connections are not meant to be used by two threads at once) and gives it back to a small
pool, so short-lived threads leave no connection or open file behind. WAL lets readers run beside one
writer, writes take the lock up front (`BEGIN IMMEDIATE`) so they never fail half-way on a lock
upgrade, and a busy lock is waited for (busy_timeout, then our own retry) before a clear `StoreLocked`.
Every sqlite error leaves here as a `StoreError` with a one-line message.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from . import schema, sqlfunctions
from .errors import StoreCorrupt, StoreError, StoreLocked, StoreMissing, StoreReadOnly

T = TypeVar("T")
ROW_FACTORY = sqlite3.Row  # what each row is built as (a module name, so a test can count the rows read)

ENV_PATH = "GENOTEL_STORE"
DEFAULT_PATH = Path(".genotel") / "telemetry.db"
DEFAULT_BUSY_TIMEOUT_MS = 5000
IDLE_CONNECTIONS = 16  # connections kept open between uses; more are opened under load, closed after


class _Lease:
    """A thread's connection while it uses one; `depth` counts the nested uses (a read inside an export)."""

    def __init__(self) -> None:
        self.conn: sqlite3.Connection | None = None
        self.depth = 0


class _Leases(threading.local):
    def __init__(self) -> None:
        self.lease = _Lease()  # a plain object: a stream finished in another thread still gives back its own


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Explicit path, else `$GENOTEL_STORE`, else `.genotel/telemetry.db` under the working directory."""
    if path is None or str(path) == "":
        path = os.environ.get(ENV_PATH) or DEFAULT_PATH
    return Path(path).expanduser().absolute()


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """Map a sqlite3 error to the StoreError subclass a user can act on."""
    message = str(exc)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreLocked(f"{path}: database is locked by another connection; retry later or raise the busy timeout")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreReadOnly(f"{path}: cannot write, the file or the store is read-only ({message})")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreCorrupt(f"{path}: not a usable SQLite database ({message}); the file was left untouched")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot open the database file ({message})")
    if "disk" in lowered and "full" in lowered:
        return StoreError(f"{path}: the disk is full ({message}); nothing of the failed batch was written")
    return StoreError(f"{path}: {message}")


class Database:
    """One store file: leases pooled connections to threads and runs reads and atomic writes on them."""

    def __init__(self, path: Path, *, read_only: bool, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.read_only = read_only
        self.busy_timeout_ms = max(0, int(busy_timeout_ms))
        self._leases = _Leases()
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._open: set[sqlite3.Connection] = set()
        self._closed = False
        self.key_ids: dict[str, int] = {}
        self._prepare_file()
        with self.connection():  # open one now, so a bad file fails at construction, not at first query
            pass

    # -- opening -------------------------------------------------------------------------------------

    def _prepare_file(self) -> None:
        if self.read_only:
            if not self.path.exists():
                raise StoreMissing(f"{self.path}: no trace store here (nothing recorded yet, or set {ENV_PATH})")
            return
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, expected a database file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the directory ({exc.strerror})") from None
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise StoreReadOnly(f"{self.path}: the file is read-only; open the store with read_only=True to query it")
        if not self.path.exists() and not os.access(self.path.parent, os.W_OK):
            raise StoreReadOnly(f"{self.path.parent}: the directory is not writable, cannot create the store")

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for this thread while the block runs: the one it already uses, else one from the pool."""
        lease = self._leases.lease
        if lease.conn is None:
            lease.conn = self._take()
        lease.depth += 1
        try:
            yield lease.conn
        finally:
            lease.depth -= 1
            if lease.depth == 0:
                conn, lease.conn = lease.conn, None
                self._give_back(conn)

    def open_connections(self) -> int:
        """How many connections are open now, in use or idle in the pool."""
        with self._lock:
            return len(self._open)

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise StoreError(f"{self.path}: the store is closed")
            if self._idle:
                return self._idle.pop()
        try:
            conn = self._open_connection()
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None
        with self._lock:
            self._open.add(conn)
        return conn

    def _give_back(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            keep = not self._closed and not conn.in_transaction and len(self._idle) < IDLE_CONNECTIONS
            if keep:
                self._idle.append(conn)
            else:
                self._open.discard(conn)
        if not keep:
            with suppress(sqlite3.Error):
                conn.close()

    def _open_connection(self) -> sqlite3.Connection:
        if self.read_only:
            target, uri = f"{self.path.as_uri()}?mode=ro", True
        else:
            target, uri = str(self.path), False
        conn = sqlite3.connect(
            target, uri=uri, timeout=self.busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = ROW_FACTORY
        sqlfunctions.register(conn)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            version = self._retry(lambda: schema.user_version(conn))  # reads the header: fails on a non-database
            if not self.read_only:
                if self._retry(lambda: conn.execute("PRAGMA journal_mode").fetchone()[0]) != "wal":
                    self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA wal_autocheckpoint = 10000")  # 40 MB: fewer checkpoints, fewer fsyncs
            # big stores stay fast when their indexes are mapped rather than read page by page
            conn.execute("PRAGMA cache_size = -131072")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA mmap_size = 2147418112")
            self._check_version(conn, version)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_version(self, conn: sqlite3.Connection, version: int) -> None:
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer genotel-store (schema v{version} > v{schema.SCHEMA_VERSION}); upgrade"
            )
        if version == schema.SCHEMA_VERSION:
            return
        if version == 0 and schema.has_foreign_tables(conn):
            raise StoreCorrupt(f"{self.path}: a SQLite database of another application, not a genotel store")
        if self.read_only:
            if version == 0:
                raise StoreMissing(f"{self.path}: an empty database, no trace store here yet")
            raise StoreError(
                f"{self.path}: schema v{version} is older than v{schema.SCHEMA_VERSION};"
                " open it once for writing to upgrade"
            )
        self._retry(lambda: self._migrate(conn))

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema.user_version(conn)  # re-read under the lock: another process may have migrated
            if current == 0 and schema.has_foreign_tables(conn):
                raise StoreCorrupt(f"{self.path}: a SQLite database of another application, not a genotel store")
            for migration in schema.pending(current):
                schema.apply(conn, migration)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- running -------------------------------------------------------------------------------------

    def _retry(self, action: Callable[[], T]) -> T:
        """Run `action`, retrying while the database is busy, until the busy timeout has passed."""
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() >= deadline:
                    raise
                time.sleep(random.uniform(0.005, 0.03))

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one IMMEDIATE transaction: all of it is committed, or none of it."""
        if self.read_only:
            raise StoreReadOnly(f"{self.path}: the store was opened read-only")
        with self.connection() as conn:

            def attempt() -> T:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                return result

            try:
                return self._retry(attempt)
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` against one consistent snapshot (a read transaction), errors translated."""
        with self.snapshot() as conn:
            try:
                return work(conn)
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction around several queries (an export sees a single point in time)."""
        with self.connection() as conn:
            if conn.in_transaction:
                yield conn
                return
            try:
                self._retry(lambda: conn.execute("BEGIN"))
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("COMMIT")

    def iterate(
        self, sql: str, params: tuple[object, ...] | list[object] = (), batch: int = 500
    ) -> Generator[sqlite3.Row, None, None]:
        """Stream the rows of one query, `batch` at a time (no full materialization), errors translated.

        The connection stays leased until the rows run out or the iterator is closed.
        """
        with self.connection() as conn:
            try:
                cursor = conn.execute(sql, params)
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None
            try:
                while True:
                    rows = cursor.fetchmany(batch)
                    if not rows:
                        return
                    yield from rows
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None
            finally:
                cursor.close()

    def close(self) -> None:
        """Close every connection this store opened; one in use is closed as it is given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open.difference_update(idle)
        for conn in idle:
            with suppress(sqlite3.Error):
                conn.close()
