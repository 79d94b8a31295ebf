"""Run a script under ``opentelemetry-instrument`` and read back the spans it printed.

Shared by every provider's entry-point test (``from tests.auto_instrumentation import ...``). The
script runs in a subprocess with OpenTelemetry configured only by environment variables and the
console span exporter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def console_spans(stdout: str) -> list[dict]:
    """The console exporter prints one JSON object per span; read them back one after another."""
    decoder = json.JSONDecoder()
    spans, position = [], 0
    text = stdout.strip()
    while position < len(text):
        span, end = decoder.raw_decode(text, position)
        spans.append(span)
        position = end
        while position < len(text) and text[position].isspace():
            position += 1
    return spans


def run_auto_instrumented(tmp_path: Path, script_text: str, **extra_env: str) -> subprocess.CompletedProcess:
    """``opentelemetry-instrument python script.py`` with a clean OTEL_/GENOTEL_ environment plus ``extra_env``."""
    script = tmp_path / "replay.py"
    script.write_text(script_text)
    command = Path(sys.executable).parent / "opentelemetry-instrument"
    assert command.exists(), command
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OTEL_", "GENOTEL_", "ANTHROPIC_")) and key != "PYTHONPATH"
    }
    env.update(
        {
            "OTEL_TRACES_EXPORTER": "console",
            "OTEL_METRICS_EXPORTER": "none",
            "OTEL_LOGS_EXPORTER": "none",
            "OTEL_SERVICE_NAME": "entry-test",
            **extra_env,
        }
    )
    return subprocess.run(
        [str(command), sys.executable, str(script)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
