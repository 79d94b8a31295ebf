"""A CRS task server, the shape the CRS telemetry specification describes, instrumented with genotel.

``POST /v1/task`` takes a task (a vulnerability report and its ``metadata`` map), works on it with
two OpenAI calls inside one ``patch_generation`` action, and answers with the patch. Every span —
the request's, the action's, the GenAI calls' — carries the task's metadata, and the action carries
the GenAI response ids. With ``--replay`` the OpenAI calls come from a recording, so it runs offline.

    python examples/crs_webservice/server.py --replay cassettes/crs/patch_generation.yaml
    curl -s localhost:8080/v1/task -d @examples/crs_webservice/task.json
    genotel tasks
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import openai
from opentelemetry import trace

import genotel.crs as crs
from genotel.instrumentation.openai import OpenAIInstrumentor

MODEL = "gpt-4o-mini"
SYSTEM = "You are a security engineer. Answer with a unified diff only."


def generate_patch(client: openai.OpenAI, vulnerability: dict[str, Any]) -> str:
    """Ask for the root cause, then for the patch: two calls, one action."""
    with crs.action(
        crs.Category.PATCH_GENERATION,
        "diagnose and patch",
        code_file=vulnerability["file"],
        code_lines=vulnerability["lines"],
        target_harness=vulnerability["harness"],
    ):
        messages: list[dict[str, str]] = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"The fuzzer crashed in {vulnerability['report']} What is the root cause?"},
        ]
        diagnosis = client.chat.completions.create(model=MODEL, messages=messages, temperature=0)  # type: ignore[arg-type]
        messages += [
            {"role": "assistant", "content": diagnosis.choices[0].message.content or ""},
            {"role": "user", "content": f"Write the patch for {vulnerability['file']}."},
        ]
        patch = client.chat.completions.create(model=MODEL, messages=messages, temperature=0)  # type: ignore[arg-type]
        return patch.choices[0].message.content or ""


def handler(client: openai.OpenAI, cassette: str | None) -> type[BaseHTTPRequestHandler]:
    tracer = trace.get_tracer("crs_webservice")

    class TaskHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/v1/task":
                return self._answer(404, {"error": f"no route {self.path}"})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                metadata, vulnerability = body["metadata"], body["vulnerability"]
            except (ValueError, KeyError, TypeError) as error:
                return self._answer(400, {"error": f"expected metadata and vulnerability: {error}"})
            # The caller's trace (traceparent) if it sent one; the task's metadata from the body.
            with (
                crs.continue_task(self.headers),
                crs.task(metadata),
                tracer.start_as_current_span("POST /v1/task", kind=trace.SpanKind.SERVER),
                replaying(cassette),
            ):
                patch = generate_patch(client, vulnerability)
            self._answer(200, {"task": metadata.get("task.id"), "patch": patch})

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return TaskHandler


def replaying(cassette: str | None) -> contextlib.AbstractContextManager[Any]:
    """OpenAI's answers from a vcrpy recording, played afresh for each task; or the real API.

    vcrpy patches the HTTP clients process-wide: fine for a demo taking one task at a time.
    """
    if cassette is None:
        return contextlib.nullcontext()
    import vcr

    recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
    return recorder.use_cassette(cassette)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--db", help="the store file when no OTLP endpoint is set (default: genotel's)")
    parser.add_argument("--replay", metavar="CASSETTE", help="answer OpenAI calls from this recording")
    arguments = parser.parse_args(argv)

    configured = crs.configure("crs-patcher", store=arguments.db)
    OpenAIInstrumentor().instrument()
    client = openai.OpenAI(api_key="sk-replay-not-a-real-key" if arguments.replay else None, max_retries=0)
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), handler(client, arguments.replay))
    signal.signal(signal.SIGTERM, _interrupt)  # a process manager's stop: flush like Ctrl-C does
    print(f"listening on http://127.0.0.1:{server.server_address[1]}/v1/task", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        configured.shutdown()
    print(f"telemetry written to {configured.destination}", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
