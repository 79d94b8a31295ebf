"""``examples/crs_webservice``: run the server offline, post a task, and read the spans it stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from genotel.store import TraceStore

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "crs_webservice"
CASSETTE = ROOT / "cassettes" / "crs" / "patch_generation.yaml"
METADATA = {"round.id": "round-3", "task.id": "task-42", "team.id": "team-blue"}
PATCH_ID, DIAGNOSIS_ID = "chatcmpl-CrsPatch0002pngReadChunkB2", "chatcmpl-CrsDiag0001pngReadChunkA1"


def test_the_example_server_stamps_the_task_on_every_span_it_stores(tmp_path):
    db = tmp_path / "crs.db"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("OTEL_", "GENOTEL_"))}
    command = [sys.executable, str(EXAMPLE / "server.py"), "--port", "0", "--db", str(db), "--replay", str(CASSETTE)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        url = server.stdout.readline().split()[-1]
        request = urllib.request.Request(url, data=(EXAMPLE / "task.json").read_bytes(), method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0, errors
    assert answer["task"] == "task-42" and answer["patch"].startswith("--- a/src/png.c")

    with TraceStore(db, read_only=True) as store:
        spans = {span["name"]: span for span in store.query_spans([{"key": "task.id", "op": "eq", "value": "task-42"}])}
    assert sorted(spans) == ["POST /v1/task", "chat gpt-4o-mini", "diagnose and patch"]  # names are keys: 2 chats
    action = spans["diagnose and patch"]
    assert action["service_name"] == "crs-patcher" and action["status_code"] == "OK"
    assert action["attributes"] == {
        **METADATA,
        "crs.action.category": "patch_generation",
        "crs.action.name": "diagnose and patch",
        "crs.action.code.file": "src/png.c",
        "crs.action.code.lines": "126-130",
        "crs.action.target.harness": "png_read_fuzzer",
        "crs.action.gen_ai.id": PATCH_ID,
        "crs.action.gen_ai.ids": [DIAGNOSIS_ID, PATCH_ID],
    }
    with TraceStore(db, read_only=True) as store:
        calls = store.query_spans(
            [{"key": "gen_ai.operation.name", "op": "eq", "value": "chat"}], order_by="start_time"
        )
    assert [call["attributes"]["gen_ai.response.id"] for call in calls] == [DIAGNOSIS_ID, PATCH_ID]
    for call in calls:
        assert {key: call["attributes"][key] for key in METADATA} == METADATA
        assert call["parent_span_id"] == action["span_id"]
        # configure() turned content capture on: the organisers review the prompts.
        assert call["attributes"]["gen_ai.prompt.0.role"] == "system"
    assert calls[1]["attributes"]["gen_ai.completion.0.content"] == answer["patch"]
