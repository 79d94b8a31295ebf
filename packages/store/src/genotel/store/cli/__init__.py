"""The ``genotel`` command: the offline demo, and stored traces, spans, metrics and CRS tasks for people and scripts.

Every failure a user can cause (a malformed filter, an unknown id, a missing, locked,
read-only or corrupt database) ends as one line on stderr and exit status 2; the store is
opened read-only for everything but the demo, so a query never changes what is stored.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from rich.console import Console

from ..errors import StoreError
from . import serve, tasks
from .commands import COMMANDS, UsageError

USAGE_ERROR = 2
BROKEN_PIPE = 141  # what a shell reports for a command ended by SIGPIPE, as `cat file | head` does


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit status 2) like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="genotel", description="GenAI telemetry kept in an embedded store, and an offline demo.")
    _add_global_options(parser, defaults={"db": None, "json": False})
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    demo = commands.add_parser(
        "demo", help="instrumented OpenAI and Anthropic calls replayed offline, shown as a trace tree"
    )
    demo.add_argument("--serve", action="store_true", help="then serve the viewer on it (see genotel serve)")
    serve.add_options(demo)

    traces = commands.add_parser("traces", help="list traces, newest first")
    _add_where(traces)
    traces.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    traces.add_argument("--offset", type=int, default=0, help="skip this many first")
    traces.add_argument("--oldest-first", action="store_true", help="oldest first instead")

    trace = commands.add_parser("trace", help="one trace as a tree of spans with their messages")
    trace.add_argument("trace_id", metavar="ID", help="the trace id (32 hex digits)")

    spans = commands.add_parser("spans", help="spans whose attributes match every --where")
    _add_where(spans)
    spans.add_argument("--attributes", metavar="KEYS", help="comma-separated attributes to return (default: all)")
    spans.add_argument("--limit", type=int, default=50, help="at most this many shown (default 50)")

    metrics = commands.add_parser("metrics", help="a metric summed over time, grouped by labels")
    metrics.add_argument("name", metavar="NAME", help="e.g. gen_ai.client.token.usage")
    metrics.add_argument("--by", action="append", default=[], metavar="LABEL", help="group by this label (repeatable)")
    metrics.add_argument("--where", action="append", default=[], metavar="LABEL=VALUE", help="=, !=, =~ or !~")
    metrics.add_argument("--since", default="24h", help="how far back: 90s, 30m, 24h, 7d (default 24h)")
    metrics.add_argument("--granularity", help="bucket width for a range (e.g. 1m, 1h); default: one total")

    export = commands.add_parser("export", help="write every stored record, or a span dataset, to a JSONL file")
    export.add_argument("file", metavar="FILE")
    _add_where(export)
    export.add_argument(
        "--attributes", metavar="KEYS", help="dataset columns: spans carrying these attributes (default: all)"
    )
    tasks.add_parser(commands)
    serve.add_parser(commands)
    for command in commands.choices.values():  # `genotel traces --json` as well as `genotel --json traces`
        _add_global_options(command, defaults=None)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, defaults: dict[str, Any] | None) -> None:
    """--db and --json; after the command (`defaults=None`) they are only set when given, so one given
    before the command is kept."""
    taken = parser._option_string_actions  # a command with its own meaning for one of them keeps it
    if "--db" not in taken:
        parser.add_argument(
            "--db",
            metavar="PATH",
            default=defaults["db"] if defaults else argparse.SUPPRESS,
            help="the store file (default: $GENOTEL_STORE or .genotel/telemetry.db)",
        )
    if "--json" not in taken:
        parser.add_argument(
            "--json",
            action="store_true",
            default=defaults["json"] if defaults else argparse.SUPPRESS,
            help="print JSON for scripts instead of tables",
        )


def _add_where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--where", action="append", default=[], metavar="KEY=VALUE", help="filter: KEY=V, KEY!=V, KEY>V, KEY<V"
    )


class _Output(Console):
    """stdout: a closed pipe ends the command like any other output does, with BROKEN_PIPE (rich exits 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def main(argv: Sequence[str] | None = None) -> int:
    out, err = _Output(), Console(stderr=True)
    try:
        arguments = build_parser().parse_args(argv)
        return COMMANDS[arguments.command](arguments, out, err) or 0
    except (UsageError, StoreError) as error:
        err.print(f"genotel: error: {error}", markup=False, highlight=False, soft_wrap=True)
        return USAGE_ERROR
    except KeyboardInterrupt:
        err.print("genotel: interrupted", markup=False)
        return 130
    except BrokenPipeError:  # `genotel traces | head`: the reader has all it wanted
        _discard_stdout()
        return BROKEN_PIPE


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail on the closed pipe again."""
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
        os.close(descriptor)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's capture)
        pass


def run() -> NoReturn:
    """Console-script entry point."""
    status = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        status = BROKEN_PIPE
    sys.exit(status)


__all__: list[Any] = ["build_parser", "main", "run"]
