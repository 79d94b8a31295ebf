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
    implementations: list[str], mode: str, timings: dict[tuple[str, str], list[dict[str, float]]]
) -> tuple[list[str], list[tuple[str, str, float | None, bool | None]]]:
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
        cells += [f"{overhead[impl]:.2f}" if stream else f"{overhead[impl]:.0f}" for impl in others]
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


def _memory_table(implementations: list[str], modes: list[str], memory: dict[Any, Any]) -> list[str]:
    lines = [
        "| mode | implementation | peak KiB/call, non-stream (median of scenarios) | peak KiB/call, stream "
        "| retained bytes after the calls below |",
        "|---|---|---:|---:|---:|",
    ]
    for mode in modes:
        for impl in implementations:
            result = memory[impl, mode]
            peaks = result["peak_bytes"]
            plain = statistics.median(v for k, v in peaks.items() if "stream" not in k) / 1024
            stream = statistics.median(v for k, v in peaks.items() if "stream" in k) / 1024
            retained = f"{result['retained_bytes']:,}" if result["retained_calls"] else "-"
            lines.append(f"| {_title(mode)} | {impl} | {plain:.1f} | {stream:.1f} | {retained} |")
    first = max(memory.values(), key=lambda result: result["retained_calls"])
    lines.append("")
    lines.append(
        f"Retained: tracemalloc's current size after warm-up vs after {first['retained_calls']:,} non-stream calls "
        f"(round-robin over the six non-stream scenarios) and {first['retained_stream_calls']:,} stream calls, "
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
    out = [
        "# Overhead benchmark: genotel vs OpenLLMetry vs the official OpenTelemetry GenAI instrumentations",
        "",
        f"Run {today}, {elapsed / 60:.1f} minutes. Command: `python3 -m nox -s bench` "
        f"(rounds {settings['rounds']}, {settings['calls']} calls per non-stream scenario and "
        f"{settings['stream_calls']} per stream scenario per round).",
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
    ]
    verdicts = []
    for mode in modes:
        lines, mode_verdicts = _timing_table(implementations, mode, timings)
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
