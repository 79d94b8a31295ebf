"""docs/telemetry.md section 8 against the code: the security attributes with their types, the mapping
table's attribute names, and the built-in detectors' names and kinds."""

from __future__ import annotations

from genotel.core.config import Config
from genotel.core.invocation import Telemetry
from genotel.core.model import Message, OutputMessage, Provider, Request, Response, Safety, SafetyFinding, TextPart
from genotel.core.security import RegexDetector, SecretsDetector, names
from genotel.core.security.builtin import _BUILT_IN
from tests.core.docs_tables import docs_text, table, ticked

ATTRIBUTE_NAMES = {
    value for key, value in vars(names).items()
    if key.isupper() and isinstance(value, str) and "." in value and not key.startswith("EVALUATION")
}  # fmt: skip
TYPES = {bool: "boolean", int: "int", float: "double", str: "string", tuple: "string[]", list: "string[]"}


def everything(otel) -> dict:
    """One call with every kind of provider finding and every detector attribute, content on."""
    safety = Safety(
        [SafetyFinding("request", action="BLOCKED", policy="content_policy", code="HATE", confidence="HIGH",
                       threat="PROMPT_ATTACK", category="cyber", detail="x")],
        {"request", "response", "threat"},
        guardrail_id="gr-1",
    )  # fmt: skip
    detectors = ("prompt_injection", RegexDetector({"ticket": r"JIRA-\d+"}))
    config = Config.resolve({"capture_content": True, "detectors": detectors, **otel.providers}, {})
    telemetry = Telemetry(config, "t", "0")
    request = Request("chat", Provider("openai", "openai"), "m", messages=[Message("user", [TextPart("JIRA-1")])])
    invocation = telemetry.start(request)
    invocation.chunk_arrived()
    invocation.finish(Response("r", "m", [OutputMessage("assistant", [TextPart("ok")], "stop")], safety=safety))
    (span,) = otel.spans()
    return {key: value for key, value in (span.attributes or {}).items() if key in ATTRIBUTE_NAMES}


def test_security_attribute_table_is_every_name_with_its_type(otel):
    rows = {ticked(row["security attribute"])[0]: row["type"] for row in table("security attribute", "type")}
    assert set(rows) == ATTRIBUTE_NAMES
    exported = everything(otel)
    assert set(exported) == ATTRIBUTE_NAMES
    for key, value in exported.items():
        assert TYPES[type(value)] == rows[key], key


def test_mapping_and_detector_tables_name_only_known_attributes():
    for row in table("provider signal (wire names)", "security attributes"):
        for name in ticked(row["security attributes"]):
            if name.endswith(".*"):  # a family: gen_ai.threat.*
                assert any(known.startswith(name[:-1]) for known in ATTRIBUTE_NAMES), name
            elif name.startswith(("gen_ai.", "aws.")):
                assert name in ATTRIBUTE_NAMES, name
    detectors = table("detector", "finds", "security attributes")
    built_in = {name for row in detectors for name in ticked(row["detector"]) if name in _BUILT_IN}
    assert built_in == set(_BUILT_IN)
    (secrets,) = [row for row in detectors if "`secrets`" in row["detector"]]
    assert ticked(secrets["finds"]) == [kind for kind, _ in SecretsDetector._table]


def test_evaluation_event_names_are_documented():
    text = docs_text()
    for name in (names.EVALUATION_RESULT_EVENT, names.EVALUATION_NAME, names.EVALUATION_SCORE_VALUE,
                 names.EVALUATION_SCORE_LABEL, "GENOTEL_SECURITY_DETECTORS"):  # fmt: skip
        assert f"`{name}`" in text, name
