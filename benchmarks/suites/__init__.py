"""The benchmark's providers, one module each: its scenarios, how each implementation instruments it, versions.

A suite module defines ``SCENARIOS`` (name -> what the call sends, for the report; each runs sync
and async), ``FLOOR`` (whether ``floor.py`` knows the provider), ``VERSIONS`` (distributions to
report, per implementation, ``"sdk"`` for the SDK itself), ``calls(is_async)`` (name -> a
zero-argument call through the real SDK on the canned transport, the SDK imported there, after
instrumentation) and ``instrument(implementation, legacy, content, providers)``, and optionally
``environment(implementation, content)`` (variables a peer reads for this provider) and ``PEER_NOTES``
(peer -> why its column is empty on the newest SDK: it is measured on an older one, or on none;
printed under the tables). ``GENOTEL_BENCH_SUITES``
(comma-separated, set by ``bench_peers.py --suites``) picks which run; all by default.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

NAMES = ("openai", "anthropic", "gemini", "groq", "ollama", "bedrock", "cohere", "mistralai", "together")
# Measured together by default. Bedrock runs on its own (``--suites bedrock``): the official botocore
# extension spells the content-capture variable ``true``/``false``, the official GenAI packages
# ``SPAN_ONLY``/``EVENT_ONLY``/``NO_CONTENT``, and one process has one environment. Cohere, Mistral AI
# and Together run on request, apart from the default run's time (OpenLLMetry on an older cohere and
# mistralai adds two venvs of rounds): ``nox -s bench -- --suites cohere,mistralai,together --output
# benchmarks/RESULTS-more-providers.md``.
DEFAULT = ("openai", "anthropic", "gemini", "groq", "ollama")


def selected() -> list[ModuleType]:
    """The suites this run measures, in the tables' order."""
    chosen = os.environ.get("GENOTEL_BENCH_SUITES") or ",".join(DEFAULT)
    names = [name for name in chosen.split(",") if name]
    unknown = sorted(set(names) - set(NAMES))
    if unknown:
        raise SystemExit(f"unknown benchmark suite(s) {', '.join(unknown)}; known: {', '.join(NAMES)}")
    return [importlib.import_module(f"suites.{name}") for name in names]


def described() -> dict[str, str]:
    """Every suite's scenario descriptions (importing a suite imports no SDK)."""
    return {name: text for suite in map(_module, NAMES) for name, text in suite.SCENARIOS.items()}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"suites.{name}")


def instrumented_by(suite: ModuleType) -> set[str]:
    """The implementations that instrument a suite's provider (``"floor"`` when floor.py knows it), bare included."""
    return {"bare", "genotel", *suite.VERSIONS, *(("floor",) if suite.FLOOR else ())} - {"sdk"}


def measured_by(scenario: str) -> set[str]:
    """The implementations that instrument a scenario's provider (``"floor"`` when floor.py knows it).

    An implementation missing here leaves the SDK bare: its column is no measurement for that row.
    """
    return instrumented_by(suite) if (suite := suite_of(scenario)) else set()


def suite_of(scenario: str) -> ModuleType | None:
    """The suite a table row (``"<name> (sync)"``, maybe followed by the SDK it ran on) belongs to."""
    name = scenario.rsplit(" (", 1)[0]
    return next((suite for suite in map(_module, NAMES) if name in suite.SCENARIOS), None)


def peer_notes(scenario: str) -> dict[str, str]:
    """Peer -> why its column is empty for this row's provider on the newest SDK (the suite's ``PEER_NOTES``)."""
    return dict(getattr(suite_of(scenario), "PEER_NOTES", {}))
