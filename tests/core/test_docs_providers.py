"""docs/configuration.md and docs/providers.md against the code.

The configuration tables against ``Config`` (keywords, environment variables, defaults, accepted
values and warnings); the provider tables against the installed instrumentors (found through
their ``opentelemetry_instrumentor`` entry points): the values ``Vocabulary.provider()`` gives for
the provider each client class gets, ``Vocabulary.finish_reason()`` for every documented raw
value (and every raw value a provider declares is documented), and the patched methods with their
operation names, and the provider attributes each adapter adds for the documented arguments.
"""

from __future__ import annotations

import ast
import dataclasses
import logging
from importlib.metadata import entry_points
from types import SimpleNamespace
from typing import Any

from genotel.core import config as config_module
from genotel.core.config import Config
from genotel.core.model import Provider, Request
from genotel.core.semconv import VOCABULARY_1_36, VOCABULARY_LATEST
from tests.core.docs_tables import all_tables, docs_text, table, ticked

VOCABULARIES = {"1.36": VOCABULARY_1_36, "latest": VOCABULARY_LATEST}


def test_configuration_table_is_the_config():
    rows = table("setting", "`instrument()` keyword", "environment variable", "default")
    keywords = {ticked(row["`instrument()` keyword"])[0]: row for row in rows}
    assert set(keywords) == {field.name for field in dataclasses.fields(Config)}
    env = {name for row in rows for name in ticked(row["environment variable"])}
    assert env == {value for key, value in vars(config_module).items() if key.startswith("ENV_")}
    resolved = Config.resolve({}, {})
    for keyword, row in keywords.items():
        token = (ticked(row["default"]) or [""])[0]
        default = {"true": True, "false": False}.get(token, token.strip('"') or None)
        default = int(token) if token.isdigit() else default
        assert getattr(resolved, keyword) == getattr(Config(), keyword) == default, keyword


def warnings_of(caplog: Any) -> int:
    return len([record for record in caplog.records if record.levelno >= logging.WARNING])


def test_environment_value_tables(caplog):
    cases = [
        (table("value", "content capture", "warning"), config_module.ENV_CAPTURE_CONTENT, "capture_content",
         lambda row: row["content capture"] == "on"),
        (table("value", "`use_legacy_attributes`", "warning"), config_module.ENV_USE_LEGACY_ATTRIBUTES,
         "use_legacy_attributes", lambda row: ticked(row["`use_legacy_attributes`"]) == ["true"]),
        (table("value", "semconv"), config_module.ENV_SEMCONV_OPT_IN, "semconv", lambda row: ticked(row["semconv"])[0]),
    ]  # fmt: skip
    checked = 0
    for rows, variable, field, expected in cases:
        for row in rows:
            for value in ticked(row["value"]):
                caplog.clear()
                with caplog.at_level(logging.WARNING):
                    assert getattr(Config.resolve({}, {variable: value}), field) == expected(row), (variable, value)
                assert warnings_of(caplog) == (1 if row.get("warning", "no").startswith("yes") else 0), value
                checked += 1
    assert checked > 25


def instrumentors() -> dict[str, Any]:
    """Every installed genotel instrumentor, by class name (through the standard entry points)."""
    found = entry_points(group="opentelemetry_instrumentor")
    return {ep.value.rpartition(":")[2]: ep.load() for ep in found if ep.name.startswith("genotel_")}


def requests_of(instrumentor: Any, client_class: str) -> list[Request]:
    """The content-free request each endpoint of ``instrumentor`` makes for a client of that class."""
    client = type(client_class, (), {"base_url": "https://api.example.com/v1"})()
    resource = SimpleNamespace(_client=client)
    return [endpoint.adapter.to_request(resource, (), {"model": "m"}) for endpoint in instrumentor().endpoints()]


def shipped_providers() -> dict[str, list[Provider]]:
    """Instrumentor name -> the providers of the client classes the provider table lists for it,
    each checked against the table's values on the way."""
    installed, text, found = instrumentors(), docs_text(), {}
    rows = table("provider", "client classes", "instrumentor", "status")
    for row in (row for row in rows if row["status"].startswith("shipped")):
        (name,) = ticked(row["instrumentor"])
        for client_class in ticked(row["client classes"]):
            for request in requests_of(installed[name], client_class):
                values = {version: VOCABULARIES[version].provider(request.provider) for version in VOCABULARIES}
                assert values == {"1.36": ticked(row["1.36 `gen_ai.system`"])[0],
                                  "latest": ticked(row["latest `gen_ai.provider.name`"])[0]}, client_class  # fmt: skip
                assert all(f"`{key}`" in text for key in request.attributes), request.attributes
                found.setdefault(name, []).append(request.provider)
    assert set(found) == set(installed)
    return found


def test_provider_table_is_what_the_adapters_report():
    assert len(shipped_providers()) >= 2


def test_finish_reason_tables_are_the_providers_tables():
    providers = shipped_providers()
    tables = {ticked(head[0])[0]: rows for head, rows in all_tables() if head[0].startswith("raw (")}
    assert set(tables) == set(providers)
    for name, rows in tables.items():
        documented = set()
        for raw_cell, enum_1_36, enum_latest, *_ in rows:
            raw = ticked(raw_cell)[-1]
            documented.add(raw)
            for provider in providers[name]:
                assert VOCABULARY_1_36.finish_reason(provider, raw) == ticked(enum_1_36)[0], (name, raw)
                assert VOCABULARY_LATEST.finish_reason(provider, raw) == ticked(enum_latest)[0], (name, raw)
        declared = set().union(*(provider.finish_reasons for provider in providers[name]))
        assert declared <= documented, (name, declared - documented)


def test_patched_methods_tables_are_the_patch_tables():
    documented = {}
    for head, rows in all_tables():
        if head[0] == "patched methods":
            for methods, _calls, operation in rows:
                documented.update(dict.fromkeys(ticked(methods), ticked(operation)[0]))
    patched = {}
    for instrumentor in instrumentors().values():
        for endpoint in instrumentor().endpoints():
            resource = SimpleNamespace(_client=None)
            patched[f"{endpoint.module}.{endpoint.attribute}"] = endpoint.adapter.to_request(resource, (), {}).operation
    assert documented == patched


# Arguments an adapter might turn into attributes of its own: any it does must be documented.
PROBE = {
    "model": "m", "dimensions": 8, "encoding_format": "float", "service_tier": "default", "user": "u-1",
    "reasoning_effort": "low", "parallel_tool_calls": True, "logprobs": True, "top_logprobs": 2, "store": False,
    "metadata": {"k": "v"}, "response_format": {"type": "json_object"}, "tool_choice": "auto", "truncation": "auto",
    "thinking": {"type": "enabled", "budget_tokens": 1024}, "previous_response_id": "resp_1", "n": 2,
}  # fmt: skip


def test_provider_attributes_table_is_what_the_adapters_add():
    rows = table("provider attribute", "type", "example argument", "example value", "instrumentor")
    types = {"string": str, "int": int, "double": float, "string[]": list}
    for name, instrumentor in instrumentors().items():
        mine = [row for row in rows if ticked(row["instrumentor"]) == [name]]
        arguments = dict(ticked(row["example argument"])[0].split("=", 1) for row in mine)
        kwargs = {**PROBE, **{key: ast.literal_eval(value) for key, value in arguments.items()}}
        added: dict[str, Any] = {}
        for endpoint in instrumentor().endpoints():
            added.update(endpoint.adapter.to_request(SimpleNamespace(_client=None), (), kwargs).attributes)
        documented = {
            ticked(row["provider attribute"])[0]: ast.literal_eval(ticked(row["example value"])[0]) for row in mine
        }
        assert added == documented, name
        for row in mine:
            assert type(documented[ticked(row["provider attribute"])[0]]) is types[row["type"]]
