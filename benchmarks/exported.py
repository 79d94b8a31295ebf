"""What each implementation's calls exported and sent, for the report: telemetry counts, broken calls.

A cell's time is comparable only when the call worked (the user's messages reached the server, nothing
raised); and a peer that exports less for the same call does less work, which the report says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import suites
from implementations import MODES_BY_KEY

if TYPE_CHECKING:
    from report import Verdict


def _title(mode: str) -> str:
    return MODES_BY_KEY[mode].name


def telemetry_lines(implementations: list[str], modes: list[str], telemetry: dict[Any, Any]) -> list[str]:
    lines = [
        "| mode | implementation | spans/call | span attributes/call | log records/call | metric points/call "
        "| of them in the call's span context |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode in modes:
        groups: dict[str, list[dict[str, Any]]] = {}  # a pinned SDK's rows apart: "genotel · on cohere 5.21.1"
        for impl in (impl for impl in implementations if (impl, mode) in telemetry):
            for scenario, entry in telemetry[impl, mode].items():
                suffix = scenario.partition(" · ")[2]
                groups.setdefault(f"{impl} · {suffix}" if suffix else impl, []).append(entry)
        for impl, per_scenario in sorted(groups.items(), key=lambda group: group[0].partition(" · ")[2]):
            spans = sorted({entry["spans"] for entry in per_scenario})
            attributes = sorted({entry["span_attributes"] for entry in per_scenario})
            logs = sorted({entry["log_records"] for entry in per_scenario})
            points = sorted({entry.get("points_recorded", 0) for entry in per_scenario})
            in_span = sorted({entry.get("points_in_span", 0) for entry in per_scenario})
            lines.append(
                f"| {_title(mode)} | {impl} | {', '.join(map(str, spans))} | {min(attributes)}-{max(attributes)} "
                f"| {min(logs)}-{max(logs)} | {min(points)}-{max(points)} | {min(in_span)}-{max(in_span)} |"
            )
    lines += [
        "",
        "A metric point counts for a call when its total moved; it is in the call's span context when it holds an "
        "exemplar of the call's span (the SDK's default exemplar filter samples only measurements made inside a "
        "sampled span). genotel's contract records each call's duration and token points in that context.",
    ]
    return lines


# What a peer may export less of than genotel for the same call, and how the report names it.
_EXPORTS = (
    ("points_in_span", "metric points in the call's span context"),
    ("points_recorded", "metric points"),
    ("point_attributes", "attributes on its metric points, summed"),
    ("log_records", "log records"),
    ("span_attributes", "span attributes"),
)


def lighter_lines(verdicts: list[Verdict], telemetry: dict[Any, Any]) -> list[str]:
    """The missed cells whose lowest peer exported less than genotel for the call: the counts side by side."""
    lines = []
    for verdict in verdicts:
        if verdict.lowest is not False or verdict.best_peer is None:
            continue
        peer = telemetry.get((verdict.best_peer, verdict.mode), {}).get(verdict.scenario)
        mine = telemetry.get(("genotel", verdict.mode), {}).get(verdict.scenario)
        if peer is None or mine is None:
            continue
        fewer = [
            f"{peer.get(key, 0)} {label} vs {mine.get(key, 0)}"
            for key, label in _EXPORTS
            if peer.get(key, 0) < mine.get(key, 0)
        ]
        if fewer:
            lines.append(f"- {_title(verdict.mode)} / {verdict.scenario}: {verdict.best_peer} {'; '.join(fewer)}")
    if not lines:
        return []
    return [
        "Of the cells not met, those where the lowest peer exported less than genotel for the same call "
        "(one call, as in the table at the end); they count as not met all the same:",
        "",
        *lines,
        "",
    ]


def floor_lines(modes: list[str], telemetry: dict[Any, Any]) -> list[str]:
    """Whether the floor's span attribute keys and log record names are genotel's, scenario by scenario."""
    if not all(("floor", mode) in telemetry and ("genotel", mode) in telemetry for mode in modes):
        return []
    differences = []
    for mode in modes:
        for scenario, genotel in telemetry["genotel", mode].items():
            if "floor" not in suites.measured_by(scenario):
                continue
            floor = telemetry["floor", mode][scenario]
            keys = set(genotel["span_keys"]) ^ set(floor["span_keys"])
            if keys:
                differences.append(f"- {_title(mode)} / {scenario}: span attribute keys {', '.join(sorted(keys))}")
            if genotel["log_names"] != floor["log_names"]:
                differences.append(
                    f"- {_title(mode)} / {scenario}: log records floor {len(floor['log_names'])}, "
                    f"genotel {len(genotel['log_names'])} (or in another order)"
                )
    if not differences:
        return [
            "The floor's span attribute keys and log record names are genotel's in every scenario and mode "
            "(`check_floor.py` compares the values, log bodies and metric points too)."
        ]
    return ["The floor's telemetry differs from genotel's (run `check_floor.py` for the details):", "", *differences]


def lost_messages(
    implementations: list[str], modes: list[str], telemetry: dict[Any, Any]
) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(implementation, mode, scenario) whose request carried other messages than the bare SDK's: (sent, expected)."""
    lost = {}
    for mode in modes:
        expected = telemetry.get(("bare", mode), {})
        for impl in implementations:
            for scenario, entry in telemetry.get((impl, mode), {}).items():
                want = expected.get(scenario, {}).get("messages_sent")
                if want is not None and entry.get("messages_sent") != want:
                    lost[impl, mode, scenario] = (entry.get("messages_sent"), want)
    return lost


def lost_lines(modes: list[str], lost: dict[tuple[str, str, str], tuple[int, int]]) -> list[str]:
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


def broken_lines(modes: list[str], broken: dict[tuple[str, str, str], str]) -> list[str]:
    if not broken:
        return []
    lines = [
        "✗ Call broken: under these implementations the scenario's call raised (it works bare), so it is not timed:",
        "",
    ]
    by_call: dict[tuple[str, str, str], list[str]] = {}
    for (impl, mode, scenario), error in broken.items():
        by_call.setdefault((impl, scenario, error), []).append(mode)
    for (impl, scenario, error), where in by_call.items():
        in_modes = "every mode" if len(where) == len(modes) else "; ".join(_title(mode) for mode in where)
        lines.append(f"- **{impl}** / {scenario}: `{error}` ({in_modes})")
    return [*lines, ""]
