"""docs/telemetry.md against the code: the contract written there must say what the code does.

Each test reads one table of the docs (``tests.core.docs_tables``) and compares it with what the
core produces or declares: every semconv name, the emitters of the eight modes, span attributes
with their types, the legacy keys, the 1.36 event bodies, the latest JSON fields, the metric
instruments with their units and buckets, the metric attributes; and links between the docs.
Configuration and providers are checked in ``test_docs_providers``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from opentelemetry.trace import INVALID_SPAN

from genotel.core import config as config_module
from genotel.core import semconv
from genotel.core.attributes import metric_attributes, request_attributes, span_name
from genotel.core.config import Config
from genotel.core.content import part_json
from genotel.core.emitters import build_content_emitters
from genotel.core.emitters.events import ChoiceEvents
from genotel.core.emitters.latest import latest_content
from genotel.core.emitters.legacy import OMITTED_MESSAGES, LegacyAttributes
from genotel.core.invocation import Telemetry
from genotel.core.metrics import Metrics
from genotel.core.model import (
    BlobPart,
    FilePart,
    Message,
    OutputMessage,
    Provider,
    ReasoningPart,
    Request,
    Response,
    TextPart,
    ToolCallPart,
    ToolCallResponsePart,
    ToolDefinition,
    UriPart,
    Usage,
)
from genotel.core.semconv import VOCABULARY_1_36, VOCABULARY_LATEST
from tests.core.docs_tables import DOCS, docs_text, table, ticked

PROVIDER = Provider("openai", "openai", {"tool_calls": "tool_calls"})
VOCABULARIES = {"1.36": VOCABULARY_1_36, "latest": VOCABULARY_LATEST}


def shape_keys(cell: str) -> set[str]:
    """The field names of a documented body shape such as ``{id, type: "function", content?}``."""
    shape = " ".join(ticked(cell))
    return set(re.findall(r"[a-z_]+", re.sub(r'"[^"]*"', "", shape)))


def nested_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(nested_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(nested_keys(item) for item in value))
    return set()


class RecordingLogger:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def emit(self, **record: Any) -> None:
        self.records.append(record)


def full_request() -> Request:
    parameters = {"max_tokens": 10, "temperature": 0.5, "top_p": 0.9, "top_k": 40, "seed": 7, "choice_count": 2}
    penalties = {"frequency_penalty": 0.1, "presence_penalty": 0.2, "stop_sequences": ["\n"]}
    return Request("chat", PROVIDER, "m", **parameters, **penalties, server_address="h.example", server_port=443)


def conversation() -> tuple[Request, Response]:
    """Every kind of message, part and role the emitters treat apart, and a full response."""
    request = full_request()
    request.system_instructions = [TextPart("Be brief.")]
    request.messages = [
        Message("developer", [TextPart("Answer in French.")]),
        Message("user", [TextPart("Weather?"), BlobPart("image", "image/png", 8)]),
        Message("critic", [TextPart("Be kind.")]),
        Message("assistant", [TextPart("Checking."), ToolCallPart("call_1", "get_weather", '{"city":"Paris"}')]),
        Message("tool", [ToolCallResponsePart("call_1", "18C")]),
        Message("user", [TextPart("Thanks.")]),
    ]
    request.tool_definitions = [ToolDefinition("get_weather", "Current weather", {"type": "object"})]
    output = OutputMessage(
        "assistant", [ReasoningPart("Think."), TextPart("Sunny."), ToolCallPart("c2", "f", "{}")], "tool_calls"
    )
    usage = Usage(10, 20, cache_read_input_tokens=2, cache_creation_input_tokens=3, reasoning_output_tokens=5)
    return request, Response("r-1", "m-1", [output], usage)


def test_every_semconv_name_and_enum_value_is_documented():
    text = docs_text()
    names = {value for key, value in vars(semconv).items() if key.isupper() and isinstance(value, str)}
    names |= {item for key, value in vars(semconv).items() if key.isupper() and isinstance(value, frozenset)
              for item in value}  # fmt: skip
    names |= {OMITTED_MESSAGES, config_module.LATEST_OPT_IN}
    assert len(names) > 35
    assert sorted(name for name in names if f"`{name}`" not in text) == []


def test_modes_table_names_the_emitters_each_mode_builds():
    rows = table("semconv", "`use_legacy_attributes`", "content capture", "emitter")
    modes = set()
    for row in rows:
        (version,), legacy, capture = ticked(row["semconv"]), row["`use_legacy_attributes`"], row["content capture"]
        config = Config(use_legacy_attributes=legacy == "`true`", capture_content=capture == "on", semconv=version)
        emitters = build_content_emitters(config, VOCABULARIES[version], RecordingLogger())
        assert [type(emitter).__name__ for emitter in emitters] == ticked(row["emitter"]), row
        assert ticked(row["provider attribute"]) == [VOCABULARIES[version].provider_key]
        modes.add((version, config.use_legacy_attributes, config.capture_content))
    assert len(modes) == len(rows) == 8


def test_span_attributes_table_lists_every_attribute_with_its_type(otel):
    rows = {ticked(row["attribute"])[0]: row for row in table("attribute", "type", "set at")}
    start: dict[str, Any] = {}
    exported: dict[str, Any] = {}
    for version in VOCABULARIES:
        start.update(request_attributes(full_request(), VOCABULARIES[version]))
        telemetry = Telemetry(Config(semconv=version, **otel.providers), "test", "0")
        invocation = telemetry.start(full_request())
        invocation.chunk_arrived()
        invocation.finish(conversation()[1], ValueError("x"))  # a failed stream that had a response
    for span in otel.spans():
        exported.update(span.attributes or {})
    assert {key for key, row in rows.items() if row["set at"] == "start"} == set(start)
    assert {key for key, row in rows.items() if row["set at"] == "end"} == set(exported) - set(start)
    types = {"string": (str,), "int": (int,), "double": (float,), "string[]": (list, tuple)}
    for key, value in exported.items():
        assert isinstance(value, types[rows[key]["type"]]) and not isinstance(value, bool), key


def test_span_name_is_operation_and_model():
    assert span_name(full_request()) == "chat m" and "`chat gpt-4o-mini`" in docs_text()
    assert span_name(Request("embeddings", PROVIDER, None)) == "embeddings"


def key_pattern(key: str) -> str:
    """``gen_ai.prompt.3.tool_calls.0.id`` -> ``gen_ai.prompt.{i}.tool_calls.{j}.id``."""
    indexes = iter(("{i}", "{j}"))
    return re.sub(r"(?<=\.)\d+(?=\.|$)", lambda _: next(indexes), key)


def test_legacy_keys_table_is_every_key_the_attribute_mode_sets():
    request, response = conversation()
    emitter, whole, trimmed = LegacyAttributes(None), {}, {}
    emitter.emit(INVALID_SPAN, request, response, whole, None)
    emitter.emit(INVALID_SPAN, request, response, trimmed, 14)  # too few slots: the oldest turns go
    assert trimmed[OMITTED_MESSAGES] == 4
    documented = {ticked(row["key"])[0] for row in table("key", "value")}
    assert documented == {key_pattern(key) for key in {**whole, **trimmed}}


def test_events_table_is_every_event_and_body_field():
    rows = {ticked(row["event"])[0]: row for row in table("event", "emitted for")}
    for capture, column in ((True, "body with content"), (False, "body without content")):
        logger = RecordingLogger()
        ChoiceEvents(logger, VOCABULARY_1_36, capture, None).emit(INVALID_SPAN, *conversation(), {}, None)
        fields: dict[str, set[str]] = {}
        for record in logger.records:
            fields.setdefault(record["event_name"], set()).update(nested_keys(record["body"]))
            assert record["attributes"] == {"gen_ai.system": "openai"}
        assert set(rows) == set(fields)
        for name, keys in fields.items():
            assert shape_keys(rows[name][column]) == keys, (name, column)


def test_latest_tables_are_the_json_fields():
    values = latest_content(*conversation(), None)
    rows = {ticked(row["attribute"])[0]: ticked(row["item fields"]) for row in table("attribute", "item fields")}
    assert set(rows) == set(values)
    for key, items in values.items():
        if key != semconv.SYSTEM_INSTRUCTIONS:
            assert set(rows[key]) == set().union(*(item.keys() for item in items)), key
    parts = (
        TextPart("t"), ReasoningPart("r"), ToolCallPart("c", "f", "{}"), ToolCallResponsePart("c", "ok"),
        BlobPart("image", "image/png", 8), UriPart("image", "https://x.example/a.png", "image/png"),
        FilePart("document", "file-1", "application/pdf"),
    )  # fmt: skip
    produced = {(value := part_json(part, None))["type"]: set(value) - {"type"} for part in parts}
    documented = {
        ticked(row["part `type`"])[0]: set(ticked(row["fields"]))
        for row in table("part `type`", "fields")
        if re.fullmatch(r"`[^`]+`", row["part `type`"])
    }
    assert documented == produced


class RecordingMeter:
    def __init__(self) -> None:
        self.histograms: dict[str, dict[str, Any]] = {}

    def create_histogram(self, name: str, **options: Any) -> Any:
        self.histograms[name] = options
        return SimpleNamespace(record=lambda *args: None)


def test_metrics_table_is_the_instruments():
    meter = RecordingMeter()
    Metrics(meter)  # type: ignore[arg-type]
    rows = {ticked(row["metric"])[0]: row for row in table("metric", "instrument", "unit", "bucket boundaries")}
    assert set(rows) == set(meter.histograms)
    advisory = {}
    for name, options in meter.histograms.items():
        assert rows[name]["instrument"] == "histogram"
        assert ticked(rows[name]["unit"]) == [options["unit"]]
        advisory[name] = list(options["explicit_bucket_boundaries_advisory"])
        buckets = [float(item) for item in re.split(r"[,\s]+", rows[name]["bucket boundaries"]) if item]
        assert buckets == advisory[name], name
    assert advisory[semconv.METRIC_TOKEN_USAGE] == list(semconv.TOKEN_BUCKETS)
    assert advisory[semconv.METRIC_OPERATION_DURATION] == advisory[semconv.METRIC_TIME_TO_FIRST_CHUNK]
    assert advisory[semconv.METRIC_OPERATION_DURATION] == list(semconv.DURATION_BUCKETS)


def test_metric_attributes_table():
    documented = {ticked(row["attribute"])[0] for row in table("attribute", "on")}
    request, response = conversation()
    produced = {semconv.TOKEN_TYPE}
    for vocabulary in VOCABULARIES.values():
        produced |= set(metric_attributes(request, response, vocabulary, "ValueError"))
    assert documented == produced


def test_links_between_docs_resolve():
    for path in DOCS.glob("*.md"):
        for target, anchor in re.findall(r"\]\(([\w./-]*\.md)?(?:#([\w-]+))?\)", path.read_text(encoding="utf-8")):
            linked = DOCS / target if target else path
            assert linked.is_file(), (path.name, target)
            if anchor:
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.MULTILINE)
                slugs = {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}
                assert anchor in slugs, (path.name, target, anchor)
