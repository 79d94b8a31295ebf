"""``action()``: span shape, status, errors, decorator on sync and async functions, validation first."""

from __future__ import annotations

import asyncio
import inspect
import threading

import pytest
from opentelemetry.trace import SpanKind, StatusCode

from genotel.crs import CATEGORIES, Category, action, current_action, task
from tests.crs.conftest import METADATA


def test_an_action_is_an_internal_span_with_the_spec_attributes_and_status_ok(otel):
    with (
        task(METADATA),
        action(
            Category.PATCH_GENERATION,
            "fix null deref",
            code_file="src/png.c",
            code_lines="120-134",
            target_harness="png_read_fuzzer",
            effort_weight=4,
            tracer_provider=otel.tracer_provider,
            **{"team.note": "second try", "attempt": 2, "tags": ["llm", "diff"]},
        ) as span,
    ):
        assert span.is_recording()
        assert current_action().span is span
    assert current_action() is None
    (exported,) = otel.spans()
    assert exported.name == "fix null deref"
    assert exported.kind is SpanKind.INTERNAL
    assert exported.status.status_code is StatusCode.OK
    assert dict(exported.attributes) == {
        **METADATA,
        "crs.action.category": "patch_generation",
        "crs.action.name": "fix null deref",
        "crs.action.code.file": "src/png.c",
        "crs.action.code.lines": "120-134",
        "crs.action.target.harness": "png_read_fuzzer",
        "crs.action.effort.weight": 4,
        "team.note": "second try",
        "attempt": 2,
        "tags": ("llm", "diff"),
    }


def test_every_category_of_the_spec_is_accepted_as_string_and_enum(otel):
    assert CATEGORIES == (
        "static_analysis",
        "dynamic_analysis",
        "fuzzing",
        "program_analysis",
        "building",
        "input_generation",
        "patch_generation",
        "testing",
        "scoring_submission",
    )
    for category in CATEGORIES:
        with action(category, f"by string {category}", tracer_provider=otel.tracer_provider):
            pass
        with action(Category(category), f"by enum {category}", tracer_provider=otel.tracer_provider):
            pass
    for category in CATEGORIES:
        assert otel.attributes(f"by string {category}")["crs.action.category"] == category
        assert otel.attributes(f"by enum {category}")["crs.action.category"] == category


def test_an_error_ends_the_action_with_status_error_and_is_reraised_unchanged(otel):
    raised = RuntimeError("build failed: missing header")
    with pytest.raises(RuntimeError) as caught, action("building", "make", tracer_provider=otel.tracer_provider):
        raise raised
    assert caught.value is raised
    (exported,) = otel.spans()
    assert exported.status.status_code is StatusCode.ERROR
    assert exported.status.description == "RuntimeError: build failed: missing header"
    assert exported.attributes["error.type"] == "RuntimeError"
    (event,) = exported.events
    assert event.name == "exception"
    assert event.attributes["exception.type"] == "RuntimeError"
    assert event.attributes["exception.message"] == "build failed: missing header"


def test_nested_actions_nest_and_spans_inside_are_children(otel):
    provider = otel.tracer_provider
    with (
        action("fuzzing", "campaign", tracer_provider=provider),
        action("input_generation", "seed", tracer_provider=provider),
        otel.tracer.start_as_current_span("tool"),
    ):
        pass
    campaign, seed, tool = otel.span("campaign"), otel.span("seed"), otel.span("tool")
    assert seed.parent.span_id == campaign.context.span_id
    assert tool.parent.span_id == seed.context.span_id
    assert campaign.parent is None


def test_the_decorator_runs_each_sync_call_in_an_action_of_its_own(otel):
    @action("static_analysis", "scan", tracer_provider=otel.tracer_provider)
    def scan(path: str) -> str:
        """Scan one file."""
        assert current_action() is not None
        return f"scanned {path}"

    @action("testing", "check", tracer_provider=otel.tracer_provider)
    def fail() -> None:
        raise ValueError("bad patch")

    assert scan.__name__ == "scan" and scan.__doc__ == "Scan one file."
    with task(METADATA):
        assert scan("a.c") == "scanned a.c"
    assert scan("b.c") == "scanned b.c"
    with pytest.raises(ValueError, match="bad patch"):
        fail()
    first, second, failed = otel.spans()
    assert first.name == second.name == "scan" and first.context.span_id != second.context.span_id
    assert dict(first.attributes) == {**METADATA, "crs.action.category": "static_analysis", "crs.action.name": "scan"}
    assert dict(second.attributes) == {"crs.action.category": "static_analysis", "crs.action.name": "scan"}
    assert first.status.status_code is second.status.status_code is StatusCode.OK
    assert failed.status.status_code is StatusCode.ERROR and failed.attributes["error.type"] == "ValueError"


async def test_the_decorator_on_async_functions_spans_the_awaited_work(otel):
    @action("dynamic_analysis", "run", tracer_provider=otel.tracer_provider)
    async def run(value: int) -> int:
        with otel.tracer.start_as_current_span("step"):
            return value * 2

    @action("dynamic_analysis", "crash", tracer_provider=otel.tracer_provider)
    async def crash() -> None:
        raise KeyError("pc")

    assert inspect.iscoroutinefunction(run)
    with task(METADATA):
        assert await run(21) == 42
        with pytest.raises(KeyError):
            await crash()
    assert otel.span("step").parent.span_id == otel.span("run").context.span_id
    assert otel.span("run").status.status_code is StatusCode.OK
    assert otel.attributes("step") == METADATA
    assert otel.span("crash").status.status_code is StatusCode.ERROR


async def test_async_with_works_too(otel):
    async with action("scoring_submission", "submit", tracer_provider=otel.tracer_provider) as span:
        assert span.is_recording()
    assert otel.span("submit").status.status_code is StatusCode.OK


def test_generator_functions_are_refused():
    def generate():
        yield 1

    async def agenerate():
        yield 1

    for function in (generate, agenerate):
        with pytest.raises(TypeError, match="generator function"):
            action("fuzzing", "gen")(function)


@pytest.mark.parametrize(
    ("arguments", "options", "error", "message"),
    [
        (("patching", "x"), {}, ValueError, "unknown CRS action category 'patching': use one of static_analysis, "),
        ((None, "x"), {}, ValueError, "None"),
        (("fuzzing", ""), {}, ValueError, "name must be a non-empty string"),
        (("fuzzing", "  "), {}, ValueError, "name must be a non-empty string"),
        (("fuzzing", 7), {}, TypeError, "name must be a string, got 7"),
        (("fuzzing", "x"), {"code_lines": 12}, TypeError, "crs.action.code.lines must be a string, got 12"),
        (("fuzzing", "x"), {"code_file": b"a.c"}, TypeError, "crs.action.code.file"),
        (("fuzzing", "x"), {"effort_weight": True}, TypeError, "effort_weight must be an int"),
        (("fuzzing", "x"), {"effort_weight": "4"}, TypeError, "effort_weight must be an int"),
        (("fuzzing", "x"), {"extra": {"a": 1}}, TypeError, "attribute 'extra' cannot be"),
        (("fuzzing", "x"), {"extra": [1, "a"]}, TypeError, "list of one of these types"),
        (("fuzzing", "x"), {"extra": None}, TypeError, "attribute 'extra' cannot be None"),
    ],
)
def test_bad_arguments_raise_before_any_span_starts(otel, arguments, options, error, message):
    with pytest.raises(error, match=message):
        action(*arguments, tracer_provider=otel.tracer_provider, **options)
    assert otel.spans() == []


def test_one_action_object_can_be_entered_from_threads_and_tasks_at_once(otel):
    shared = action("testing", "shared", tracer_provider=otel.tracer_provider)
    inside = threading.Barrier(2)

    def in_thread(name: str) -> None:
        with shared as span:
            span.set_attribute("who", name)
            inside.wait(timeout=10)  # both spans open at once
            assert current_action().span is span

    threads = [threading.Thread(target=in_thread, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    async def in_task(name: str) -> None:
        async with shared as span:
            span.set_attribute("who", name)
            await asyncio.sleep(0.01)
            assert current_action().span is span

    async def both() -> None:
        await asyncio.gather(in_task("c"), in_task("d"))

    asyncio.run(both())
    with shared, shared as inner:  # re-entered while open: nested spans
        assert current_action().span is inner
    spans = [span for span in otel.spans() if span.name == "shared"]
    assert sorted(span.attributes.get("who", "-") for span in spans) == ["-", "-", "a", "b", "c", "d"]
    assert all(span.status.status_code is StatusCode.OK and span.end_time for span in spans)
    nested_inner, nested_outer = spans[-2:]
    assert nested_inner.parent.span_id == nested_outer.context.span_id
