"""The Markdown report of one benchmark run: overhead tables, ratios to the best peer and the floor, memory."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from typing import Any, NamedTuple

import suites
from canned import CHUNKS
from exported import broken_lines, floor_lines, lighter_lines, lost_lines, lost_messages, telemetry_lines
from implementations import MODES_BY_KEY, PEERS, SETTINGS

FLOOR_TARGET = 1.5  # genotel overhead / its mode's floor overhead, per call (non-stream rows)


class Verdict(NamedTuple):
    """One cell's goal: genotel below every peer (``lowest``), and per call within the floor's bound (``within``)."""

    mode: str
    scenario: str
    stream: bool
    lowest: bool | None  # None: no peer to compare with
    within: bool | None  # None: a stream row, or no floor ratio
    best_peer: str | None = None  # the peer with the lowest comparable overhead


# What each scenario sends (suites/, histories.py); each runs sync and async.
SCENARIOS = suites.described()


def _overheads(
    timings: dict[tuple[str, str], list[dict[str, Any]]], impl: str, mode: str, scenario: str
) -> tuple[float, float]:
    """The bare worker's median µs, and the median over rounds of (on - off) in the implementation's own worker;
    across processes (on - the bare worker, round by round) where the switch could not turn it off."""
    bare_runs = [run[scenario] for run in timings["bare", mode]]
    bare = statistics.median(bare_runs)
    if impl == "bare":
        return bare, 0.0
    pairs = [run[scenario] for run in timings[impl, mode]]
    if _switched_off(pairs):
        return bare, statistics.median(pair["instrumented"] - pair["bare"] for pair in pairs)
    return bare, statistics.median(pair["instrumented"] - b for pair, b in zip(pairs, bare_runs, strict=True))


def _switched_off(pairs: list[dict[str, Any]]) -> bool:
    return not any(pair["exported_off"] for pair in pairs)


def _unpaired(timings: dict[tuple[str, str], list[dict[str, Any]]]) -> set[tuple[str, str, str]]:
    """(implementation, mode, scenario) measured across processes: the switch left it exporting."""
    return {
        (impl, mode, scenario)
        for (impl, mode), runs in timings.items()
        if impl != "bare"
        for scenario in runs[0]
        if not _switched_off([run[scenario] for run in runs])
    }


def _left_on_lines(timings: dict[tuple[str, str], list[dict[str, Any]]]) -> list[str]:
    cells = sorted(f"{impl} / {_title(mode)} / {scenario}" for impl, mode, scenario in _unpaired(timings))
    if not cells:
        return ["Every implementation exported nothing while switched off: each pair compares the SDK alone with it."]
    return [
        "≠ Measured across processes: the switch could not turn these off (switched off, their calls still "
        "exported more than the bare SDK does: the SDK keeps wrapped methods on its client objects, as cohere's "
        "clients do), so their overhead is the instrumented batch minus the bare worker's in the same round, "
        "with the 1-4% process offset: " + "; ".join(cells) + "."
    ]


def _title(mode: str) -> str:
    return MODES_BY_KEY[mode].name


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _timing_table(
    implementations: list[str],
    mode: str,
    timings: dict[tuple[str, str], list[dict[str, Any]]],
    lost: dict[tuple[str, str, str], tuple[int, int]],
    broken: dict[tuple[str, str, str], str],
) -> tuple[list[str], list[Verdict]]:
    """One row per scenario; † marks a cell whose calls did not send the user's messages (see the telemetry),
    ✗ one whose calls raised under the instrumentation (not timed).

    A peer's † or ✗ cell is left out of the best peer (its call was broken, its time not comparable); a †
    or ✗ on genotel fails both parts of the goal.
    """
    others = [impl for impl in implementations if impl != "bare"]
    peers = [impl for impl in others if impl in PEERS]
    unpaired = _unpaired(timings)
    header = ["scenario", "bare µs/call", *(f"{impl} µs" for impl in others)]
    header += ["genotel / best peer", "genotel / floor", "lowest", f"≤ {FLOOR_TARGET}x floor"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    verdicts: list[Verdict] = []
    for scenario in timings["bare", mode][0]:
        stream = "stream" in scenario
        per = CHUNKS if stream else 1
        bare, _ = _overheads(timings, "bare", mode, scenario)
        cells = [scenario + (f" — per chunk (/{CHUNKS})" if stream else ""), f"{bare / per:.1f}"]
        measured = suites.measured_by(scenario)
        failed = {impl for impl in others if (impl, mode, scenario) in broken}
        ran = {impl for impl in others if scenario in timings.get((impl, mode), [{}])[0]}
        overhead = {
            impl: _overheads(timings, impl, mode, scenario)[1] / per
            for impl in others
            if impl in measured and impl in ran and impl not in failed
        }
        noted = suites.peer_notes(scenario)
        cells += [
            "✗"
            if impl in failed
            else ("— ‡" if impl in noted else "—")
            if impl not in overhead
            else (f"{overhead[impl]:.2f}" if stream else f"{overhead[impl]:.0f}")
            + (" †" if (impl, mode, scenario) in lost else "")
            + (" ≠" if (impl, mode, scenario) in unpaired else "")
            for impl in others
        ]
        mine = overhead.get("genotel")
        broke = ("genotel", mode, scenario) in lost or "genotel" in failed
        comparable = [impl for impl in peers if impl in overhead and (impl, mode, scenario) not in lost]
        best_peer = min(comparable, key=overhead.__getitem__, default=None)
        best = overhead[best_peer] if best_peer is not None else None
        floor = overhead.get("floor")
        peer_ratio = max(mine, 0.0) / best if mine is not None and best is not None and best > 0 else None
        floor_ratio = max(mine, 0.0) / floor if mine is not None and floor is not None and floor > 0 else None
        lowest = False if broke else None if mine is None or best is None else mine < best
        within = (
            False if broke and not stream else None if stream or floor_ratio is None else floor_ratio <= FLOOR_TARGET
        )
        cells.append(f"{peer_ratio:.2f}" if peer_ratio is not None else "n/a")
        cells.append(f"{floor_ratio:.2f}" if floor_ratio is not None else "n/a")
        cells.append(_verdict(lowest))
        cells.append("—" if stream else _verdict(within))
        lines.append("| " + " | ".join(cells) + " |")
        verdicts.append(Verdict(mode, scenario, stream, lowest, within, best_peer))
    return lines, verdicts


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "n/a"}[met]


def _goal_lines(verdicts: list[Verdict]) -> list[str]:
    """The count of each part of the goal, and the cells that miss it."""
    per_call = [verdict for verdict in verdicts if not verdict.stream]
    both = sum(1 for verdict in verdicts if verdict.lowest and (verdict.stream or verdict.within))
    lines = [
        f"- Lowest overhead, below every peer: met in {sum(1 for v in verdicts if v.lowest)} of {len(verdicts)} cells.",
        f"- Within {FLOOR_TARGET}x the mode's floor, per call: met in {sum(1 for v in per_call if v.within)} of "
        f"{len(per_call)} non-stream cells.",
        f"- Both parts (the first alone for stream rows): met in {both} of {len(verdicts)} cells.",
        "",
    ]
    for label, misses in (
        ("Not the lowest", [v for v in verdicts if v.lowest is False]),
        (f"Over {FLOOR_TARGET}x the floor", [v for v in per_call if v.within is False]),
        ("No peer to compare with", [v for v in verdicts if v.lowest is None]),
        ("No floor ratio (the floor's overhead measured ≤ 0, or no floor)", [v for v in per_call if v.within is None]),
    ):
        if misses:
            lines.append(f"{label}: " + "; ".join(f"{_title(v.mode)} / {v.scenario}" for v in misses) + ".")
            lines.append("")
    return lines


def _kind(scenario: str) -> str:
    return "stream" if "stream" in scenario else "long" if "long" in scenario else "short"


def _scenario_lines(scenarios: list[str]) -> list[str]:
    """One line per scenario, sync and async together, in the tables' order."""
    names = list(dict.fromkeys(name.rsplit(" (", 1)[0] for name in scenarios))
    return [f"- **{name}**: {SCENARIOS.get(name, 'no description')}" for name in names]


def _memory_table(modes: list[str], memory: dict[Any, Any]) -> list[str]:
    """One line per mode and worker (``memory`` is keyed by (row, mode); a pinned SDK's rows say which)."""
    lines = [
        "| mode | implementation | peak KiB/call, short non-stream (median of scenarios) | peak KiB/call, long "
        "history | peak KiB/call, stream | retained bytes after the calls below |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for mode in modes:
        for impl, result in ((row, result) for (row, of), result in memory.items() if of == mode):
            kinds: dict[str, list[float]] = {kind: [] for kind in ("short", "long", "stream")}
            for scenario, peak in result["peak_bytes"].items():
                kinds[_kind(scenario)].append(peak / 1024)
            cells = [f"{statistics.median(peaks):.1f}" if peaks else "-" for peaks in kinds.values()]
            retained = f"{result['retained_bytes']:,}" if result["retained_calls"] else "-"
            lines.append(f"| {_title(mode)} | {impl} | {' | '.join(cells)} | {retained} |")
    first = max(memory.values(), key=lambda result: result["retained_calls"])
    short = sum(1 for name in first["peak_bytes"] if _kind(name) == "short")
    lines.append("")
    lines.append(
        f"Retained: tracemalloc's current size after warm-up vs after {first['retained_calls']:,} short non-stream "
        f"calls (round-robin over the {short} short scenarios) and {first['retained_stream_calls']:,} stream and "
        "long-history calls, "
        "with the in-memory exporters cleared, after `gc.collect()`. A few KiB either way is allocator and "
        "SDK-cache noise (the bare row shows it); growth proportional to the calls would be a leak."
    )
    return lines


def _columns(implementations: list[str], timings: dict[tuple[str, str], Any]) -> list[str]:
    """The requested implementations, less a peer that measured nothing and that no selected suite mentions."""
    mentioned = {peer for suite in suites.selected() for peer in (*suite.VERSIONS, *getattr(suite, "PEER_NOTES", {}))}
    ran = {impl for impl, _ in timings}
    return [impl for impl in implementations if impl not in PEERS or impl in ran or impl in mentioned]


def _note_lines(rows: list[str]) -> list[str]:
    """‡: why a peer's cell is empty on the newest SDK, and the rows where it was measured instead."""
    lines = []
    for suite in suites.selected():
        for peer, note in getattr(suite, "PEER_NOTES", {}).items():
            pinned = sorted({row.split(" · ", 1)[1] for row in rows if " · " in row and suites.suite_of(row) is suite})
            where = f" Measured {', '.join(f'`{label}`' for label in pinned)} instead." if pinned else ""
            lines.append(f"- **{peer}** / {suite.__name__.rsplit('.', 1)[1]}: {note}.{where}")
    return ["‡ Not measured on the newest SDK:", "", *lines, ""] if lines else []


def write_results(
    *,
    implementations: list[str],
    modes: list[str],
    timings: dict[tuple[str, str], list[dict[str, Any]]],
    memory: dict[Any, Any],
    telemetry: dict[Any, Any],
    broken: dict[tuple[str, str, str], str],
    versions: dict[str, dict[str, str]],
    settings: dict[str, Any],
    elapsed: float,
) -> str:
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    implementations = _columns(implementations, timings)
    lost = lost_messages(implementations, modes, telemetry)
    chosen = "" if settings["suites"] == ",".join(suites.DEFAULT) else f" -- --suites {settings['suites']}"
    out = [
        "# Overhead benchmark: genotel vs OpenLLMetry vs the official OpenTelemetry GenAI instrumentations",
        "",
        f"Run {today}, {elapsed / 60:.1f} minutes. Command: `python3 -m nox -s bench{chosen}` "
        f"(rounds {settings['rounds']}, {settings['calls']} calls per short non-stream scenario, "
        f"{settings['stream_calls']} per stream scenario and {settings['long_calls']} per long-history scenario "
        "per round).",
        "",
        f"Machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}, shared and noisy: "
        "compare ratios within this run, not absolute times across runs.",
        "",
        "Overhead, paired in each implementation's own worker process: every round, each scenario's batch runs "
        "twice, with the instrumentation switched off and on, one right after the other (which goes first "
        "alternates by round); overhead = on minus off, median over rounds, µs per call; stream rows are per "
        f"chunk (the whole stream's overhead / {CHUNKS}). Two processes running the same bare SDK differ by 1-4% "
        "for as long as they live (memory layout, hash seeds): as much as the differences compared here, so no "
        "overhead is taken across processes. Switching off does not call the implementation's `uninstrument()` "
        "(not every peer's undoes its `instrument()`): the worker imports the SDKs and calls each scenario once "
        "before `instrument()` (as an application that instruments in code after its imports), then swaps "
        "exactly the SDK attributes `instrument()` replaced (`switch.py`). The bare column is the bare worker's "
        "own time.",
        "",
        *_left_on_lines(timings),
        "",
        "`floor` is a reference, not a peer: the least any implementation of genotel's telemetry contract pays in "
        "the mode, written straight for these scenarios (`floor.py`, `floor_content.py`): the span, the metric "
        "points in the span's context, and what the mode adds — nothing with content off in attributes mode, the "
        "indexed content attributes with content on, one log record per message and per choice in events mode. "
        "`check_floor.py` checks that it exports what genotel exports, call for call.",
        "",
        "Every implementation runs on the newest release of each SDK genotel supports. A peer whose instrumentor "
        "does not work there is measured, together with genotel and bare, in a venv of its own on the newest "
        "release it supports (rows ending `· on <SDK> <version>`), each overhead against the bare SDK of the same "
        "venv; on the newest SDK its cell is `— ‡` (the reason under the tables), and where it supports no "
        "release genotel supports it is not measured at all.",
        "",
        "The goal, per cell: genotel has the **lowest** overhead of the peers (`genotel / best peer` < 1; a peer "
        "marked † or ✗ is left out), and per call (non-stream rows) stays **within "
        f"{FLOOR_TARGET}x its mode's floor** (`genotel / floor` ≤ {FLOOR_TARGET}).",
        "",
        "## Scenarios",
        "",
        "Through the real SDK clients on an in-process canned HTTP transport (`canned.py`), each sync and async:",
        "",
        *_scenario_lines(list(timings[implementations[0], modes[0]][0])),
        "",
        *lost_lines(modes, lost),
        "",
        *broken_lines(modes, broken),
    ]
    verdicts: list[Verdict] = []
    for mode in modes:
        lines, mode_verdicts = _timing_table(implementations, mode, timings, lost, broken)
        verdicts += mode_verdicts
        out += [f"## {_title(mode)}", "", *lines, ""]
    out += _note_lines(list(timings["bare", modes[0]][0]))
    out += ["## Goal", "", *_goal_lines(verdicts), *lighter_lines(verdicts, telemetry)]
    out += ["## Memory", "", *_memory_table(modes, memory), ""]
    out += [
        "## What each call exported (one call per scenario)",
        "",
        *telemetry_lines(implementations, modes, telemetry),
        "",
        *floor_lines(modes, telemetry),
    ]
    out += ["", "## Settings per implementation", ""]
    out += [f"- **{impl}**: {SETTINGS[impl]}" for impl in implementations]
    out += [
        "- all: `ANTHROPIC_OPEN_TELEMETRY=false` (anthropic ≥ 2's own tracing off, for the baseline too), "
        "SimpleSpanProcessor + InMemorySpanExporter, LoggerProvider + SimpleLogRecordProcessor + "
        "InMemoryLogRecordExporter, MeterProvider + InMemoryMetricReader, passed to each instrumentor and set "
        "as the global providers.",
        "",
        "## Versions",
        "",
    ]
    for row, found in versions.items():
        out.append(f"- **{row}**: " + ", ".join(f"{name} {version}" for name, version in found.items()))
    return "\n".join(out) + "\n"
