"""Write ``cassettes/bedrock/*.yaml`` from the scenarios: ``python -m tests.bedrock.write_cassettes``.

JSON bodies as Bedrock sends them, its response headers (request id, latency, token counts),
and for the two stream APIs the binary event-stream framing (tests.bedrock.eventstream).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from vcr.serializers import yamlserializer

from tests.bedrock import converse_cases, invoke_cases  # noqa: F401  (they register the scenarios)
from tests.bedrock.eventstream import stream
from tests.bedrock.scenarios import SCENARIOS, Scenario

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "bedrock"
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests"}


def _wire(value: Any) -> Any:
    """Converse parameters as botocore serialises them: bytes become base64 text."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_wire(item) for item in value]
    return value


def interaction(scenario: Scenario, number: int) -> dict[str, Any]:
    request_body = json.dumps(_wire(scenario.request))
    request_id = f"5e2a1c3d-7b8f-4a6e-9d0c-{number:012d}"
    headers = {
        "Date": ["Mon, 06 Oct 2025 09:00:01 GMT"],
        "Connection": ["keep-alive"],
        "x-amzn-RequestId": [request_id],
    }
    if scenario.stream and scenario.status == 200:
        body = stream(scenario.response)
        headers["Content-Type"] = ["application/vnd.amazon.eventstream"]
        if scenario.api == "InvokeModelWithResponseStream":
            headers["X-Amzn-Bedrock-Content-Type"] = ["application/json"]
    else:
        body = json.dumps(scenario.response).encode()
        headers["Content-Type"] = ["application/json"]
        headers["Content-Length"] = [str(len(body))]
        if scenario.api == "InvokeModel" and scenario.status == 200:
            headers["X-Amzn-Bedrock-Invocation-Latency"] = ["412"]
    for name, value in scenario.headers.items():
        headers[name] = [value]
    return {
        "request": {
            "method": "POST",
            "uri": scenario.uri,
            "body": request_body,
            "headers": {
                "Content-Type": ["application/json"],
                "Accept": ["application/vnd.amazon.eventstream" if scenario.stream else "application/json"],
            },
        },
        "response": {
            "status": {"code": scenario.status, "message": _REASONS[scenario.status]},
            "headers": headers,
            "body": {"string": body},
        },
    }


def main() -> None:
    CASSETTES.mkdir(parents=True, exist_ok=True)
    for number, scenario in enumerate(SCENARIOS.values(), 1):
        text = yamlserializer.serialize({"interactions": [interaction(scenario, number)], "version": 1})
        (CASSETTES / f"{scenario.name}.yaml").write_text(text)
    print(f"{len(SCENARIOS)} cassettes in {CASSETTES}")


if __name__ == "__main__":
    main()
