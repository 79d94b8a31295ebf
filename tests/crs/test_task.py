"""``task()`` and the processor: the metadata on every span inside, in threads and asyncio, none outside."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest
from opentelemetry import baggage, propagate
from opentelemetry import context as otel_context

from genotel.crs import TASK_KEYS_BAGGAGE, task, task_metadata
from tests.crs.conftest import METADATA


def test_every_span_inside_a_task_carries_its_metadata_and_nothing_else_is_added(otel):
    other = otel.tracer_provider.get_tracer("opentelemetry.instrumentation.httpx")
    with task(METADATA) as metadata:
        assert dict(metadata) == METADATA
        with otel.tracer.start_as_current_span("work", attributes={"own": 1}), other.start_as_current_span("GET"):
            pass
    assert otel.attributes("work") == {**METADATA, "own": 1}
    assert otel.attributes("GET") == METADATA


def test_the_processor_adds_no_attribute_outside_a_task(otel):
    with otel.tracer.start_as_current_span("before", attributes={"own": "yes"}):
        pass
    with task(METADATA):
        pass
    with otel.tracer.start_as_current_span("after"):
        pass
    assert otel.attributes("before") == {"own": "yes"}
    assert otel.attributes("after") == {}
    assert task_metadata() == {}


def test_nested_tasks_the_inner_one_wins_whole(otel):
    with task(METADATA):
        with task({"task.id": "task-43", "round.id": "round-3"}), otel.tracer.start_as_current_span("inner"):
            assert baggage.get_all() == {
                "task.id": "task-43",
                "round.id": "round-3",
                TASK_KEYS_BAGGAGE: "task.id,round.id",
            }
        with otel.tracer.start_as_current_span("outer"):
            pass
    assert otel.attributes("inner") == {"task.id": "task-43", "round.id": "round-3"}
    assert otel.attributes("outer") == METADATA


def test_a_span_started_with_an_explicit_parent_context_takes_that_contexts_task(otel):
    with task(METADATA):
        captured = otel_context.get_current()
    with otel.tracer.start_as_current_span("later", context=captured):
        pass
    with task({"task.id": "other"}), otel.tracer.start_as_current_span("explicit", context=captured):
        pass
    assert otel.attributes("later") == METADATA
    assert otel.attributes("explicit") == METADATA


async def test_asyncio_tasks_inherit_the_task_they_were_created_in(otel):
    async def work(name: str) -> None:
        await asyncio.sleep(0)
        with otel.tracer.start_as_current_span(name):
            await asyncio.sleep(0)

    async def one_task(task_id: str) -> None:
        with task({"task.id": task_id}):
            await asyncio.gather(work(f"{task_id}-a"), asyncio.create_task(work(f"{task_id}-b")))

    await asyncio.gather(one_task("t1"), one_task("t2"))
    with otel.tracer.start_as_current_span("outside"):
        pass
    for task_id in ("t1", "t2"):
        for suffix in ("a", "b"):
            assert otel.attributes(f"{task_id}-{suffix}") == {"task.id": task_id}
    assert otel.attributes("outside") == {}


async def test_asyncio_to_thread_carries_the_task(otel):
    def blocking() -> None:
        with otel.tracer.start_as_current_span("in thread"):
            pass

    with task(METADATA):
        await asyncio.to_thread(blocking)
    assert otel.attributes("in thread") == METADATA


def test_a_thread_running_a_copied_context_carries_the_task_a_bare_thread_does_not(otel):
    def traced(name: str) -> None:
        with otel.tracer.start_as_current_span(name):
            pass

    with task(METADATA):
        copied = contextvars.copy_context()
        with ThreadPoolExecutor(max_workers=2) as pool:
            pool.submit(copied.run, traced, "copied").result()
            pool.submit(traced, "bare").result()
        bare = threading.Thread(target=traced, args=("thread",))
        bare.start()
        bare.join()
    assert otel.attributes("copied") == METADATA
    assert otel.attributes("bare") == {}
    assert otel.attributes("thread") == {}


def test_the_metadata_rides_w3c_baggage_inside_the_task_only(otel):
    with task(METADATA):
        headers: dict[str, str] = {}
        propagate.inject(headers)
        assert dict(baggage.get_all()) == {**METADATA, TASK_KEYS_BAGGAGE: "round.id,task.id,team.id"}
    pairs = (item.split("=", 1) for item in headers["baggage"].split(","))
    assert {unquote(key): unquote(value) for key, value in pairs} == {
        **METADATA,
        TASK_KEYS_BAGGAGE: "round.id,task.id,team.id",
    }
    assert baggage.get_all() == {}


def test_unrelated_baggage_is_never_stamped(otel):
    token = otel_context.attach(baggage.set_baggage("user.id", "alice"))
    try:
        with otel.tracer.start_as_current_span("no task"):
            pass
        with task(METADATA), otel.tracer.start_as_current_span("in task"):
            assert baggage.get_baggage("user.id") == "alice"
    finally:
        otel_context.detach(token)
    assert otel.attributes("no task") == {}
    assert otel.attributes("in task") == METADATA


@pytest.mark.parametrize(
    ("metadata", "error", "message"),
    [
        (["task.id"], TypeError, "must be a mapping"),
        ({"task.id": 42}, TypeError, "42 for 'task.id'"),
        ({"": "x"}, ValueError, "non-empty strings, got ''"),
        ({1: "x"}, ValueError, "got 1"),
        ({"a,b": "x"}, ValueError, "'a,b'"),
        ({TASK_KEYS_BAGGAGE: "x"}, ValueError, "reserved"),
    ],
)
def test_bad_metadata_is_refused_before_anything_changes(otel, metadata, error, message):
    before = otel_context.get_current()
    with pytest.raises(error, match=message), task(metadata):
        pass
    assert otel_context.get_current() is before
