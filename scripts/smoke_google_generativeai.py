"""`python scripts/smoke_installed.py google_generativeai`: one google-genai call, answered offline
by a loopback HTTP server (no SDK internals involved, so any google-genai release works)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

SDKS = ("google-genai", "google-generativeai")  # what the instruments-any extra names (either is enough)
BODY = {
    "candidates": [{"content": {"parts": [{"text": "ok"}], "role": "model"}, "finishReason": "STOP", "index": 0}],
    "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 1, "totalTokenCount": 4},
    "modelVersion": "gemini-2.5-flash",
    "responseId": "smoke",
}


class _Answer(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        payload = json.dumps(BODY).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def call() -> str:
    """Make the call; the span name it should give (the answer reports 3 input tokens)."""
    from google import genai

    server = HTTPServer(("127.0.0.1", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}/"
        client = genai.Client(api_key="smoke", http_options={"base_url": base_url})
        client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    finally:
        server.shutdown()
    return "generate_content gemini-2.5-flash"
