"""JSONL output: full exports and span datasets, written atomically.

Why atomically: a file is written beside the target, flushed to disk and renamed into place at the end, so
an interrupted export (or a crash of the machine) never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .connection import Database
from .errors import InvalidQuery, StoreError
from .filters import parse_filters
from .query import SPAN_ORDER, iter_matching_spans, order_clause
from .records import SPAN_COLUMNS, event_dict, log_dict, metric_point_dict, span_dict

ProgressCallback = Callable[[int, int], None]
RECORD_TABLES = ("spans", "logs", "metric_points", "events")
PROGRESS_EVERY = 1000


def _dump(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_atomically(path: str | os.PathLike[str], write: Callable[[IO[str]], int]) -> int:
    """Run `write` on a temporary file of a name of its own next to `path`, flush it to disk, then rename it
    over `path`: a crash leaves the old file or the whole new one, and two exports never share a file."""
    target = Path(path)
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)  # not mkstemp's 0600
        with open(descriptor, "w", encoding="utf-8") as handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        temporary = None
        _sync_directory(target.parent)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return count


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (where directories can be opened: not on Windows)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def count_records(db: Database) -> dict[str, int]:
    """Rows per table, for progress totals and `stats()`."""
    return db.read(
        lambda conn: {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in RECORD_TABLES}
    )


def iter_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every stored record as a dict whose `record` says its kind (span, log, metric_point, event)."""
    for row in db.iterate(f"SELECT {SPAN_COLUMNS} FROM spans s ORDER BY s.id"):
        yield {"record": "span", **span_dict(row)}
    for row in db.iterate("SELECT * FROM logs ORDER BY id"):
        yield {"record": "log", **log_dict(row)}
    for row in db.iterate("SELECT * FROM metric_points ORDER BY id"):
        yield {"record": "metric_point", **metric_point_dict(row)}
    for row in db.iterate("SELECT * FROM events ORDER BY id"):
        yield {"record": "event", **event_dict(row)}


def export_all(db: Database, path: str | os.PathLike[str], progress_callback: ProgressCallback | None) -> int:
    """Write every record as JSONL from one consistent snapshot; `progress_callback(done, total)`."""
    with db.snapshot():
        total = sum(count_records(db).values())

        def write(handle: IO[str]) -> int:
            done = 0
            for record in iter_records(db):
                handle.write(_dump(record))
                done += 1
                if progress_callback is not None and done % PROGRESS_EVERY == 0:
                    progress_callback(done, total)
            if progress_callback is not None:
                progress_callback(done, total)
            return done

        return write_atomically(path, write)


def save_spans_to_dataset(
    db: Database,
    attribute_filters: Any,
    attributes_to_save: Iterable[str] | None,
    dataset_path: str | os.PathLike[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """One JSONL row per matching span that has every attribute to save (None: all its attributes)."""
    filters = parse_filters(attribute_filters)
    columns = None if attributes_to_save is None else list(dict.fromkeys(attributes_to_save))
    if columns is not None and (not columns or not all(isinstance(name, str) and name for name in columns)):
        raise InvalidQuery("attributes_to_save must be a non-empty list of attribute names, or None for all")
    order = order_clause(["start_time"], SPAN_ORDER, "s.id")

    def write(handle: IO[str]) -> int:
        count = 0
        for row in iter_matching_spans(db, filters, order):
            span = span_dict(row, columns)
            if columns is not None and len(span["attributes"]) < len(columns):
                continue
            item = {
                "trace_id": span["trace_id"],
                "span_id": span["span_id"],
                "parent_span_id": span["parent_span_id"],
                "name": span["name"],
                "start_time": span["start_time"],
                "end_time": span["end_time"],
                "status_code": span["status_code"],
            }
            item.update(span["attributes"])
            handle.write(_dump(item))
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
        if progress is not None:
            progress(count)
        return count

    with db.snapshot():
        return write_atomically(dataset_path, write)
