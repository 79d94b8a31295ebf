"""The Markdown report of one benchmark run: overhead tables, ratios to the best peer, memory."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from typing import Any

from canned import CHUNKS
from implementations import MODES_BY_KEY, PEERS, SETTINGS

NON_STREAM_TARGET = 0.5  # genotel overhead / best peer overhead, per call
STREAM_TARGET = 0.3  # the same, per stream chunk

# What each scenario sends (scenarios.py, histories.py); each runs sync and async.
SCENARIOS = {
    "openai chat": "`chat.completions.create`, a system and a user message",
    "openai tool call": "one user message and `tools=` (one function); the canned answer is a tool call",
    "openai stream": f"the chat streamed: {CHUNKS} content chunks, then a usage chunk",
    "openai long history": (
        "200 messages: a system prompt, 54 turns of questions, assistant `tool_calls` (one or two), "
        "`role: tool` results and answers, a last question; `tools=` (two functions); the canned answer is a tool call"
    ),
    "openai generator messages": "the chat with `messages=` a generator expression built per call",
    "anthropic messages": "`messages.create`, `system=` and one user message",
    "anthropic stream": f"the same streamed: {CHUNKS} text deltas",
    "anthropic long history": (
        "`system=` and 199 messages: 59 turns of questions, assistant `tool_use` blocks (one or two), "
        "user `tool_result` blocks and answers, a last question; `tools=` (two tools)"
    ),
    "anthropic generator messages": "the messages call with `messages=` a generator expression built per call",
}


def _overheads(
    timings: dict[tuple[str, str], list[dict[str, float]]], impl: str, mode: str, scenario: str
) -> tuple[float, float]:
    """Median bare µs, and median over rounds of (implementation - bare) in the same round."""
    bare = [run[scenario] for run in timings["bare", mode]]
    mine = [run[scenario] for run in timings[impl, mode]]
    return statistics.median(bare), statistics.median(m - b for m, b in zip(mine, bare, strict=True))


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
    timings: dict[tuple[str, str], list[dict[str, float]]],
    lost: dict[tuple[str, str, str], tuple[int, int]],
) -> tuple[list[str], list[tuple[str, str, float | None, bool | None]]]:
    """One row per scenario; † marks a cell whose calls did not send the user's messages (see the telemetry)."""
    others = [impl for impl in implementations if impl != "bare"]
    peers = [impl for impl in others if impl in PEERS]
    header = ["scenario", "bare µs/call", *(f"{impl} µs" for impl in others)]
    header += ["genotel / best peer", "target"] + (["floor / best peer"] if "floor" in others else [])
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    verdicts = []
    for scenario in timings["bare", mode][0]:
        stream = "stream" in scenario
        per = CHUNKS if stream else 1
        bare, _ = _overheads(timings, "bare", mode, scenario)
        cells = [scenario + (f" — per chunk (/{CHUNKS})" if stream else ""), f"{bare / per:.1f}"]
        overhead = {impl: _overheads(timings, impl, mode, scenario)[1] / per for impl in others}
        cells += [
            (f"{overhead[impl]:.2f}" if stream else f"{overhead[impl]:.0f}")
            + (" †" if (impl, mode, scenario) in lost else "")
            for impl in others
        ]
        best = min((overhead[impl] for impl in peers), default=None)
        ratio = None
        met: bool | None = None
        if "genotel" in overhead and best is not None and best > 0:
            ratio = max(overhead["genotel"], 0.0) / best
            met = ratio <= (STREAM_TARGET if stream else NON_STREAM_TARGET)
        cells.append(f"{ratio:.2f}" if ratio is not None else "n/a")
        cells.append({True: "met", False: "**not met**", None: "n/a"}[met])
        if "floor" in overhead:
            cells.append(f"{max(overhead['floor'], 0.0) / best:.2f}" if best else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
        verdicts.append((mode, scenario, ratio, met))
    return lines, verdicts


def _kind(scenario: str) -> str:
    return "stream" if "stream" in scenario else "long" if "long" in scenario else "short"


def _scenario_lines(scenarios: list[str]) -> list[str]:
    """One line per scenario, sync and async together, in the tables' order."""
    names = list(dict.fromkeys(name.rsplit(" (", 1)[0] for name in scenarios))
    return [f"- **{name}**: {SCENARIOS.get(name, 'no description')}" for name in names]


def _memory_table(implementations: list[str], modes: list[str], memory: dict[Any, Any]) -> list[str]:
    lines = [
        "| mode | implementation | peak KiB/call, short non-stream (median of scenarios) | peak KiB/call, long "
        "history | peak KiB/call, stream | retained bytes after the calls below |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for mode in modes:
        for impl in implementations:
            result = memory[impl, mode]
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


def _telemetry_lines(implementations: list[str], modes: list[str], telemetry: dict[Any, Any]) -> list[str]:
    lines = [
        "| mode | implementation | spans/call | span attributes/call | log records/call |",
        "|---|---|---|---|---|",
    ]
    for mode in modes:
        for impl in implementations:
            per_scenario = telemetry[impl, mode].values()
            spans = sorted({entry["spans"] for entry in per_scenario})
            attributes = sorted({entry["span_attributes"] for entry in per_scenario})
            logs = sorted({entry["log_records"] for entry in per_scenario})
            lines.append(
                f"| {_title(mode)} | {impl} | {', '.join(map(str, spans))} | {min(attributes)}-{max(attributes)} "
                f"| {min(logs)}-{max(logs)} |"
            )
    return lines


def _lost_messages(
    implementations: list[str], modes: list[str], telemetry: dict[Any, Any]
) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(implementation, mode, scenario) whose request carried other messages than the bare SDK's: (sent, expected)."""
    lost = {}
    for mode in modes:
        expected = telemetry.get(("bare", mode), {})
        for impl in implementations:
            for scenario, entry in telemetry[impl, mode].items():
                want = expected.get(scenario, {}).get("messages_sent")
                if want is not None and entry.get("messages_sent") != want:
                    lost[impl, mode, scenario] = (entry.get("messages_sent"), want)
    return lost


def _lost_lines(modes: list[str], lost: dict[tuple[str, str, str], tuple[int, int]]) -> list[str]:
    if not lost:
        return ["Every request reached the canned server with the messages the bare SDK sent."]
    lines = [
        "† Messages lost: these requests reached the canned server with other messages than the bare SDK sent "
        "(the instrumentation consumed what the user passed, so the call was broken and its time is not "
        "comparable):",
        "",
    ]
    by_call: dict[tuple[str, str, int, int], list[str]] = {}
    for (impl, mode, scenario), (sent, want) in lost.items():
        by_call.setdefault((impl, scenario, sent, want), []).append(mode)
    for (impl, scenario, sent, want), where in by_call.items():
        in_modes = "every mode" if len(where) == len(modes) else "; ".join(_title(mode) for mode in where)
        lines.append(f"- **{impl}** / {scenario}: {sent} of {want} message(s) sent ({in_modes})")
    return lines


def write_results(
    *,
    implementations: list[str],
    modes: list[str],
    timings: dict[tuple[str, str], list[dict[str, float]]],
    memory: dict[Any, Any],
    telemetry: dict[Any, Any],
    versions: dict[str, dict[str, str]],
    settings: dict[str, Any],
    elapsed: float,
) -> str:
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lost = _lost_messages(implementations, modes, telemetry)
    out = [
        "# Overhead benchmark: genotel vs OpenLLMetry vs the official OpenTelemetry GenAI instrumentations",
        "",
        f"Run {today}, {elapsed / 60:.1f} minutes. Command: `python3 -m nox -s bench` "
        f"(rounds {settings['rounds']}, {settings['calls']} calls per short non-stream scenario, "
        f"{settings['stream_calls']} per stream scenario and {settings['long_calls']} per long-history scenario "
        "per round).",
        "",
        f"Machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}, shared and noisy: "
        "compare ratios within this run, not absolute times across runs.",
        "",
        "Overhead = implementation minus bare SDK in the same round, median over rounds, µs per call; stream rows "
        f"are per chunk (the whole stream's overhead / {CHUNKS}). The ratio is genotel's overhead over the best "
        f"peer's (target ≤ {NON_STREAM_TARGET} per call, ≤ {STREAM_TARGET} per stream chunk). `floor` is a "
        "reference, not a peer: the span and three histogram points alone; its ratio bounds what any "
        "implementation of the contract can reach.",
        "",
        "## Scenarios",
        "",
        "Through the real SDK clients on an in-process canned HTTP transport (`canned.py`), each sync and async:",
        "",
        *_scenario_lines(list(timings[implementations[0], modes[0]][0])),
        "",
        *_lost_lines(modes, lost),
        "",
    ]
    verdicts = []
    for mode in modes:
        lines, mode_verdicts = _timing_table(implementations, mode, timings, lost)
        verdicts += mode_verdicts
        out += [f"## {_title(mode)}", "", *lines, ""]
    missed = [f"{_title(mode)} / {scenario}" for mode, scenario, _, met in verdicts if met is False]
    unknown = [f"{_title(mode)} / {scenario}" for mode, scenario, _, met in verdicts if met is None]
    out += ["## Target", ""]
    out.append(f"Met in {sum(1 for v in verdicts if v[3])} of {len(verdicts)} scenario x mode cells.")
    if missed:
        out.append("Not met: " + "; ".join(missed) + ".")
    if unknown:
        out.append("No ratio (a peer's overhead measured ≤ 0, or no peer): " + "; ".join(unknown) + ".")
    out += ["", "## Memory", "", *_memory_table(implementations, modes, memory), ""]
    out += [
        "## What each call exported (one call per scenario)",
        "",
        *_telemetry_lines(implementations, modes, telemetry),
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
    for impl in implementations:
        out.append(f"- **{impl}**: " + ", ".join(f"{name} {version}" for name, version in versions[impl].items()))
    return "\n".join(out) + "\n"
