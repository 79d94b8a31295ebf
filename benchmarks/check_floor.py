"""Does the floor export what genotel exports, mode by mode? The floor is a fair reference only if it does.

For each mode and scenario, one call through a floor worker and one through a genotel worker
(``worker.py``, ``telemetry`` with detail), compared: span names and kinds, span attribute keys
and values (the time to first chunk only by key: it is a measurement), log records (event name,
body, attributes, and whether each is in the span's context) and the metric points that carry an
exemplar of the call's span. Prints each difference and exits 1 if there is one.
Run: ``python benchmarks/check_floor.py`` with genotel installed (e.g. ``.nox/bench/bin/python``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import suites
from bench_peers import WorkerProcess
from implementations import MODES, MODES_BY_KEY

MEASURED = {"gen_ai.response.time_to_first_chunk"}  # compared by key only


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def compare(floor: dict[str, Any], genotel: dict[str, Any]) -> list[str]:
    """The differences between one scenario's floor and genotel telemetry, as lines."""
    out = []
    for key in ("spans", "span_names", "span_kinds", "messages_sent"):
        if floor[key] != genotel[key]:
            out.append(f"{key}: floor {floor[key]!r}, genotel {genotel[key]!r}")
    floor_values, genotel_values = floor["span_attribute_values"], genotel["span_attribute_values"]
    only_genotel = sorted(genotel_values.keys() - floor_values.keys())
    only_floor = sorted(floor_values.keys() - genotel_values.keys())
    if only_genotel:
        out.append(f"span attributes only genotel sets ({len(only_genotel)}): {', '.join(only_genotel)}")
    if only_floor:
        out.append(f"span attributes only the floor sets ({len(only_floor)}): {', '.join(only_floor)}")
    for key in sorted(floor_values.keys() & genotel_values.keys() - MEASURED):
        if floor_values[key] != genotel_values[key]:
            out.append(f"{key}: floor {_short(floor_values[key])}, genotel {_short(genotel_values[key])}")
    floor_logs, genotel_logs = floor["log_record_details"], genotel["log_record_details"]
    if len(floor_logs) != len(genotel_logs):
        out.append(f"log records: floor {len(floor_logs)}, genotel {len(genotel_logs)}")
    for index, (mine, theirs) in enumerate(zip(floor_logs, genotel_logs, strict=False)):
        if mine != theirs:
            out.append(f"log record {index}: floor {_short(mine, 200)}, genotel {_short(theirs, 200)}")
    if floor["metric_points"] != genotel["metric_points"]:
        out.append(f"metric points: floor {floor['metric_points']!r}, genotel {genotel['metric_points']!r}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default=",".join(mode.key for mode in MODES), help="comma-separated mode keys")
    args = parser.parse_args()
    modes = [name for name in args.modes.split(",") if name]
    known = [suite.__name__.rsplit(".", 1)[1] for suite in suites.selected() if suite.FLOOR]
    workers = {
        (impl, mode): WorkerProcess(sys.executable, impl, mode, known)
        for mode in modes
        for impl in ("floor", "genotel")
    }
    for worker in workers.values():
        worker.receive()
    telemetry = {key: worker.ask("telemetry", detail=True) for key, worker in workers.items()}
    for worker in workers.values():
        worker.close()
    differences = 0
    for mode in modes:
        print(f"## {MODES_BY_KEY[mode].name}\n")
        floor, genotel = telemetry["floor", mode], telemetry["genotel", mode]
        for scenario in genotel:
            if "floor" not in suites.measured_by(scenario):
                continue
            lines = compare(floor[scenario], genotel[scenario])
            differences += len(lines)
            mine = floor[scenario]
            counts = (
                f"{mine['span_attributes']} span attributes, {mine['log_records']} log records, "
                f"{len(mine['metric_points'])} metric points in the span's context"
            )
            print(f"- {scenario}: " + ("same as genotel: " + counts if not lines else "**differs**"))
            for line in lines:
                print(f"  - {line}")
        print()
    print(f"{differences} difference(s).")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
