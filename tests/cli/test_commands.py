"""Each ``genotel`` command on the demo's store, for people (tables) and scripts (``--json``), and every bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from genotel.store import TraceStore
from genotel.store.cli import commands
from tests.read_only import python_honouring_file_modes, read_only_file
from tests.store.bulk import fill

OPENAI_CHAT = "chat gpt-4o-mini"
# plan_trip, its two OpenAI chats, the embedding, Claude's stream, the Gemini translation,
# Bedrock's Converse and the tool span the demo records.
DEMO_SPANS = 8


def trace_id_of(db) -> str:
    with TraceStore(db, read_only=True) as store:
        (trace,) = store.query_traces()
    return trace["trace_id"]


def test_traces_table_and_json(cli, demo_db):
    trace_id = trace_id_of(demo_db)
    shown = cli("--db", str(demo_db), "traces")
    assert shown.status == 0
    assert trace_id in shown.out and "plan_trip" in shown.out and "genotel-demo" in shown.out
    listed = cli("--db", str(demo_db), "--json", "traces", "--limit", "5")
    (trace,) = json.loads(listed.out)
    assert trace["trace_id"] == trace_id and trace["span_count"] == DEMO_SPANS and trace["root_name"] == "plan_trip"


def test_traces_filtered_and_paged(cli, demo_db):
    matching = cli("--db", str(demo_db), "--json", "traces", "--where", "gen_ai.request.model=gpt-4o-mini")
    assert [trace["root_name"] for trace in json.loads(matching.out)] == ["plan_trip"]
    none = cli("--db", str(demo_db), "--json", "traces", "--where", "gen_ai.request.model=gpt-5")
    assert json.loads(none.out) == []
    skipped = cli("--db", str(demo_db), "--json", "traces", "--offset", "1")
    assert json.loads(skipped.out) == []


def test_trace_tree(cli, demo_db):
    trace_id = trace_id_of(demo_db)
    shown = cli("--db", str(demo_db), "trace", trace_id)
    assert shown.status == 0
    lines = shown.out.splitlines()
    assert lines[0] == f"trace {trace_id}"
    root = next(line for line in lines if "plan_trip" in line)
    chat = next(line for line in lines if OPENAI_CHAT in line)
    assert len(chat) - len(chat.lstrip(" │├└─")) > len(root) - len(root.lstrip(" │├└─"))  # nested under the app span
    as_json = json.loads(cli("--db", str(demo_db), "--json", "trace", trace_id).out)
    assert len(as_json["spans"]) == DEMO_SPANS


def test_spans_where_equal_and_numeric_comparison(cli, demo_db):
    chats = json.loads(cli("--db", str(demo_db), "--json", "spans", "--where", "gen_ai.request.model=gpt-4o-mini").out)
    assert sorted(span["attributes"]["gen_ai.usage.input_tokens"] for span in chats) == [84, 126]
    big = cli("--db", str(demo_db), "--json", "spans", "--where", "gen_ai.usage.input_tokens>100")
    assert [span["attributes"]["gen_ai.usage.input_tokens"] for span in json.loads(big.out)] == [126]
    picked = cli(
        "--db",
        str(demo_db),
        "--json",
        "spans",
        "--where",
        "gen_ai.system=anthropic",
        "--attributes",
        "gen_ai.usage.output_tokens",
    )
    (claude,) = json.loads(picked.out)
    assert claude["attributes"] == {"gen_ai.usage.output_tokens": 22}
    table = cli("--db", str(demo_db), "spans", "--where", "gen_ai.request.model!=gpt-4o-mini")
    assert "claude-sonnet-4-5-20250929" in table.out and "gpt-4o-mini-2024-07-18" not in table.out


def test_metrics_by_model(cli, demo_db):
    shown = cli("--db", str(demo_db), "--json", "metrics", "gen_ai.client.token.usage", "--by", "gen_ai.request.model")
    totals = {one["labels"]["gen_ai.request.model"]: sum(v for _, v in one["values"]) for one in json.loads(shown.out)}
    assert totals["gpt-4o-mini"] == 250 and totals["text-embedding-3-small"] == 20
    only_input = cli(
        "--db", str(demo_db), "--json", "metrics", "gen_ai.client.token.usage",
        "--by", "gen_ai.request.model", "--where", "gen_ai.token.type=input", "--where", "gen_ai.request.model=~gpt.*",
    )  # fmt: skip
    (series,) = json.loads(only_input.out)
    assert sum(v for _, v in series["values"]) == 84 + 126
    table = cli("--db", str(demo_db), "metrics", "gen_ai.client.operation.duration", "--by", "gen_ai.system")
    assert table.status == 0 and "gen_ai.system=openai" in table.out and "gen_ai.system=anthropic" in table.out


def test_export_writes_every_record_as_jsonl(cli, demo_db, tmp_path):
    target = tmp_path / "out" / "telemetry.jsonl"
    shown = cli("--db", str(demo_db), "export", str(target))
    assert shown.status == 0 and str(target) in shown.out
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert sum(record["record"] == "span" for record in records) == DEMO_SPANS
    assert any(record["record"] == "metric_point" for record in records)


def test_export_of_filtered_spans(cli, demo_db, tmp_path):
    target = tmp_path / "chats.jsonl"
    shown = cli(
        "--db", str(demo_db), "--json", "export", str(target),
        "--where", "gen_ai.system=openai", "--attributes", "gen_ai.request.model,gen_ai.usage.input_tokens",
    )  # fmt: skip
    assert json.loads(shown.out)["records"] == 3
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert sorted(row["gen_ai.usage.input_tokens"] for row in rows) == [20, 84, 126]
    assert {row["gen_ai.request.model"] for row in rows} == {"gpt-4o-mini", "text-embedding-3-small"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["spans", "--where", "gen_ai.request.model"], "malformed filter 'gen_ai.request.model'"),
        (["spans", "--where", "=gpt"], "malformed filter '=gpt'"),
        (["spans", "--where", "gen_ai.usage.input_tokens>=5"], "malformed filter"),
        (["spans", "--where", "gen_ai.request.model>gpt"], "compares numbers"),
        (["traces", "--limit", "ten"], "invalid int value"),
        (["trace", "0123456789abcdef0123456789abcdef"], "0123456789abcdef0123456789abcdef"),
        (["trace", "not-hex"], "not-hex"),
        (["metrics", "gen_ai.client.token.usage", "--since", "yesterday"], "malformed duration 'yesterday'"),
        (["metrics", "gen_ai.client.token.usage", "--where", "model~x"], "malformed label matcher"),
        (["frobnicate"], "invalid choice"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_input_is_one_line_and_status_2(cli, demo_db, argv, message):
    shown = cli("--db", str(demo_db), *argv)
    assert shown.status == 2
    (line,) = shown.err.splitlines()
    assert line.startswith("genotel: error: ") and message in line
    assert "Traceback" not in shown.err and shown.out == ""
    assert trace_id_of(demo_db)  # nothing stored was lost


def test_missing_database(cli, tmp_path):
    missing = tmp_path / "nowhere.db"
    shown = cli("--db", str(missing), "traces")
    assert shown.status == 2 and len(shown.err.splitlines()) == 1 and str(missing) in shown.err
    assert not missing.exists()


def test_corrupt_database_is_reported_and_left_as_it_was(cli, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not a database, but somebody's file" * 100)
    before = corrupt.read_bytes()
    shown = cli("--db", str(corrupt), "traces")
    assert shown.status == 2 and len(shown.err.splitlines()) == 1 and "genotel: error:" in shown.err
    assert corrupt.read_bytes() == before


def test_locked_database(cli, demo_db):
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        shown = cli("--db", str(demo_db), "traces")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert shown.status == 2 and len(shown.err.splitlines()) == 1 and "lock" in shown.err
    assert trace_id_of(demo_db)


DEMO_INTO = """
import sys
from genotel.store.cli import main
sys.exit(main(["--db", sys.argv[1], "demo"]))
"""


def test_demo_into_a_read_only_store_is_one_line_and_status_2(demo_db, tmp_path):
    target = tmp_path / "telemetry.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # readable without creating -wal/-shm files
    before = target.read_bytes()
    with read_only_file(target):
        command = python_honouring_file_modes(DEMO_INTO, str(target))
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("genotel: error: ") and "read-only" in line
    assert target.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["telemetry.db"]  # no journal or -wal beside it


def test_export_of_filtered_spans_keeps_all_their_attributes(cli, demo_db, tmp_path):
    target = tmp_path / "claude.jsonl"
    shown = cli("--db", str(demo_db), "export", str(target), "--where", "gen_ai.system=anthropic")
    assert shown.status == 0 and "Wrote 1 span(s)" in shown.out
    (row,) = [json.loads(line) for line in target.read_text().splitlines()]
    assert row["name"] == "chat claude-sonnet-4-5-20250929"
    assert row["gen_ai.usage.output_tokens"] == 22 and row["gen_ai.completion.0.content"].startswith("Yellow trams")


def test_spans_limit_reads_only_what_it_shows(cli, tmp_path, rows_read, monkeypatch):
    db = tmp_path / "bulk.db"
    fill(db, 300)
    rows_read["rows"] = 0
    shown = cli("--db", str(db), "--json", "spans", "--where", "gen_ai.operation.name=chat", "--limit", "5")
    assert shown.status == 0 and len(json.loads(shown.out)) == 5
    assert rows_read["rows"] < 20  # not the 300 matching spans
    table = cli("--db", str(db), "spans", "--where", "gen_ai.operation.name=chat", "--limit", "5")
    assert "295 more; raise --limit to see them" in table.out  # counted by SQLite, not by reading them
    monkeypatch.setattr(commands, "MORE_COUNTED_UP_TO", 100)
    rows_read["rows"] = 0
    capped = cli("--db", str(db), "spans", "--where", "gen_ai.operation.name=chat", "--limit", "5")
    assert "100+ more; raise --limit to see them" in capped.out and rows_read["rows"] < 20
    negative = cli("--db", str(db), "spans", "--where", "name=x", "--limit", "-1")
    assert negative.status == 2 and "--limit must be 0 or more" in negative.err


@pytest.mark.parametrize(
    "argv",
    [
        ("--db", "{db}", "--json", "traces"),
        ("traces", "--json", "--db", "{db}"),
        ("--db", "{db}", "traces", "--json"),
        ("--json", "traces", "--db", "{db}", "--limit", "1"),
    ],
)
def test_global_options_before_or_after_the_command(cli, demo_db, argv):
    shown = cli(*(item.format(db=demo_db) for item in argv))
    assert shown.status == 0, shown.err
    (trace,) = json.loads(shown.out)
    assert trace["root_name"] == "plan_trip"


@pytest.mark.parametrize("as_json", [False, True])
def test_output_into_a_closed_pipe_ends_quietly(demo_db, as_json):
    json_option = ["--json"] if as_json else []
    trace_id = trace_id_of(demo_db)
    command = [sys.executable, "-m", "genotel.store.cli", "--db", str(demo_db), *json_option, "trace", trace_id]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader is gone before the first line is printed, as `| head -0` would be
    _, error = child.communicate(timeout=60)
    assert error == b""  # no traceback, no "Exception ignored" at exit
    assert child.returncode == 141  # as a shell reports a command ended by SIGPIPE
