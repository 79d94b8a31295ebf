"""The venvs one run measures in: the newest SDKs, and one per peer that supports only an older SDK.

A peer whose instrumentor does not work on the newest release of an SDK is measured in a venv of
its own, where that SDK is the newest release the peer supports (a ``[tool.genotel.bench-peers]``
entry that names the SDK, e.g. ``"cohere<6"``: noxfile.py builds the venv and passes
``--pinned cohere:openllmetry=PATH``). bare and genotel run in that venv too, on the suites of that
SDK only, so every overhead there is against the bare SDK of the same venv: like with like. Those
rows carry the SDK they ran on (`` · on cohere 5.21.1``); on the newest SDK the peer's column stays
empty for them (the suite's ``PEER_NOTES`` say why) and genotel vs bare is measured as always.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import suites


@dataclass
class Stack:
    """Workers sharing one venv's SDKs: each implementation's interpreter and the suites it runs there."""

    pythons: dict[str, str]
    suites: dict[str, list[str]]
    pinned_sdk: str = ""  # the SDK distribution pinned below its newest release ("" on the newest SDKs)
    peer: str = ""  # the peer the pinned stack is for
    label: str = field(default="")  # appended to row names, once the bare worker has reported the version

    def relabel(self, results: dict[str, Any]) -> dict[str, Any]:
        """Per-scenario results with the scenario names this stack's rows get in the report."""
        return {f"{name}{self.label}": value for name, value in results.items()}

    def row(self, implementation: str) -> str:
        """The name of an implementation's rows in the memory and version lists."""
        return f"{implementation}{self.label}"


def _name(suite: ModuleType) -> str:
    return suite.__name__.rsplit(".", 1)[1]


def _parse(spec: str) -> tuple[str, str, str]:
    key, _, python = spec.partition("=")
    sdk, _, peer = key.partition(":")
    if not (sdk and peer and python):
        raise SystemExit(f"--pinned wants SDK:PEER=PATH (PATH a venv's python), got {spec!r}")
    return sdk, peer, python


def plan(
    implementations: list[str], selected: list[ModuleType], pythons: dict[str, str], pinned: list[str]
) -> list[Stack]:
    """The newest-SDK stack first, then one stack per ``--pinned SDK:PEER=PATH`` whose SDK a selected suite uses.

    An implementation runs only the suites it instruments (bare all of them); one left with none has
    no worker in that stack.
    """
    moved: set[tuple[str, str]] = set()  # (suite, peer) measured in a pinned stack instead
    stacks = []
    for sdk, peer, python in map(_parse, pinned):
        chosen = [_name(s) for s in selected if sdk in s.VERSIONS["sdk"] and peer in suites.instrumented_by(s)]
        members = [impl for impl in implementations if impl in ("bare", "genotel", peer)]
        if chosen and peer in members:
            moved.update((name, peer) for name in chosen)
            stacks.append(Stack({impl: python for impl in members}, {impl: chosen for impl in members}, sdk, peer))
    newest: dict[str, list[str]] = {}
    for impl in implementations:
        runs = [_name(s) for s in selected if impl in suites.instrumented_by(s) and (_name(s), impl) not in moved]
        if runs:
            newest[impl] = runs
    return [Stack({impl: pythons[impl] for impl in newest}, newest), *stacks]


def name_rows(stacks: list[Stack], versions: dict[tuple[int, str], dict[str, str]]) -> None:
    """Label each pinned stack's rows with the SDK version its bare worker found (``versions[stack, impl]``)."""
    used = {""}
    for index, stack in enumerate(stacks):
        if stack.pinned_sdk:
            label = f" · on {stack.pinned_sdk} {versions[index, 'bare'].get(stack.pinned_sdk, '?')}"
            stack.label = label if label not in used else f"{label} ({stack.peer}'s venv)"
            used.add(stack.label)
