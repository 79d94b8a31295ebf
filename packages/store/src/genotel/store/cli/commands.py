"""One function per ``genotel`` subcommand: parse what the user typed, ask the store, show the answer."""

from __future__ import annotations

import argparse
import contextlib
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..store import TraceStore
from . import render


class UsageError(Exception):
    """What the user typed cannot be run; the message says what to type instead."""


# Longest first, so "!=" is not read as "!" then "=".
_FILTER_OPS = (("!=", "ne"), ("=", "eq"), (">", "gt"), ("<", "lt"))
_LABEL_OPS = ("=~", "!~", "!=", "=")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_SPAN = re.compile(r"^(\d+)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MORE_COUNTED_UP_TO = 10_000  # `genotel spans` says "10,000+ more" rather than count a million spans


def parse_where(expression: str) -> dict[str, Any]:
    """``KEY=VALUE`` (or ``!=``, ``>``, ``<``) as a store filter; numbers compare as numbers."""
    found = next(((symbol, op) for symbol, op in _FILTER_OPS if symbol in expression), None)
    if found is None:
        raise UsageError(f"malformed filter {expression!r}: expected KEY=VALUE, KEY!=VALUE, KEY>VALUE or KEY<VALUE")
    symbol, op = found
    key, _, raw = (part.strip() for part in expression.partition(symbol))
    if not key or not raw or key[-1] in "<>!":
        raise UsageError(f"malformed filter {expression!r}: a key, one of = != > <, and a value are needed")
    value: Any = raw
    if _NUMBER.match(raw):
        value = float(raw) if any(mark in raw for mark in ".eE") else int(raw)
    elif op in ("gt", "lt"):
        raise UsageError(f"malformed filter {expression!r}: {symbol} compares numbers")
    return {"key": key, "op": op, "value": value}


def parse_label_matcher(expression: str) -> dict[str, str]:
    for symbol in _LABEL_OPS:
        name, found, value = expression.partition(symbol)
        if found and name.strip():
            return {"name": name.strip(), "operator": symbol, "value": value.strip()}
    raise UsageError(f"malformed label matcher {expression!r}: expected LABEL=VALUE, !=, =~ or !~")


def parse_duration(text: str) -> int:
    match = _SPAN.match(text.strip())
    if not match:
        raise UsageError(f"malformed duration {text!r}: expected a number and s, m, h or d (e.g. 24h)")
    return int(match[1]) * _SECONDS[match[2]]


def _open(arguments: argparse.Namespace) -> TraceStore:
    return TraceStore(arguments.db, read_only=True)


def traces(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    filters = [parse_where(item) for item in arguments.where]
    order = ["start_time"] if arguments.oldest_first else ["-start_time"]
    with _open(arguments) as store:
        found = store.query_traces(filters or None, limit=arguments.limit, offset=arguments.offset, order_by=order)
    if arguments.json:
        render.print_json(out, found)
    else:
        out.print(render.traces_table(found))
        if found:
            out.print(f"Show one: genotel trace {found[0]['trace_id']}", style="dim")
    return 0


def trace(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    with _open(arguments) as store:
        spans = store.get_trace(arguments.trace_id)
        events = store.get_events(arguments.trace_id)
    if arguments.json:
        render.print_json(out, {"spans": spans, "events": events})
    else:
        out.print(render.span_tree(spans, events))
    return 0


def spans(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    if not arguments.where:
        raise UsageError("spans needs at least one --where KEY=VALUE (use 'genotel traces' to list everything)")
    if arguments.limit < 0:
        raise UsageError(f"--limit must be 0 or more, got {arguments.limit}")
    filters = [parse_where(item) for item in arguments.where]
    with _open(arguments) as store:
        # one row past the limit tells whether there are more; only then are they counted, in SQL, up to a cap
        found = store.query_spans(filters, attributes_to_return=_keys(arguments.attributes), limit=arguments.limit + 1)
        shown = found[: arguments.limit]
        more = 0
        if len(found) > len(shown) and not arguments.json:
            more = store.count_spans(filters, up_to=len(shown) + MORE_COUNTED_UP_TO) - len(shown)
    if arguments.json:
        render.print_json(out, shown)
    else:
        out.print(render.spans_table(shown))
        if more > 0:
            counted = f"{more:,}+" if more >= MORE_COUNTED_UP_TO else f"{more:,}"
            out.print(f"{counted} more; raise --limit to see them", style="dim")
    return 0


def metrics(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    matchers = [parse_label_matcher(item) for item in arguments.where]
    now = time.time()
    start = now - parse_duration(arguments.since)
    with _open(arguments) as store:
        series = store.query_metrics(
            arguments.name,
            start_time=start,
            end_time=now,
            granularity=arguments.granularity,
            query_type="range" if arguments.granularity else "instant",
            label_matchers=matchers or None,
            group_by=arguments.by or None,
        )
    if arguments.json:
        render.print_json(out, series)
    else:
        out.print(render.metrics_table(arguments.name, series))
    return 0


def export(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    """Every record as JSONL; with ``--where`` or ``--attributes``, a dataset of matching spans instead."""
    dataset = bool(arguments.where or arguments.attributes)
    filters = [parse_where(item) for item in arguments.where] or None
    with _open(arguments) as store, _progress(err, quiet=arguments.json) as advance:
        if dataset:
            total = store.count_spans(filters)
            written = store.save_spans_to_dataset(
                filters, _keys(arguments.attributes), arguments.file, lambda done: advance(done, total)
            )
        else:
            written = store.export_all(arguments.file, advance)
    what = "span(s)" if dataset else "record(s)"
    if arguments.json:
        render.print_json(out, {"file": arguments.file, "records": written})
    else:
        out.print(f"Wrote {written} {what} to {arguments.file}", markup=False, highlight=False)
    return 0


@contextlib.contextmanager
def _progress(err: Console, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (left off for ``--json`` and when stderr is not a terminal)."""
    columns = (TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("export", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def _keys(text: str | None) -> list[str] | None:
    return [key.strip() for key in text.split(",") if key.strip()] if text else None


def demo(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    from ..demo import run_demo

    status = run_demo(arguments.db, out, as_json=arguments.json)
    if status or not arguments.serve:
        return status
    from .serve import serve as serve_viewer  # here, not at the top: that module uses UsageError from this one

    return serve_viewer(arguments, out, err)


def tasks(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    from .tasks import tasks as show_tasks  # here, not at the top: that module uses UsageError from this one

    return show_tasks(arguments, out, err)


def serve(arguments: argparse.Namespace, out: Console, err: Console) -> int:
    from .serve import serve as serve_api

    return serve_api(arguments, out, err)


COMMANDS: dict[str, Callable[[argparse.Namespace, Console, Console], int]] = {
    "demo": demo,
    "traces": traces,
    "trace": trace,
    "spans": spans,
    "metrics": metrics,
    "export": export,
    "tasks": tasks,
    "serve": serve,
}
