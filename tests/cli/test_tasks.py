"""``genotel tasks``: the CRS view of the store, from spans as genotel-crs stamps them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import Status, StatusCode

from genotel.crs import TaskMetadataSpanProcessor, task
from genotel.store import StoreSpanExporter

T0 = 1_764_714_600_000_000_000  # 2025-12-02 22:30:00 UTC
MS = 1_000_000


def chat(tracer, start: int, end: int, response_id: str, tokens: tuple[int, int]) -> None:
    span = tracer.start_span(
        "chat gpt-4o-mini",
        kind=trace.SpanKind.CLIENT,
        start_time=T0 + start * MS,
        attributes={"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini"},
    )
    span.set_attributes(
        {
            "gen_ai.response.id": response_id,
            "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
            "gen_ai.usage.input_tokens": tokens[0],
            "gen_ai.usage.output_tokens": tokens[1],
        }
    )
    span.end(end_time=T0 + end * MS)


def action_span(tracer, name: str, category: str, start: int, **extra):
    attributes = {"crs.action.category": category, "crs.action.name": name, **extra}
    span = tracer.start_span(name, start_time=T0 + start * MS, attributes=attributes)
    return span, trace.use_span(span, end_on_exit=False)


@pytest.fixture
def crs_db(tmp_path) -> Path:
    """Two tasks of one round worked by the patcher service, and one span outside any task."""
    db = tmp_path / "crs.db"
    provider = TracerProvider(resource=Resource.create({"service.name": "patcher"}))
    provider.add_span_processor(TaskMetadataSpanProcessor())
    exporter = StoreSpanExporter(db, retention_seconds=None)  # T0 is older than the default 7 days' retention
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("tests.crs")
    with task({"round.id": "round-3", "task.id": "task-42"}):
        root = tracer.start_span("POST /tasks", start_time=T0)
        with trace.use_span(root, end_on_exit=False):
            patch, scope = action_span(
                tracer, "fix png_read_chunk", "patch_generation", 5, **{"crs.action.code.file": "src/png.c"}
            )
            with scope:
                chat(tracer, 10, 400, "chatcmpl-diag", (58, 24))
                step = tracer.start_span("own step", start_time=T0 + 410 * MS)
                with trace.use_span(step, end_on_exit=False):
                    chat(tracer, 420, 1500, "chatcmpl-patch", (96, 71))
                step.end(end_time=T0 + 1510 * MS)
            patch.set_attributes({"crs.action.gen_ai.id": "chatcmpl-patch"})
            patch.end(end_time=T0 + 1520 * MS)
            check, scope = action_span(tracer, "run tests", "testing", 1600)
            with scope:
                check.set_status(Status(StatusCode.ERROR, "AssertionError: 2 failed"))
                check.set_attribute("error.type", "AssertionError")
            check.end(end_time=T0 + 2600 * MS)
        root.end(end_time=T0 + 3000 * MS)
    with task({"round.id": "round-3", "task.id": "task-43"}):
        build, scope = action_span(tracer, "make", "building", 60_000)
        build.end(end_time=T0 + 61_250 * MS)
    tracer.start_span("idle", start_time=T0 + 70_000 * MS).end(end_time=T0 + 70_001 * MS)
    provider.shutdown()
    return db


def test_tasks_lists_each_task_with_its_figures(cli, crs_db):
    shown = cli("--db", str(crs_db), "--json", "tasks")
    assert shown.status == 0, shown.err
    assert json.loads(shown.out) == [
        {
            "task": "task-43",
            "key": "task.id",
            "start_time": T0 + 60_000 * MS,
            "wall_time_ms": 1250.0,
            "services": ["patcher"],
            "actions": {"building": 1},
            "gen_ai_calls": 0,
            "input_tokens": 0,
            "output_tokens": 0,
            "failed_spans": 0,
            "spans": 1,
        },
        {
            "task": "task-42",
            "key": "task.id",
            "start_time": T0,
            "wall_time_ms": 3000.0,
            "services": ["patcher"],
            "actions": {"patch_generation": 1, "testing": 1},
            "gen_ai_calls": 2,
            "input_tokens": 154,
            "output_tokens": 95,
            "failed_spans": 1,
            "spans": 6,
        },
    ]
    table = cli("--db", str(crs_db), "tasks")
    assert table.status == 0
    lines = [" ".join(line.split()) for line in table.out.splitlines()]
    assert "2 task(s) by task.id, started (UTC), GenAI calls and their tokens in/out" in lines
    assert "task-43 12-02 22:31:00 1.25 s building 1 0 0/0" in lines
    row = lines.index("task-42 12-02 22:30:00 3.00 s patch_generation 1, 2 154/95")
    assert lines[row + 1] == "testing 1"  # one action category a line
    assert lines[-1] == "Show one: genotel tasks task-43"


def test_tasks_table_fits_a_terminal_of_80_columns(cli, crs_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # what rich assumes when the output is a pipe
    table = cli("--db", str(crs_db), "tasks")
    lines = [" ".join(line.split()) for line in table.out.splitlines()]
    assert "task-42 12-02 22:30:00 3.00 s patch_generation 1, 2 154/95" in lines  # no category cut short


def test_tasks_groups_by_another_metadata_key(cli, crs_db):
    shown = cli("--db", str(crs_db), "--json", "tasks", "--key", "round.id")
    (round_3,) = json.loads(shown.out)
    assert round_3["task"] == "round-3" and round_3["key"] == "round.id"
    assert round_3["actions"] == {"building": 1, "patch_generation": 1, "testing": 1}
    assert round_3["wall_time_ms"] == 61_250.0 and round_3["spans"] == 7


def test_one_task_shows_its_actions_as_a_tree_with_their_genai_calls(cli, crs_db):
    shown = cli("--db", str(crs_db), "--json", "tasks", "task-42")
    assert shown.status == 0, shown.err
    detail = json.loads(shown.out)
    assert detail["summary"]["task"] == "task-42" and detail["summary"]["gen_ai_calls"] == 2
    patch, check = detail["actions"]
    assert (patch["name"], patch["kind"], patch["status_code"]) == ("fix png_read_chunk", "action", "UNSET")
    assert patch["attributes"] == {
        "crs.action.category": "patch_generation",
        "crs.action.name": "fix png_read_chunk",
        "crs.action.code.file": "src/png.c",
        "crs.action.gen_ai.id": "chatcmpl-patch",
    }
    # The second call ran under "own step": it is shown under the action all the same.
    assert [(call["kind"], call["attributes"]["gen_ai.response.id"]) for call in patch["children"]] == [
        ("gen_ai", "chatcmpl-diag"),
        ("gen_ai", "chatcmpl-patch"),
    ]
    assert patch["children"][1]["attributes"] == {
        "gen_ai.response.id": "chatcmpl-patch",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 96,
        "gen_ai.usage.output_tokens": 71,
    }
    assert (check["name"], check["status_code"], check["children"]) == ("run tests", "ERROR", [])
    tree = cli("--db", str(crs_db), "tasks", "task-42")
    lines = [" ".join(line.split()) for line in tree.out.splitlines()]
    assert lines[0] == "task task.id=task-42 3.00 s 2 GenAI call(s) tokens 154 in / 95 out"
    assert "├── fix png_read_chunk [patch_generation] 1,515.0 ms file=src/png.c" in lines
    assert any(
        "chat gpt-4o-mini" in line and "tokens 96 in / 71 out" in line and "chatcmpl-patch" in line for line in lines
    )
    assert "└── run tests [testing] 1,000.0 ms error=AssertionError" in lines


def test_no_task_yet_is_an_empty_table(cli, tmp_path):
    db = tmp_path / "empty.db"
    StoreSpanExporter(db).shutdown()
    shown = cli("--db", str(db), "tasks")
    assert shown.status == 0 and "0 task(s) by task.id" in shown.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("tasks", "task-99"), "no task 'task-99' in the store (no span has task.id=task-99)"),
        (("tasks", "--key", "team.id"), "no span in the store carries 'team.id'"),
        (("tasks", "--key", ""), "malformed --key ''"),
        (("tasks", "--key", "task.id=1"), "malformed --key 'task.id=1'"),
        (("tasks", "--limit", "x"), "invalid int value"),
    ],
)
def test_bad_input_is_one_line_and_status_2(cli, crs_db, argv, message):
    shown = cli("--db", str(crs_db), *argv)
    assert shown.status == 2
    (line,) = shown.err.splitlines()
    assert line.startswith("genotel: error: ") and message in line
    assert shown.out == ""


def test_a_missing_store_is_one_line_and_status_2(cli, tmp_path):
    shown = cli("--db", str(tmp_path / "none.db"), "tasks")
    assert shown.status == 2 and len(shown.err.splitlines()) == 1
