"""``fuzz_corpus()``: the spec's corpus attributes on the current action, with its types."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from genotel.crs import action, fuzz_corpus


def test_corpus_attributes_go_on_the_innermost_action_with_the_spec_types(otel):
    when = dt.datetime(2026, 12, 2, 22, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    provider = otel.tracer_provider
    with (
        action("fuzzing", "campaign", tracer_provider=provider),
        action("fuzzing", "libfuzzer merge", tracer_provider=provider),
    ):
        fuzz_corpus(
            update_method="merge",
            update_time=when,
            size=1204,
            additions=["crash-1a2b", PurePosixPath("corpus/seed-77")],
            full_snapshot=False,
        )
    assert otel.attributes("libfuzzer merge") == {
        "crs.action.category": "fuzzing",
        "crs.action.name": "libfuzzer merge",
        "fuzz.corpus.update.method": "merge",
        "fuzz.corpus.update.time": "2026-12-02T22:30:05+01:00",
        "fuzz.corpus.size": 1204,
        "fuzz.corpus.additions": ("crash-1a2b", "corpus/seed-77"),
        "fuzz.corpus.full_snapshot": False,
    }
    assert "fuzz.corpus.size" not in otel.attributes("campaign")


def test_only_the_arguments_given_are_set_and_a_naive_time_gets_the_local_zone(otel):
    naive = dt.datetime(2026, 12, 2, 8, 0, 0)
    with action("fuzzing", "snapshot", tracer_provider=otel.tracer_provider):
        fuzz_corpus(update_time=naive, full_snapshot=True)
    stamped = otel.attributes("snapshot")["fuzz.corpus.update.time"]
    assert dt.datetime.fromisoformat(stamped) == naive.astimezone()
    assert dt.datetime.fromisoformat(stamped).tzinfo is not None
    assert otel.attributes("snapshot")["fuzz.corpus.full_snapshot"] is True
    assert {key for key in otel.attributes("snapshot") if key.startswith("fuzz.")} == {
        "fuzz.corpus.update.time",
        "fuzz.corpus.full_snapshot",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"update_time": "2026-12-02"}, "update_time must be a datetime"),
        ({"update_time": 1764700000.0}, "update_time must be a datetime"),
        ({"size": -1}, "size must be a non-negative int"),
        ({"size": True}, "size must be a non-negative int"),
        ({"size": 3.5}, "size must be a non-negative int"),
        ({"additions": "crash-1"}, "not one string"),
        ({"additions": ["ok", 3]}, "additions must hold strings"),
        ({"full_snapshot": "yes"}, "full_snapshot must be a bool"),
        ({"update_method": ""}, "update_method must be a non-empty string"),
    ],
)
def test_bad_values_raise_and_set_nothing(otel, options, message):
    with action("fuzzing", "bad", tracer_provider=otel.tracer_provider), pytest.raises(TypeError, match=message):
        fuzz_corpus(**options)
    assert not any(key.startswith("fuzz.") for key in otel.attributes("bad"))


def test_outside_an_action_it_says_where_to_call_it(otel):
    with pytest.raises(RuntimeError, match=r"inside genotel.crs.action"):
        fuzz_corpus(size=1)
