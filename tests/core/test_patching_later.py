"""An SDK not imported yet is never imported by genotel: its methods are wrapped when the application imports it.

``opentelemetry-instrument`` loads every installed instrumentor; importing every installed SDK at
start-up would cost seconds, and print the warnings of deprecated SDKs, for nothing.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import sys

import pytest

from genotel.core import Config, Endpoint
from genotel.core.invocation import Telemetry
from genotel.core.patching import Patch, apply, revert
from tests.core.fake_sdk import ADAPTER

SOURCE = """
class Resource:
    def create(self, **kwargs):
        return {"id": "later-create", "model": kwargs["model"]}

    def create_again(self, **kwargs):
        return self.create(**kwargs)
"""
_names = itertools.count()


@pytest.fixture
def telemetry(otel):
    return Telemetry(Config(**otel.providers), "test", "0")


@pytest.fixture
def later(tmp_path, monkeypatch):
    """The name of an importable module no one has imported yet (a new one per test)."""
    name = f"genotel_tests_later_{next(_names)}"
    (tmp_path / f"{name}.py").write_text(SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_wrapped_when_the_application_imports_it_and_not_before(later, telemetry, otel):
    sdk_patches = []
    patches = apply([Endpoint(later, "Resource.create", ADAPTER)], telemetry, first=lambda: sdk_patches.append(1) or [])
    assert later not in sys.modules
    assert sdk_patches == []  # the SDK patches wait for the SDK too

    module = importlib.import_module(later)
    assert module.Resource().create(model="m") == {"id": "later-create", "model": "m"}
    assert [span.name for span in otel.spans()] == ["chat m"]
    assert sdk_patches == [1]

    revert(patches)
    assert not hasattr(vars(module.Resource)["create"], "__wrapped__")


def test_reverted_before_the_import_leaves_the_module_alone(later, telemetry, otel):
    revert(apply([Endpoint(later, "Resource.create", ADAPTER)], telemetry))
    module = importlib.import_module(later)
    assert not hasattr(vars(module.Resource)["create"], "__wrapped__")
    module.Resource().create(model="m")
    assert otel.spans() == []


def test_a_failure_at_import_time_breaks_neither_the_import_nor_the_sdk(later, telemetry, otel, caplog):
    def failing_sdk_patches():
        raise RuntimeError("an SDK internal moved")

    patches = apply([Endpoint(later, "Resource.create", ADAPTER)], telemetry, first=failing_sdk_patches)
    with caplog.at_level(logging.WARNING, logger="genotel"):
        module = importlib.import_module(later)
    assert f"genotel: could not instrument {later}; left as it was" in caplog.text
    assert not hasattr(vars(module.Resource)["create"], "__wrapped__")  # not half instrumented
    assert module.Resource().create(model="m") == {"id": "later-create", "model": "m"}
    assert otel.spans() == []
    assert [patch for patch in patches if isinstance(patch, Patch)] == []


@pytest.mark.parametrize("imported_before", [True, False], ids=["imported", "import-hook"])
def test_the_sdk_patches_come_with_every_method_of_the_module_wrapped(later, telemetry, imported_before):
    """Ollama rebinds its module functions to the default client's methods in its SDK patches: all of
    them must be wrapped by then, not only the first."""
    if imported_before:
        importlib.import_module(later)
    seen = []

    def sdk_patches():
        resource = vars(sys.modules[later].Resource)
        seen.append([hasattr(resource[name], "__wrapped__") for name in ("create", "create_again")])
        return []

    endpoints = [Endpoint(later, "Resource.create", ADAPTER), Endpoint(later, "Resource.create_again", ADAPTER)]
    patches = apply(endpoints, telemetry, first=sdk_patches)
    importlib.import_module(later)
    assert seen == [[True, True]]
    revert(patches)
