"""Sessions: lint, typecheck, and the test suite against the oldest and newest supported stacks.

`python3 -m nox` runs lint (ruff, import boundaries), typecheck, packaging and both test sessions
(the README's test command).
"""

from __future__ import annotations

import pathlib
import re
import shutil
from typing import Any

import nox
import tomllib

nox.options.default_venv_backend = "venv"
# `demo` and `bench` run on request.
nox.options.sessions = ["lint", "typecheck", "packaging", "packaging_store", "tests"]
nox.options.error_on_missing_interpreters = True


def _pyproject(directory: pathlib.Path) -> dict[str, Any]:
    return tomllib.loads((directory / "pyproject.toml").read_text())


def _extras(directory: pathlib.Path) -> dict[str, list[str]]:
    return _pyproject(directory)["project"].get("optional-dependencies", {})


# Every distribution's directory; each holds a copy of the root LICENSE (hatchling packs only
# files inside the project directory, and a symlink would leave a dangling link in the sdist).
DISTRIBUTIONS = (pathlib.Path("shared"), *sorted(p.parent for p in pathlib.Path("packages").glob("*/pyproject.toml")))
# A provider package declares what nox needs in its own pyproject.toml, so adding one edits no
# list here:  [tool.genotel] oldest = [the SDK at the lowest version `instruments` allows],
# latest = [the SDK, unpinned], test-requires = [what its tests need beyond TEST_TOOLS].
PROVIDERS = {d.name: _pyproject(d)["tool"]["genotel"] for d in DISTRIBUTIONS if "instruments" in _extras(d)}

PACKAGES = (
    "-e",
    "./shared[testing]",
    *(arg for name in PROVIDERS for arg in ("-e", f"./packages/{name}[instruments]")),
    "-e",
    "./packages/store[demo,otlp,serve]",
    "-e",
    "./packages/crs",  # not an instrumentor: no [tool.genotel] table, so listed here
)
# Exact pins: a new release of a checker must not turn CI red by itself; bump them on purpose.
RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"
IMPORT_LINTER = ("import-linter==2.17", "grimp==3.20")
TEST_TOOLS = (
    "pytest>=8",
    "pytest-asyncio>=0.23",
    "vcrpy>=7",
    "httpx>=0.27",  # tests/serve's client
    "selenium>=4.11",  # tests/serve's browser test drives Debian's chromium through chromedriver
    *(requirement for tool in PROVIDERS.values() for requirement in tool.get("test-requires", ())),
)
OPENTELEMETRY = {
    "oldest": (
        "opentelemetry-api==1.39.0",
        "opentelemetry-sdk==1.39.0",
        "opentelemetry-instrumentation==0.60b0",
        "opentelemetry-distro==0.60b0",
        "opentelemetry-exporter-otlp-proto-grpc==1.39.0",
        "opentelemetry-exporter-otlp-proto-http==1.39.0",
        "wrapt==1.14.1",
    ),
    "latest": (
        "opentelemetry-api",
        "opentelemetry-sdk",
        "opentelemetry-instrumentation",
        "opentelemetry-distro",
        "opentelemetry-exporter-otlp-proto-grpc",
        "opentelemetry-exporter-otlp-proto-http",
        "wrapt",
    ),
}
BENCH_OPENTELEMETRY = ("opentelemetry-api", "opentelemetry-sdk", "wrapt")
# The oldest versions each lower bound promises; "latest" takes whatever is newest.
STACKS = {
    stack: (*(sdk for tool in PROVIDERS.values() for sdk in tool[stack]), *otel)
    for stack, otel in OPENTELEMETRY.items()
}


@nox.session
@nox.parametrize("stack", list(STACKS))
def tests(session: nox.Session, stack: str) -> None:
    """The whole suite; cassettes replay through the real SDKs, no network."""
    session.install(*PACKAGES, *TEST_TOOLS)
    session.install(*(("--upgrade",) if stack == "latest" else ()), *STACKS[stack])
    session.run("python", "-m", "pip", "freeze", silent=False)
    session.run("python", "-m", "pytest", *(session.posargs or ("tests",)))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff, the LICENSE copies, and the import boundaries ([tool.importlinter] in pyproject.toml)."""
    session.install(RUFF, *IMPORT_LINTER)
    session.run("ruff", "check", "shared", "packages", "tests", "benchmarks", "scripts", "noxfile.py")
    session.run("ruff", "format", "--check", "shared", "packages", "tests", "benchmarks", "scripts", "noxfile.py")
    license_text = pathlib.Path("LICENSE").read_bytes()
    stale = [str(d / "LICENSE") for d in DISTRIBUTIONS if (d / "LICENSE").read_bytes() != license_text]
    if stale:
        session.error(f"not identical to ./LICENSE: {', '.join(stale)} (copy it over)")
    # Editable, so the graph is the working tree's; no dependencies: the graph is built from the source alone.
    session.install("--no-deps", *(arg for d in DISTRIBUTIONS for arg in ("-e", f"./{d}")))
    session.run("lint-imports", "--no-cache")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install(*PACKAGES, MYPY)
    sources = [f"{d}/src" for d in DISTRIBUTIONS]
    session.run("mypy", *(f"{src}/genotel" for src in sources), env={"MYPYPATH": ":".join(sources)})


@nox.session
def demo(session: nox.Session) -> None:
    """`genotel demo`: OpenAI, Anthropic, Gemini and Bedrock calls replayed offline, shown from the store."""
    session.install(*PACKAGES)
    session.run("genotel", "demo", *session.posargs)


def _distribution(requirement: str) -> str:
    """The distribution a requirement names: ``"cohere<6"`` -> ``"cohere"``."""
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def _peer_venv(session: nox.Session, name: str, requirements: tuple[str, ...]) -> pathlib.Path:
    """A venv under .nox/bench-peers with exactly ``requirements``, rebuilt only when they change; its python."""
    venv = pathlib.Path(".nox", "bench-peers", name).resolve()
    python, stamp = venv / "bin" / "python", venv / "requirements.txt"
    wanted = "\n".join(requirements)
    if not python.exists() or not stamp.exists() or stamp.read_text() != wanted:
        session.run("python", "-m", "venv", "--clear", str(venv))
        session.run(str(python), "-m", "pip", "install", "-q", "--upgrade", *requirements, external=True)
        stamp.write_text(wanted)
    return python


@nox.session
def bench(session: nox.Session) -> None:
    """genotel vs OpenLLMetry vs the official GenAI instrumentations vs the bare SDK; writes benchmarks/RESULTS.md.

    Each peer gets a venv of its own under .nox/bench-peers (never a dependency of genotel), on
    the same SDK stack, reused while its requirements are unchanged. A peer entry in a provider's
    [tool.genotel.bench-peers] that names the provider's SDK (e.g. "cohere<6": the peer supports no
    newer release) gets a venv of its own per provider instead, on that SDK with genotel's package
    for it: bare, genotel and the peer are measured there on that SDK's suites (benchmarks/stacks.py).
    """
    peers: dict[str, list[str]] = {}
    shared: list[str] = []  # providers with a peer on the newest SDK: their SDKs go into every peer's venv
    pinned: list[tuple[str, str, str, list[str]]] = []  # (provider, its SDK, peer, requirements)
    for name, tool in PROVIDERS.items():
        sdks = {_distribution(sdk) for sdk in tool["latest"]}
        for peer, wanted in tool.get("bench-peers", {}).items():
            pins = [_distribution(requirement) for requirement in wanted if _distribution(requirement) in sdks]
            if pins:
                pinned.append((name, pins[0], peer, wanted))
            else:
                peers[peer] = list(dict.fromkeys((*peers.get(peer, ()), *wanted)))
                shared += [name] if name not in shared else []
    stack = (*(sdk for name in shared for sdk in PROVIDERS[name]["latest"]), *BENCH_OPENTELEMETRY)
    newest = (*(sdk for tool in PROVIDERS.values() for sdk in tool["latest"]), *BENCH_OPENTELEMETRY)
    session.install(*PACKAGES)
    session.install("--upgrade", *newest)  # bare and genotel run every suite, each on its newest SDK
    arguments = []
    for peer, requirements in peers.items():
        arguments += ["--python", f"{peer}={_peer_venv(session, peer, (*stack, *requirements))}"]
    for name, sdk, peer, requirements in pinned:
        genotel = ("-e", "./shared", "-e", f"./packages/{name}")
        python = _peer_venv(session, f"{peer}-{name}", (*BENCH_OPENTELEMETRY, *requirements, *genotel))
        arguments += ["--pinned", f"{sdk}:{peer}={python}"]
    output = ("--output", "benchmarks/RESULTS.md")  # a later --output in the posargs wins
    session.run("python", "benchmarks/bench_peers.py", *arguments, *output, *session.posargs)


def build_wheels(session: nox.Session, *sources: str) -> tuple[str, ...]:
    """Build the wheels of `sources` into a fresh directory; pip options that install from exactly them.

    Each built distribution is constrained to the version just built, so a genotel-* found on the
    index (or left from an older build) is never taken instead, and a dependency pin that does not
    accept the version built here (genotel-core~=X.Y.0) fails the install.
    """
    wheels = pathlib.Path(session.create_tmp(), "wheels")
    shutil.rmtree(wheels, ignore_errors=True)
    session.run("python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(wheels), *sources)
    built = [wheel.name.split("-")[:2] for wheel in sorted(wheels.glob("*.whl"))]
    constraints = wheels / "constraints.txt"
    constraints.write_text("".join(f"{name.replace('_', '-')}=={version}\n" for name, version in built))
    return "--find-links", str(wheels), "--constraint", str(constraints)


@nox.session
@nox.parametrize("provider", list(PROVIDERS))
def packaging(session: nox.Session, provider: str) -> None:
    """Build the wheels and install one provider's instrumentor alone from them, as a user would."""
    from_wheels = build_wheels(session, "./shared", f"./packages/{provider}")
    # A package whose SDKs are alternatives (instruments-any) installs them all, so each is smoked.
    extras = ",".join(e for e in ("instruments", "instruments-any") if e in _extras(pathlib.Path("packages", provider)))
    session.install(*from_wheels, f"genotel-instrumentation-{provider}[{extras}]", "opentelemetry-sdk")
    session.run("python", "-m", "pip", "list", silent=False)
    session.run("python", "scripts/smoke_installed.py", provider)


@nox.session
def packaging_store(session: nox.Session) -> None:
    """Install genotel-store[demo,serve] from built wheels, run `genotel demo` and read it back, as a newcomer would."""
    demo = ("openai", "anthropic", "google_generativeai", "bedrock", "store")
    from_wheels = build_wheels(session, "./shared", *(f"./packages/{name}" for name in demo))
    session.install(*from_wheels, "genotel-store[demo,serve]")
    with session.chdir(session.create_tmp()):
        session.run("genotel", "--db", "demo.db", "demo")
        session.run("genotel", "--db", "demo.db", "traces")
        # the viewer's files are in the wheel and the app builds from them
        session.run(
            "python",
            "-c",
            "from genotel.store.serve.app import STATIC, create_app; create_app();"
            " assert (STATIC / 'index.html').is_file() and (STATIC / 'main.js').is_file()",
        )


@nox.session
def bench_crs(session: nox.Session) -> None:
    """What genotel-crs's task processor adds per span, outside and inside task() and action()."""
    session.install("-e", "./packages/crs")
    session.run("python", "benchmarks/bench_crs.py", *session.posargs)


@nox.session
def bench_security(session: nox.Session) -> None:
    """Security telemetry's cost: the safety mapper on a response without signal, and each detector per KB."""
    session.install("-e", "./shared")
    session.run("python", "benchmarks/bench_security.py", *session.posargs)


@nox.session
def bench_store(session: nox.Session) -> None:
    """genotel-store at scale: ingest spans/s, and query latency with 1,000,000 spans stored."""
    session.install("-e", "./shared", "-e", "./packages/store")
    session.run("python", "benchmarks/bench_store.py", *session.posargs)


@nox.session
def bench_store_load(session: nox.Session) -> None:
    """genotel-store under a server's load at 100,000 spans: `genotel spans --limit 5`, pooled connections."""
    session.install("-e", "./shared", "-e", "./packages/store")
    session.run("python", "benchmarks/bench_store_load.py", *session.posargs)


@nox.session
def bench_serve(session: nox.Session) -> None:
    """genotel serve at 1,000,000 spans: req/s, p50 and p99 of trace list, trace tree and span query, 16 clients."""
    session.install("-e", "./shared", "-e", "./packages/store[serve]", "httpx>=0.27")
    session.run("python", "benchmarks/bench_serve.py", *session.posargs)
