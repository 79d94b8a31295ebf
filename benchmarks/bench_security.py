"""What security telemetry costs: the safety mapper when a response carries no signal, and each detector per KB.

(a) Finishing a call whose response has no safety signal, with the real core (one ``None`` check
per response) and with ``response_attributes`` swapped for a copy without that check (the mapper
absent). Both run in alternating rounds on the same in-memory SDK pipeline; the report gives the
median ns per finish of each and the spread of the rounds, so a difference smaller than the spread
is noise. (b) Each built-in detector over plain English text with a few numbers, no findings: µs per KB,
the best round (the code's own cost) and the median (what a busy machine adds).

Run: ``python benchmarks/bench_security.py [--calls 20000] [--rounds 7]``, or ``nox -s bench_security``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from opentelemetry.sdk.trace import TracerProvider

import genotel.core.invocation as invocation_module
from genotel.core.attributes import usage_attributes
from genotel.core.config import Config
from genotel.core.invocation import Telemetry
from genotel.core.model import OutputMessage, Provider, Request, Response, Usage
from genotel.core.security import PIIDetector, PromptInjectionDetector, RegexDetector, SecretsDetector
from genotel.core.semconv import RESPONSE_FINISH_REASONS, RESPONSE_ID, RESPONSE_MODEL

PROVIDER = Provider("openai", "openai")
REAL = invocation_module.response_attributes


def without_mapper(response: Response, capture: bool = False) -> dict[str, Any]:
    """``response_attributes`` as it was before security telemetry: no safety check."""
    attributes: dict[str, Any] = {}
    if response.id:
        attributes[RESPONSE_ID] = response.id
    if response.model:
        attributes[RESPONSE_MODEL] = response.model
    reasons = [message.finish_reason for message in response.messages if message.finish_reason]
    if reasons:
        attributes[RESPONSE_FINISH_REASONS] = reasons
    if response.usage is not None:
        attributes.update(usage_attributes(response.usage))
    if response.attributes:
        attributes.update(response.attributes)
    return attributes


def finish_round(telemetry: Telemetry, calls: int) -> float:
    """ns per start + finish of a call whose response says nothing about safety."""
    request = Request("chat", PROVIDER, "gpt-4o-mini", server_address="api.openai.com", server_port=443)
    started = time.perf_counter_ns()
    for _ in range(calls):
        response = Response("chatcmpl-1", "gpt-4o-mini", [OutputMessage("assistant", [], "stop")], Usage(12, 7))
        telemetry.start(request).finish(response)
    return (time.perf_counter_ns() - started) / calls


def attributes_round(function: Any, calls: int) -> float:
    """ns per ``response_attributes`` call alone, on a response without safety signal."""
    response = Response("chatcmpl-1", "gpt-4o-mini", [OutputMessage("assistant", [], "stop")], Usage(12, 7))
    started = time.perf_counter_ns()
    for _ in range(calls):
        function(response)
    return (time.perf_counter_ns() - started) / calls


def mapper_cost(calls: int, rounds: int) -> None:
    telemetry = Telemetry(Config(tracer_provider=TracerProvider()), "bench", "0")
    results: dict[str, list[float]] = {"with the mapper": [], "mapper absent": []}
    finish_round(telemetry, calls // 10)  # warm up
    for _ in range(rounds):
        for name, function in (("with the mapper", REAL), ("mapper absent", without_mapper)):
            invocation_module.response_attributes = function  # type: ignore[assignment]
            results[name].append(finish_round(telemetry, calls))
    invocation_module.response_attributes = REAL
    print(f"(a) finish of a call with no safety signal, {calls} calls x {rounds} rounds")
    for name, values in results.items():
        print(
            f"    {name:16} median {statistics.median(values):8.0f} ns/call"
            f"  rounds {min(values):.0f}..{max(values):.0f}"
        )
    delta = statistics.median(results["with the mapper"]) - statistics.median(results["mapper absent"])
    spread = max(max(v) - min(v) for v in results.values())
    verdict = "indistinguishable from noise" if abs(delta) < spread else "measurable"
    print(f"    difference {delta:+.0f} ns/call, round-to-round spread {spread:.0f} ns: {verdict}")
    alone = {name: [attributes_round(f, calls * 5) for _ in range(rounds)] for name, f in
             (("with the mapper", REAL), ("mapper absent", without_mapper))}  # fmt: skip
    best = {name: min(values) for name, values in alone.items()}
    print(
        f"    response_attributes alone, best of {rounds}: {best['with the mapper']:.0f} ns with the mapper, "
        f"{best['mapper absent']:.0f} ns without ({best['with the mapper'] - best['mapper absent']:+.0f} ns)"
    )


TEXT = (
    "The quarterly report covers revenue, hiring and the roadmap for the next two releases. Sales in the "
    "northern region grew by 12 percent while support tickets fell to 340 a week. The team plans to ship "
    "version 4.2 in March, after the security review and the load tests on 3 clusters. Can you show me "
    "what the new output would look like if we do the rollout in two phases, and print a short summary? "
)


def detector_cost(kilobytes: int, rounds: int) -> None:
    text = (TEXT * (kilobytes * 1024 // len(TEXT) + 1))[: kilobytes * 1024]
    detectors = {
        "secrets": SecretsDetector(),
        "pii": PIIDetector(),
        "prompt_injection": PromptInjectionDetector(),
        "regex (3 patterns)": RegexDetector(
            {"ticket": r"JIRA-\d+", "codename": r"Project \w+", "ip": r"\d+\.\d+\.\d+\.\d+"}
        ),
    }
    print(f"(b) detectors over {kilobytes} KB of text without findings: best and median of {rounds} rounds")
    for name, detector in detectors.items():
        times = []
        for _ in range(rounds):
            started = time.perf_counter_ns()
            found = list(detector(text))
            times.append((time.perf_counter_ns() - started) / 1000 / kilobytes)
        assert not found, (name, found[:3])
        print(f"    {name:20} best {min(times):7.1f} µs/KB  median {statistics.median(times):7.1f} µs/KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--kilobytes", type=int, default=64)
    args = parser.parse_args()
    mapper_cost(args.calls, args.rounds)
    detector_cost(args.kilobytes, args.rounds)


if __name__ == "__main__":
    main()
