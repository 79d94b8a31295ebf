"""What genotel-crs adds per span: ``TaskMetadataSpanProcessor`` outside and inside ``task()`` and ``action()``.

Each case starts and ends one span (with two attributes of its own) in the same context on two SDK
tracer providers, one without and one with the processor (each with a do-nothing processor, so the
SDK path is the same): the difference is the processor's own cost. Contexts: outside any task;
inside ``task()`` (three metadata keys); inside ``task()`` and ``action()``; and a downstream
service whose task came in W3C baggage (an extracted context attached, no ``task()`` call). Prints
the median of several rounds, in microseconds per span.

Run: ``python benchmarks/bench_crs.py [--spans 20000] [--rounds 5]`` (a few seconds), or ``nox -s bench_crs``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import statistics
import time
from collections.abc import Callable, Iterator

from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider

from genotel.crs import TaskMetadataSpanProcessor, action, task

METADATA = {"round.id": "round-3", "task.id": "task-42", "team.id": "team-blue"}
OWN = {"code.function": "work", "attempt": 1}


def provider(with_processor: bool) -> TracerProvider:
    made = TracerProvider()
    made.add_span_processor(SpanProcessor())  # a processor that does nothing, so the SDK path is the same
    if with_processor:
        made.add_span_processor(TaskMetadataSpanProcessor())
    return made


@contextlib.contextmanager
def downstream() -> Iterator[None]:
    """The receiving side of a hop: the caller's headers extracted and attached, as a server instrumentation does."""
    headers: dict[str, str] = {}
    with task(METADATA):
        propagate.inject(headers)
    token = otel_context.attach(propagate.extract(headers))
    try:
        yield
    finally:
        otel_context.detach(token)


def per_span(
    tracer_provider: TracerProvider, spans: int, around: Callable[[], contextlib.AbstractContextManager]
) -> float:
    tracer = tracer_provider.get_tracer("bench")
    with around():
        started = time.perf_counter()
        for _ in range(spans):
            tracer.start_span("work", attributes=OWN).end()
        return (time.perf_counter() - started) / spans * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=20_000, help="spans per round (default 20000)")
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    bare, stamped = provider(False), provider(True)
    contexts: dict[str, Callable[[TracerProvider], contextlib.AbstractContextManager]] = {
        "outside a task": lambda _: contextlib.nullcontext(),
        "inside task()": lambda _: task(METADATA),
        "inside task() and action()": _both,
        "task from baggage (downstream)": lambda _: downstream(),
    }
    results: dict[tuple[str, bool], list[float]] = {}
    for _ in range(arguments.rounds):
        for name, around in contexts.items():
            for tracer_provider, with_processor in ((bare, False), (stamped, True)):
                timing = per_span(tracer_provider, arguments.spans, functools.partial(around, tracer_provider))
                results.setdefault((name, with_processor), []).append(timing)
    print(f"{'span started':<32} {'without':>9} {'with':>9} {'added':>9}   us per span, median of {arguments.rounds}")
    for name in contexts:
        without = statistics.median(results[(name, False)])
        with_processor = statistics.median(results[(name, True)])
        print(f"{name:<32} {without:9.2f} {with_processor:9.2f} {with_processor - without:+9.2f}")
    # The processor's own calls alone, on a span made once: steadier than a difference of two timings.
    print(f"\n{'processor alone':<32} {'on_start + on_end':>19}   us per span, median of {arguments.rounds}")
    for name, around in contexts.items():
        timings = [processor_alone(stamped, arguments.spans, functools.partial(around, stamped)) for _ in range(5)]
        print(f"{name:<32} {statistics.median(timings):19.2f}")


def processor_alone(
    tracer_provider: TracerProvider, spans: int, around: Callable[[], contextlib.AbstractContextManager]
) -> float:
    processor = TaskMetadataSpanProcessor()
    with around():
        span = tracer_provider.get_tracer("bench").start_span("work", attributes=OWN)
        started = time.perf_counter()
        for _ in range(spans):
            processor.on_start(span)
            processor.on_end(span)
        elapsed = time.perf_counter() - started
        span.end()
    return elapsed / spans * 1e6


@contextlib.contextmanager
def _both(tracer_provider: TracerProvider) -> Iterator[None]:
    with task(METADATA), action("fuzzing", "bench", tracer_provider=tracer_provider):
        yield


if __name__ == "__main__":
    main()
