"""Smoke check of one provider's wheels, installed alone (not editable): import, entry point, one span.

Also what the wheels carry: each distribution's version equal to its ``version.py`` (the one source),
``py.typed`` beside the code, the LICENSE in the metadata, and the ``[instruments]`` extra naming
the SDK the instrumentor declares.

Run by ``nox -s packaging`` in a fresh environment holding only that provider's wheels and SDK:
``python scripts/smoke_installed.py openai``. Each provider's call, answered offline, and the SDK
names its ``[instruments]`` extra holds are in ``scripts/smoke_<provider>.py``.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import re
import sys
from collections.abc import Iterable
from importlib.metadata import distribution, entry_points

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def check_distribution(name: str, module: str) -> pathlib.Path:
    """The installed wheel of `name` carries py.typed, the LICENSE, and the version of `module`.version."""
    dist = distribution(name)
    package = importlib.import_module(module)
    installed_at = pathlib.Path(package.__file__ or "").resolve()
    assert "site-packages" in installed_at.parts, f"{module} not imported from an installed wheel: {installed_at}"
    version = importlib.import_module(f"{module}.version").__version__
    assert dist.version == version, f"{name} {dist.version} but {module}.version says {version}"
    assert (installed_at.parent / "py.typed").is_file(), f"{module} has no py.typed"
    licenses = [f for f in dist.files or () if f.name == "LICENSE"]
    assert licenses and "Apache License" in licenses[0].read_text(), f"{name} carries no LICENSE"
    assert dist.metadata["License-Expression"] == "Apache-2.0", dist.metadata["License-Expression"]
    return installed_at


def check_instruments_extra(provider: str, sdks: Iterable[str], declared: Iterable[str]) -> None:
    """`pip install genotel-instrumentation-<provider>[instruments]` brings the SDKs the instrumentor declares."""
    requires = distribution(f"genotel-instrumentation-{provider}").requires or []
    extra = [r.split(";")[0].replace(" ", "") for r in requires if re.search(r"extra\s*==\s*.instruments.", r)]
    assert [re.split(r"[<>=!~ \[]", r)[0] for r in extra] == list(sdks), extra
    assert extra == [d.replace(" ", "") for d in declared], (extra, declared)


def main(provider: str) -> None:
    smoke = importlib.import_module(f"smoke_{provider}")  # scripts/smoke_<provider>.py: SDKS and call()
    check_distribution("genotel-core", "genotel.core")
    installed_at = check_distribution(f"genotel-instrumentation-{provider}", f"genotel.instrumentation.{provider}")
    (entry_point,) = [ep for ep in entry_points(group="opentelemetry_instrumentor") if ep.name == f"genotel_{provider}"]
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    instrumentor = entry_point.load()()
    check_instruments_extra(provider, smoke.SDKS, instrumentor.instrumentation_dependencies())
    instrumentor.instrument(tracer_provider=tracer_provider)
    span_name = smoke.call()
    (span,) = exporter.get_finished_spans()
    assert span.name == span_name, span.name
    assert span.attributes["gen_ai.usage.input_tokens"] == 3
    scope = span.instrumentation_scope
    assert scope is not None and scope.version == distribution(f"genotel-instrumentation-{provider}").version, scope
    print("installed wheels work:", json.dumps({"span": span.name, "module": str(installed_at)}))


if __name__ == "__main__":
    main(sys.argv[1])
