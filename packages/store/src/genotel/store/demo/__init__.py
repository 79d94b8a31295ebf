"""``genotel demo``: real SDK calls replayed offline, instrumented as ``opentelemetry-instrument`` would.

The instrumentors are found through the ``opentelemetry_instrumentor`` entry points (the ones
named ``genotel_*``) and instrumented with content capture switched on by its environment
variable, exactly the path a zero-code user takes. The SDKs send their requests to the
recorded exchanges in ``trip_planner.yaml`` (vcrpy), so no key and no network are needed;
the trace is then read back from the store and shown.
"""

from __future__ import annotations

import os
import shutil
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from rich.console import Console

from ..errors import StoreError
from ..providers import configure
from ..store import TraceStore

RECORDINGS = Path(__file__).with_name("trip_planner.yaml")
ENTRY_POINT_GROUP = "opentelemetry_instrumentor"
DEMO_KEY = "demo-offline-not-a-real-key"


def instrument_from_entry_points() -> list[str]:
    """Load and instrument every genotel instrumentor installed, as ``opentelemetry-instrument`` does."""
    names = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name.startswith("genotel_"):
            entry.load()().instrument()
            names.append(entry.name)
    return sorted(names)


def _replayed_clients() -> tuple[Any, Any, Any, Any]:
    try:
        import anthropic
        import boto3
        import openai
        from google import genai
    except ImportError as missing:
        raise StoreError(f"the demo needs the {missing.name} SDK: pip install 'genotel-store[demo]'") from None
    return (
        openai.OpenAI(api_key=DEMO_KEY, max_retries=0),
        anthropic.Anthropic(api_key=DEMO_KEY, max_retries=0),
        genai.Client(api_key=DEMO_KEY, http_options={"api_version": "v1beta"}),  # the recording's path, any SDK
        boto3.client(
            "bedrock-runtime",
            region_name="us-east-1",
            aws_access_key_id="AKIDDEMOOFFLINE",
            aws_secret_access_key=DEMO_KEY,
        ),
    )


def run_demo(store_path: str | os.PathLike[str] | None, out: Console, as_json: bool = False) -> int:
    try:
        import vcr
    except ImportError:
        raise StoreError("the demo needs vcrpy to replay its recordings: pip install 'genotel-store[demo]'") from None
    from .app import plan_trip

    os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true"
    configured = configure("genotel-demo", store=store_path)
    instrumented = instrument_from_entry_points()
    clients = _replayed_clients()
    recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path"])
    with recorder.use_cassette(str(RECORDINGS)):
        plan_trip(*clients)
    configured.shutdown()

    with TraceStore(configured.destination, read_only=True) as store:
        (latest,) = store.query_traces(limit=1, order_by=["-start_time"])
        spans = store.get_trace(latest["trace_id"])
        events = store.get_events(latest["trace_id"])
    if as_json:
        from ..cli.render import print_json

        print_json(out, {"instrumented": instrumented, "store": configured.destination, "spans": spans})
        return 0
    from ..cli.render import span_tree

    out.print(f"Instrumented through entry points: {', '.join(instrumented)}", style="dim")
    out.print(span_tree(spans, events))
    out.print(f"Stored in {configured.destination}. Show it again with:", soft_wrap=True, highlight=False)
    command = f"  {again_command(store_path)} trace {latest['trace_id']}"
    out.print(command, style="bold", markup=False, highlight=False, soft_wrap=True)  # one line, to copy whole
    return 0


def again_command(store_path: str | os.PathLike[str] | None) -> str:
    """The ``genotel`` command line that reads this store back, runnable from where the user is.

    Inside a virtual environment (``nox -s demo`` makes one) the user's shell may not have its
    ``bin`` on PATH, so the script is named by its path; elsewhere plain ``genotel`` is enough.
    """
    script = Path(sys.executable).parent / "genotel"
    if sys.prefix != sys.base_prefix and script.exists():
        program = _shortest(script)
    elif shutil.which("genotel"):
        program = "genotel"
    else:
        program = f"{sys.executable} -m genotel.store.cli"
    return program if store_path is None else f"{program} --db {store_path}"


def _shortest(path: Path) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)
