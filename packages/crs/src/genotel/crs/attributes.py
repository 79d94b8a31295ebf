"""The CRS telemetry specification's attribute names and action categories, in one place."""

from __future__ import annotations

import enum

ACTION_CATEGORY = "crs.action.category"
ACTION_NAME = "crs.action.name"
ACTION_CODE_FILE = "crs.action.code.file"
ACTION_CODE_LINES = "crs.action.code.lines"
ACTION_TARGET_HARNESS = "crs.action.target.harness"
ACTION_EFFORT_WEIGHT = "crs.action.effort.weight"
ACTION_GEN_AI_ID = "crs.action.gen_ai.id"
# genotel's addition: every response id of the action, in the order the calls finished.
ACTION_GEN_AI_IDS = "crs.action.gen_ai.ids"

FUZZ_CORPUS_UPDATE_METHOD = "fuzz.corpus.update.method"
FUZZ_CORPUS_UPDATE_TIME = "fuzz.corpus.update.time"
FUZZ_CORPUS_SIZE = "fuzz.corpus.size"
FUZZ_CORPUS_ADDITIONS = "fuzz.corpus.additions"
FUZZ_CORPUS_FULL_SNAPSHOT = "fuzz.corpus.full_snapshot"

GEN_AI_RESPONSE_ID = "gen_ai.response.id"


class Category(str, enum.Enum):
    """``crs.action.category``: the kinds of work the specification knows."""

    STATIC_ANALYSIS = "static_analysis"
    DYNAMIC_ANALYSIS = "dynamic_analysis"
    FUZZING = "fuzzing"
    PROGRAM_ANALYSIS = "program_analysis"
    BUILDING = "building"
    INPUT_GENERATION = "input_generation"
    PATCH_GENERATION = "patch_generation"
    TESTING = "testing"
    SCORING_SUBMISSION = "scoring_submission"

    def __str__(self) -> str:
        return self.value


CATEGORIES = tuple(category.value for category in Category)
