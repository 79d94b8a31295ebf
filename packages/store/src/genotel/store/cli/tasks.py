"""``genotel tasks``: the CRS view of the store — the tasks a CRS worked on, and one task's actions.

A task is every span carrying the same value of a metadata key (``task.id`` unless ``--key`` says
otherwise; genotel-crs stamps the task's metadata on every span worked under it). Actions are the
spans with ``crs.action.category``; GenAI calls the spans with ``gen_ai.operation.name``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..store import TraceStore
from . import render
from .commands import UsageError

DEFAULT_KEY = "task.id"
CATEGORY = "crs.action.category"
OPERATION = "gen_ai.operation.name"
INPUT_TOKENS, OUTPUT_TOKENS = "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"


def add_parser(commands: Any) -> None:
    tasks = commands.add_parser("tasks", help="CRS tasks: actions per category, GenAI calls, tokens, wall time")
    tasks.add_argument("task_id", nargs="?", metavar="TASK_ID", help="show this task's actions as a tree")
    tasks.add_argument(
        "--key", help=f"the metadata key that names a task (default {DEFAULT_KEY}; e.g. round.id to group by round)"
    )
    tasks.add_argument("--limit", type=int, default=20, help="at most this many tasks, newest first (default 20)")


def tasks(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    key = _key(arguments.key)
    with TraceStore(arguments.db, read_only=True) as store:
        if arguments.task_id is None:
            spans = store.query_spans([_has(key)], limit=None, order_by="start_time")
        else:
            spans = store.query_spans([_is(key, arguments.task_id)], limit=None, order_by="start_time")
    if arguments.task_id is not None:
        if not spans:
            raise UsageError(f"no task {arguments.task_id!r} in the store (no span has {key}={arguments.task_id})")
        detail = {"summary": summarize(arguments.task_id, spans, key), "actions": action_tree(spans)}
        if arguments.json:
            render.print_json(out, detail)
        else:
            out.print(task_tree(detail))
        return 0
    if not spans and arguments.key is not None:
        raise UsageError(f"no span in the store carries {key!r}: name the key your tasks' metadata uses")
    groups: dict[str, list[dict[str, Any]]] = {}
    for span in spans:
        groups.setdefault(str(span["attributes"][key]), []).append(span)
    found = sorted((summarize(task_id, group, key) for task_id, group in groups.items()), key=_newest_first)
    shown = found[: max(arguments.limit, 0)]
    if arguments.json:
        render.print_json(out, shown)
    else:
        out.print(tasks_table(shown, key))
        if len(found) > len(shown):
            out.print(f"{len(found) - len(shown)} more; raise --limit to see them", style="dim")
        elif shown:
            out.print(f"Show one: genotel tasks {shown[0]['task']}", style="dim")
    return 0


def _key(raw: str | None) -> str:
    key = DEFAULT_KEY if raw is None else raw.strip()
    if not key or any(mark in key for mark in "=<>!,") or key.startswith("attributes."):
        raise UsageError(f"malformed --key {raw!r}: expected a metadata key such as task.id or round.id")
    return key


def _has(key: str) -> dict[str, Any]:
    return {"key": f"attributes.{key}", "op": "gt", "value": ""}  # any non-empty string, found by the index


def _is(key: str, value: str) -> dict[str, Any]:
    return {"key": f"attributes.{key}", "op": "eq", "value": value}


def _newest_first(summary: Mapping[str, Any]) -> tuple[int, str]:
    return (-(summary["start_time"] or 0), summary["task"])


def summarize(task_id: str, spans: Sequence[Mapping[str, Any]], key: str) -> dict[str, Any]:
    """One task's figures: actions per category, GenAI calls and their tokens, wall time, failures."""
    starts = [span["start_time"] for span in spans if span["start_time"] is not None]
    ends = [span["end_time"] for span in spans if span["end_time"] is not None]
    actions: dict[str, int] = {}
    calls = [span for span in spans if OPERATION in span["attributes"]]
    for span in spans:
        category = span["attributes"].get(CATEGORY)
        if category is not None:
            actions[str(category)] = actions.get(str(category), 0) + 1
    return {
        "task": task_id,
        "key": key,
        "start_time": min(starts) if starts else None,
        "wall_time_ms": (max(ends) - min(starts)) / 1e6 if starts and ends else None,
        "services": sorted({span["service_name"] for span in spans if span.get("service_name")}),
        "actions": dict(sorted(actions.items())),
        "gen_ai_calls": len(calls),
        "input_tokens": _total(calls, INPUT_TOKENS),
        "output_tokens": _total(calls, OUTPUT_TOKENS),
        "failed_spans": sum(1 for span in spans if span.get("status_code") == "ERROR"),
        "spans": len(spans),
    }


def _total(spans: Iterable[Mapping[str, Any]], key: str) -> int:
    return sum(value for span in spans if isinstance(value := span["attributes"].get(key), int))


def action_tree(spans: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The task's actions and GenAI calls, each under its nearest action (spans in between are skipped)."""
    by_id = {span["span_id"]: span for span in spans}
    nodes: dict[str, dict[str, Any]] = {}
    for span in spans:
        attributes = span["attributes"]
        if CATEGORY in attributes or OPERATION in attributes:
            nodes[span["span_id"]] = _node(span)
    roots: list[dict[str, Any]] = []
    for span_id, node in nodes.items():
        parent = by_id[span_id]["parent_span_id"]
        while parent is not None and parent not in nodes and parent in by_id:
            parent = by_id[parent]["parent_span_id"]
        (nodes[parent]["children"] if parent in nodes else roots).append(node)
    return roots


def _node(span: Mapping[str, Any]) -> dict[str, Any]:
    attributes = span["attributes"]
    node = {
        "span_id": span["span_id"],
        "trace_id": span["trace_id"],
        "name": span["name"],
        "kind": "action" if CATEGORY in attributes else "gen_ai",
        "status_code": span.get("status_code"),
        "duration_ms": span.get("duration_ms"),
        "service_name": span.get("service_name"),
        "attributes": {
            key: value for key, value in attributes.items() if key.startswith(("crs.", "fuzz.", "error.type"))
        },
        "children": [],
    }
    if CATEGORY not in attributes:
        node["attributes"] = {
            key: attributes[key]
            for key in ("gen_ai.response.id", "gen_ai.response.model", "gen_ai.request.model", INPUT_TOKENS,
                        OUTPUT_TOKENS, "error.type")
            if key in attributes
        }  # fmt: skip
    return node


def tasks_table(summaries: Sequence[Mapping[str, Any]], key: str) -> Table:
    table = render._table(f"{len(summaries)} task(s) by {key}, started (UTC), GenAI calls and their tokens in/out")
    actions_of = [[f"{category} {count}" for category, count in summary["actions"].items()] for summary in summaries]
    table.add_column(key, no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("wall time", justify="right", no_wrap=True)
    # Wide enough for the longest "category count" (18 for patch_generation): wrapped between entries, never cut.
    table.add_column("actions", ratio=1, min_width=max((len(one) for each in actions_of for one in each), default=1))
    table.add_column("calls", justify="right", no_wrap=True)
    table.add_column("tokens", justify="right", no_wrap=True)
    for summary, actions in zip(summaries, actions_of, strict=True):
        failed = summary["failed_spans"]
        table.add_row(
            Text(summary["task"], style="red" if failed else ""),
            render.timestamp(summary["start_time"]),
            _seconds(summary["wall_time_ms"]),
            ",\n".join(actions) or "-",
            str(summary["gen_ai_calls"]),
            f"{summary['input_tokens']}/{summary['output_tokens']}",
        )
    return table


def task_tree(detail: Mapping[str, Any]) -> Tree:
    summary = detail["summary"]
    title = Text(f"task {summary['key']}={summary['task']}", style="bold")
    title.append(
        f"  {_seconds(summary['wall_time_ms'])}  {summary['gen_ai_calls']} GenAI call(s)"
        f"  tokens {summary['input_tokens']} in / {summary['output_tokens']} out",
        style="dim",
    )
    tree = Tree(title)

    def add(branch: Tree, node: Mapping[str, Any]) -> None:
        child = branch.add(_label(node))
        for grandchild in node["children"]:
            add(child, grandchild)

    for node in detail["actions"]:
        add(tree, node)
    return tree


def _label(node: Mapping[str, Any]) -> Text:
    attributes = node["attributes"]
    failed = node["status_code"] == "ERROR"
    if node["kind"] == "gen_ai":
        label = render.span_label({**node, "attributes": attributes})
        if "gen_ai.response.id" in attributes:
            label.append(f"  {attributes['gen_ai.response.id']}", style="dim")
        return label
    label = Text(node["name"], style="bold red" if failed else "bold")
    label.append(f"  [{attributes.get(CATEGORY)}]", style="cyan")
    label.append(f"  {render.milliseconds(node['duration_ms'])}", style="dim")
    for key, shown in (("crs.action.code.file", "file"), ("crs.action.target.harness", "harness")):
        if key in attributes:
            label.append(f"  {shown}={attributes[key]}", style="green")
    if failed:
        label.append(f"  error={attributes.get('error.type', 'ERROR')}", style="red")
    return label


def _seconds(milliseconds: float | None) -> str:
    return "-" if milliseconds is None else f"{milliseconds / 1000:,.2f} s"
