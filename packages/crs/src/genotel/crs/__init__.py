"""genotel-crs: CRS action spans, and the task's metadata on every span a CRS emits.

import genotel.crs as crs

crs.configure("patcher")                      # OTLP or the embedded store, the task processor
with crs.task({"round.id": "r1", "task.id": "t7", "team.id": "blue"}):
    with crs.action("patch_generation", "fix null deref"):
        client.chat.completions.create(...)   # gen_ai.response.id -> crs.action.gen_ai.id
"""

from .action import Action, action, current_action
from .attributes import CATEGORIES, Category
from .fuzz import fuzz_corpus
from .processor import TaskMetadataSpanProcessor
from .setup import Configured, configure
from .task import TASK_KEYS_BAGGAGE, continue_task, task, task_metadata
from .version import __version__

__all__ = [
    "CATEGORIES",
    "TASK_KEYS_BAGGAGE",
    "Action",
    "Category",
    "Configured",
    "TaskMetadataSpanProcessor",
    "__version__",
    "action",
    "configure",
    "continue_task",
    "current_action",
    "fuzz_corpus",
    "task",
    "task_metadata",
]
