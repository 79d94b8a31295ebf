"""Exports are durable and never collide: a temporary file of its own, flushed to disk, then renamed."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from genotel.store import TraceStore, export
from tests.store.bulk import fill


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_two_exports_to_one_file_at_once_both_complete(db_path: Path, tmp_path: Path) -> None:
    fill(db_path, 30)
    target = tmp_path / "out" / "all.jsonl"
    inner: list[int] = []
    with TraceStore(db_path, read_only=True) as store:

        def progress(done: int, total: int) -> None:
            if not inner:  # a second export of the same file while the first is still writing
                inner.append(store.export_all(target))

        assert store.export_all(target, progress) == 30
    assert inner == [30]
    assert len(lines(target)) == 30
    assert [entry.name for entry in target.parent.iterdir()] == ["all.jsonl"]  # no temporary file left


def test_the_file_is_on_disk_before_it_is_renamed_into_place(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    fill(db_path, 5)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    def replace(source: str, target: str) -> None:
        events.append(("replace", str(source)))
        real_replace(source, target)

    monkeypatch.setattr(export.os, "fsync", fsync)
    monkeypatch.setattr(export.os, "replace", replace)
    target = tmp_path / "spans.jsonl"
    with TraceStore(db_path, read_only=True) as store:
        assert store.save_spans_to_dataset(None, None, target) == 5
    (first, renamed, directory) = events
    assert first[0] == "fsync" and renamed == ("replace", first[1])
    assert Path(first[1]).name.startswith(".spans.jsonl.") and first[1].endswith(".tmp")
    assert directory == ("fsync", str(tmp_path))  # the rename itself made durable
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # an ordinary file, not the temporary's 0600
