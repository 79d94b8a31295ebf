"""The implementations under comparison and how each one's settings map onto genotel's four modes.

A mode is (content in legacy span attributes or in events) x (content captured or not). Each
peer gets the closest equivalent of its own; environment variables are set before any
instrumentation is imported, since some peers read them at import or instrument time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import suites


@dataclass(frozen=True)
class Mode:
    key: str  # for command lines
    name: str
    legacy: bool  # genotel use_legacy_attributes
    content: bool  # genotel capture_content


MODES = (
    Mode("attributes-off", "attributes, content off", legacy=True, content=False),
    Mode("attributes-on", "attributes, content on", legacy=True, content=True),
    Mode("events-off", "events, content off", legacy=False, content=False),
    Mode("events-on", "events, content on", legacy=False, content=True),
)
MODES_BY_KEY = {mode.key: mode for mode in MODES}

IMPLEMENTATIONS = ("bare", "floor", "genotel", "openllmetry", "official")
PEERS = ("openllmetry", "official")

# Printed into RESULTS.md: the settings each implementation runs with, per mode.
SETTINGS = {
    "bare": "nothing instrumented; the same span, log and metric pipelines installed",
    "floor": (
        "`floor.py` + `floor_content.py`: the least any implementation of the contract pays in the mode, written "
        "straight for the scenarios (no guard, no proxy, no context propagation): the span (request attributes at "
        "start, response attributes and a stream's time to first chunk at end) and the histogram points in the "
        "span's context, in every mode; with content in attributes mode, the indexed prompt, completion and "
        "tool-definition attributes within the span's attribute limit; in events mode, one log record per input "
        "message and one `gen_ai.choice` per completion, with content or without"
    ),
    "genotel": "`instrument(use_legacy_attributes=<attributes>, capture_content=<content>)`, semconv 1.36 (default)",
    "openllmetry": (
        "`OpenAIInstrumentor(use_attributes=<attributes>)`, `AnthropicInstrumentor(use_attributes=<attributes>)` "
        "(`use_attributes` is 0.62's name for the deprecated `use_legacy_attributes`), "
        "`TRACELOOP_TRACE_CONTENT=<content>`"
    ),
    "official": (
        "`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` = `SPAN_ONLY` (attributes, content on), "
        "`EVENT_ONLY` (events, content on), `NO_CONTENT` (content off); "
        "`OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT=true` in events modes (the operation-details event), "
        "`false` in attributes modes"
    ),
}

COMMON_ENVIRONMENT = {
    # anthropic >= 2 traces its own calls when OpenTelemetry is configured. Off for everyone,
    # bare included, so the baseline is the SDK alone and no peer pays for a second span.
    "ANTHROPIC_OPEN_TELEMETRY": "false",
}


def environment(implementation: str, mode: Mode) -> dict[str, str]:
    """The variables one implementation reads, for one mode."""
    variables = dict(COMMON_ENVIRONMENT)
    if implementation == "openllmetry":
        variables["TRACELOOP_TRACE_CONTENT"] = "true" if mode.content else "false"
    elif implementation == "official":
        if mode.content:
            variables["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = (
                "SPAN_ONLY" if mode.legacy else "EVENT_ONLY"
            )
        else:
            variables["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "NO_CONTENT"
        variables["OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT"] = "false" if mode.legacy else "true"
        variables["OTEL_SEMCONV_STABILITY_OPT_IN"] = "gen_ai_latest_experimental"
    # A suite's own spelling of a variable replaces the generic one above; two suites that need
    # different values cannot share a process.
    wanted: dict[str, tuple[str, str]] = {}
    for suite in suites.selected():
        for name, value in getattr(suite, "environment", lambda *_: {})(implementation, mode.content).items():
            other = wanted.setdefault(name, (value, suite.__name__))
            if other[0] != value:
                raise SystemExit(f"{suite.__name__} needs {name}={value}, {other[1]} {other[0]}: run it alone")
            variables[name] = value
    return variables


def instrument(implementation: str, mode: Mode, providers: dict[str, Any]) -> None:
    """Instrument the selected suites' SDKs with ``implementation`` in ``mode``, on the given providers."""
    os.environ.update(environment(implementation, mode))
    if implementation == "bare":
        return
    if implementation == "floor":
        from floor import instrument as instrument_floor

        instrument_floor(providers, legacy=mode.legacy, content=mode.content)
    elif implementation in ("genotel", *PEERS):
        for suite in suites.selected():
            suite.instrument(implementation, mode.legacy, mode.content, providers)
    else:
        raise ValueError(f"unknown implementation {implementation!r}")


def versions(implementation: str) -> dict[str, str]:
    """Installed versions of what this implementation runs on."""
    from importlib.metadata import PackageNotFoundError, version

    chosen = suites.selected()
    names = [name for suite in chosen for name in suite.VERSIONS["sdk"]]
    names += ["opentelemetry-api", "opentelemetry-sdk", "wrapt"]
    if implementation == "genotel":
        names.append("genotel-core")
    names += [name for suite in chosen for name in suite.VERSIONS.get(implementation, ())]
    if implementation == "official":
        names.append("opentelemetry-util-genai")
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
