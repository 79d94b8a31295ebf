"""The benchmark's switch (benchmarks/switch.py): paired timings are only as good as its "off"."""

from __future__ import annotations

import functools
import importlib.util
import sys
import types
from pathlib import Path

import pytest
import wrapt

_PATH = Path(__file__).parents[2] / "benchmarks" / "switch.py"


@pytest.fixture(name="switch")
def _switch() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("genotel_bench_switch", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(name="sdk")
def _sdk():
    """A stand-in SDK module: a client class with methods, a module function, module state."""
    sdk = types.ModuleType("fake_bench_sdk")
    exec(
        "class Client:\n"
        "    cache = None\n"
        "    def create(self, x):\n"
        "        return ('sdk', x)\n"
        "    def close(self):\n"
        "        return 'closed'\n"
        "def chat(x):\n"
        "    return ('chat', x)\n"
        "default = None\n",
        sdk.__dict__,
    )
    sys.modules[sdk.__name__] = sdk
    yield sdk
    del sys.modules[sdk.__name__]


def _instrument(sdk: types.ModuleType) -> None:
    """Patches the way instrumentors do: a wrapt wrapper, a functools.wraps function, a new method."""
    wrapt.wrap_function_wrapper(sdk, "Client.create", lambda wrapped, _, args, kwargs: ("traced", wrapped(*args)))
    original = sdk.chat

    @functools.wraps(original)
    def chat(x):
        return ("traced", original(x))

    sdk.chat = chat
    sdk.Client.stream = lambda self: "added"
    sdk.Client.cache = {"filled": True}  # the SDK's own state changing: not a patch
    sdk.default = sdk.Client()


def test_off_restores_what_instrument_patched_and_on_brings_it_back(switch, sdk):
    before = switch.snapshot({sdk.__name__})
    _instrument(sdk)
    flip = switch.Switch(before, switch.snapshot({sdk.__name__}))
    client = sdk.Client()
    assert client.create(1) == ("traced", ("sdk", 1)) and sdk.chat(2) == ("traced", ("chat", 2))

    flip.off()
    assert client.create(1) == ("sdk", 1)
    assert sdk.chat(2) == ("chat", 2)
    assert not hasattr(client, "stream")
    assert sdk.Client.cache == {"filled": True} and isinstance(sdk.default, sdk.Client)  # state left as it is
    assert client.close() == "closed"

    flip.on()
    assert client.create(1) == ("traced", ("sdk", 1)) and sdk.chat(2) == ("traced", ("chat", 2))
    assert client.stream() == "added"


def test_modules_imported_after_the_first_snapshot_are_left_alone(switch, sdk):
    before = switch.snapshot(set())
    _instrument(sdk)
    flip = switch.Switch(before, switch.snapshot({sdk.__name__}))
    assert flip.changes == []
