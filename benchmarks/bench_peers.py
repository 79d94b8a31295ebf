"""Overhead of genotel, OpenLLMetry and the official OpenTelemetry GenAI instrumentations, one run.

Every implementation x mode runs in its own worker process (``worker.py``), each in the
environment where that implementation is installed. Rounds alternate implementations (the
order rotates every round), so drift on a shared machine hits them all alike; each round's
overhead is the implementation's time minus the bare SDK's time of the same round, and the
table shows medians over rounds. A peer that supports only an older release of an SDK runs in a
venv of its own with bare and genotel beside it (``stacks.py``). Run with ``python3 -m nox -s
bench``; see RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import suites  # noqa: E402
from implementations import IMPLEMENTATIONS, MODES  # noqa: E402
from report import write_results  # noqa: E402
from stacks import name_rows, plan  # noqa: E402


class WorkerProcess:
    """One worker: a subprocess speaking one JSON line per command and answer."""

    def __init__(self, python: str, implementation: str, mode: str, suite_names: list[str]) -> None:
        self.implementation, self.mode = implementation, mode
        self.process = subprocess.Popen(
            [python, str(HERE / "worker.py"), implementation, mode],
            env={**os.environ, "GENOTEL_BENCH_SUITES": ",".join(suite_names)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # asyncio's shutdown chatter; failures show as a missing answer
            text=True,
        )

    def send(self, command: str, **arguments: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({command: arguments}) + "\n")
        self.process.stdin.flush()

    def receive(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.implementation} / {self.mode} exited (rc {self.process.poll()})")
        return json.loads(line)

    def ask(self, command: str, **arguments: Any) -> Any:
        self.send(command, **arguments)
        return self.receive()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send("quit")
        self.process.wait(timeout=30)


def _pythons(specs: list[str]) -> dict[str, str]:
    pythons = {name: sys.executable for name in ("bare", "floor", "genotel")}
    for spec in specs:
        name, _, path = spec.partition("=")
        pythons[name] = path
    return pythons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--python", action="append", default=[], help="IMPLEMENTATION=PATH of its interpreter")
    parser.add_argument("--implementations", default=",".join(IMPLEMENTATIONS))
    parser.add_argument("--modes", default=",".join(mode.key for mode in MODES), help="comma-separated mode keys")
    parser.add_argument("--suites", default=",".join(suites.DEFAULT), help="comma-separated providers (suites/)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=150, help="calls per short non-stream scenario per round")
    parser.add_argument("--stream-calls", type=int, default=15, help="calls per stream scenario per round")
    parser.add_argument("--long-calls", type=int, default=15, help="calls per long-history scenario per round")
    parser.add_argument("--peak-calls", type=int, default=5)
    parser.add_argument("--retained-calls", type=int, default=10_000)
    parser.add_argument("--retained-stream-calls", type=int, default=500, help="stream and long-history calls")
    parser.add_argument(
        "--retained-modes", default="attributes-on,events-on", help="modes whose retained memory is measured"
    )
    parser.add_argument(
        "--pinned",
        action="append",
        default=[],
        help="SDK:PEER=PATH: a venv where PEER's instrumentor runs on the newest SDK release it supports; bare, "
        "genotel and PEER measure that SDK's suites there (stacks.py)",
    )
    parser.add_argument("--output", type=Path, default=None, help="write the Markdown report here")
    args = parser.parse_args()

    started = time.time()
    os.environ["GENOTEL_BENCH_SUITES"] = args.suites  # suites.selected() below reads it
    implementations = [name for name in args.implementations.split(",") if name]
    modes = [name for name in args.modes.split(",") if name]
    stacks = plan(implementations, suites.selected(), _pythons(args.python), args.pinned)
    workers = {
        (index, impl, mode): WorkerProcess(stack.pythons[impl], impl, mode, stack.suites[impl])
        for mode in modes
        for index, stack in enumerate(stacks)
        for impl in stack.suites
    }
    ready = {key: worker.receive() for key, worker in workers.items()}
    name_rows(stacks, {(index, impl): answer["versions"] for (index, impl, _), answer in ready.items()})
    # (implementation, mode, scenario) -> the error the call raised
    broken = {
        (impl, mode, scenario): error
        for (index, impl, mode), answer in ready.items()
        for scenario, error in stacks[index].relabel(answer["broken"]).items()
    }
    telemetry: dict[tuple[str, str], dict[str, Any]] = {}
    for (index, impl, mode), worker in workers.items():
        telemetry.setdefault((impl, mode), {}).update(stacks[index].relabel(worker.ask("telemetry")))

    timings: dict[tuple[str, str], list[dict[str, Any]]] = {(impl, mode): [] for _, impl, mode in workers}
    counts = {"calls": args.calls, "stream_calls": args.stream_calls, "long_calls": args.long_calls}
    for round_index in range(args.rounds):
        for key in timings:
            timings[key].append({})
        for mode in modes:
            for index, stack in enumerate(stacks):
                members = list(stack.suites)
                shift = round_index % len(members)
                for impl in members[shift:] + members[:shift]:
                    measured = workers[index, impl, mode].ask(
                        "time", **counts, paired=True, bare_first=round_index % 2 == 0
                    )
                    timings[impl, mode][-1].update(stack.relabel(measured))
        print(f"round {round_index + 1}/{args.rounds} done at {time.time() - started:.0f}s", file=sys.stderr)

    retained_modes = set(args.retained_modes.split(","))
    for (_, _, mode), worker in workers.items():  # memory is not timed: all workers at once
        retained = mode in retained_modes
        worker.send(
            "memory",
            peak_calls=args.peak_calls,
            retained_calls=args.retained_calls if retained else 0,
            retained_stream_calls=args.retained_stream_calls if retained else 0,
        )
    memory = {(stacks[index].row(impl), mode): worker.receive() for (index, impl, mode), worker in workers.items()}
    for worker in workers.values():
        worker.close()
    print(f"measured in {time.time() - started:.0f}s", file=sys.stderr)

    report = write_results(
        implementations=implementations,
        modes=modes,
        timings=timings,
        memory=memory,
        telemetry=telemetry,
        broken=broken,
        versions={
            stacks[index].row(impl): answer["versions"]
            for (index, impl, mode), answer in ready.items()
            if mode == modes[0]
        },
        settings=vars(args),
        elapsed=time.time() - started,
    )
    print(report)
    if args.output is not None:
        args.output.write_text(report)


if __name__ == "__main__":
    main()
