"""A store filled once by ``genotel demo`` run in a subprocess, and a helper that runs the CLI in-process.

The demo configures global providers and instruments the SDKs for good, so it runs in its own
process; the read-only commands run in this one and leave nothing behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from genotel.store.cli import main
from tests.store.bulk import rows_read  # noqa: F401  (a fixture, shared by tests/store and tests/cli)


@dataclass(frozen=True)
class Ran:
    status: int
    out: str
    err: str


def run_demo(db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OTEL_", "GENOTEL_", "ANTHROPIC_", "OPENAI_"))
    }
    environment.update(COLUMNS="200", NO_COLOR="1")
    command = [sys.executable, "-m", "genotel.store.cli", "--db", str(db), *extra, "demo"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, env=environment)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    db = tmp_path_factory.mktemp("demo") / "telemetry.db"
    return db, run_demo(db)


@pytest.fixture
def demo_db(demo_run) -> Path:
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli("traces", "--json")`` runs ``genotel`` in-process and returns its status and output."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*argv: str) -> Ran:
        status = main(list(argv))
        captured = capsys.readouterr()
        return Ran(status, captured.out, captured.err)

    return run
