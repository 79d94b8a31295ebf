"""Config.resolve: kwargs > environment > defaults, for every row of DESIGN section 3."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from genotel.core import Config, ConfigError

ENV_VARS = (
    "GENOTEL_USE_LEGACY_ATTRIBUTES",
    "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT",
    "OTEL_SEMCONV_STABILITY_OPT_IN",
    "GENOTEL_MAX_CONTENT_LENGTH",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Start every test from an environment that sets none of the genotel variables."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def test_defaults():
    config = Config.resolve({})
    assert config.use_legacy_attributes is True
    assert config.capture_content is False
    assert config.semconv == "1.36"
    assert config.max_content_length is None
    assert config.tracer_provider is None
    assert config.meter_provider is None
    assert config.logger_provider is None


def test_resolve_reads_os_environ_when_no_mapping_is_given(monkeypatch):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    assert Config.resolve({}).capture_content is True


# (kwarg, environment variable, environment value, value from env, kwarg value, value from kwarg)
ROWS = [
    ("use_legacy_attributes", "GENOTEL_USE_LEGACY_ATTRIBUTES", "false", False, True, True),
    ("use_legacy_attributes", "GENOTEL_USE_LEGACY_ATTRIBUTES", "TRUE", True, False, False),
    ("capture_content", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true", True, False, False),
    ("capture_content", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "false", False, True, True),
    ("semconv", "OTEL_SEMCONV_STABILITY_OPT_IN", "gen_ai_latest_experimental", "latest", "1.36", "1.36"),
    ("max_content_length", "GENOTEL_MAX_CONTENT_LENGTH", "100", 100, 7, 7),
]


@pytest.mark.parametrize(("kwarg", "variable", "raw", "from_env", "explicit", "from_kwarg"), ROWS)
def test_environment_overrides_default_and_kwarg_overrides_environment(
    monkeypatch, kwarg, variable, raw, from_env, explicit, from_kwarg
):
    monkeypatch.setenv(variable, raw)
    assert getattr(Config.resolve({}), kwarg) == from_env
    assert getattr(Config.resolve({kwarg: explicit}), kwarg) == from_kwarg


@pytest.mark.parametrize(("kwarg", "value"), [("use_legacy_attributes", False), ("capture_content", True)])
def test_boolean_kwargs_without_environment(kwarg, value):
    assert getattr(Config.resolve({kwarg: value}), kwarg) is value


def test_semconv_latest_kwarg_without_environment():
    assert Config.resolve({"semconv": "latest"}).semconv == "latest"


def test_kwarg_none_means_not_given(monkeypatch):
    """``instrument(capture_content=None)`` leaves the decision to the environment."""
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    monkeypatch.setenv("GENOTEL_USE_LEGACY_ATTRIBUTES", "false")
    config = Config.resolve({"capture_content": None, "use_legacy_attributes": None, "semconv": None})
    assert config.capture_content is True
    assert config.use_legacy_attributes is False
    assert config.semconv == "1.36"


def test_providers_pass_through_from_kwargs():
    tracer_provider, meter_provider, logger_provider = object(), object(), object()
    config = Config.resolve(
        {"tracer_provider": tracer_provider, "meter_provider": meter_provider, "logger_provider": logger_provider}
    )
    assert config.tracer_provider is tracer_provider
    assert config.meter_provider is meter_provider
    assert config.logger_provider is logger_provider


def test_explicit_environ_mapping_is_used_instead_of_os_environ(monkeypatch):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    config = Config.resolve({}, {"GENOTEL_MAX_CONTENT_LENGTH": "12"})
    assert config.capture_content is False
    assert config.max_content_length == 12


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("tRuE", True),
        (" true ", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("NO_CONTENT", False),
        ("no_content", False),
        ("SPAN_ONLY", True),
        ("EVENT_ONLY", True),
        ("SPAN_AND_EVENT", True),
        ("span_and_event", True),
    ],
)
def test_capture_content_accepted_values(monkeypatch, caplog, raw, expected):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", raw)
    with caplog.at_level(logging.WARNING):
        assert Config.resolve({}).capture_content is expected
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("raw", ["maybe", "1", "yes", "SPAN"])
def test_capture_content_unknown_value_warns_once_and_means_false(monkeypatch, caplog, raw):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", raw)
    with caplog.at_level(logging.DEBUG):
        assert Config.resolve({}).capture_content is False
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT" in warnings[0].getMessage()
    assert repr(raw) in warnings[0].getMessage()


def test_empty_capture_value_is_the_default_without_warning(monkeypatch, caplog):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "")
    with caplog.at_level(logging.WARNING):
        assert Config.resolve({}).capture_content is False
    assert caplog.records == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("gen_ai_latest_experimental", "latest"),
        ("http,gen_ai_latest_experimental", "latest"),
        ("gen_ai_latest_experimental,database", "latest"),
        ("http/dup, gen_ai_latest_experimental , database", "latest"),
        ("http,database", "1.36"),
        ("http/dup", "1.36"),
        ("gen_ai_latest_experimental_not", "1.36"),
        ("", "1.36"),
    ],
)
def test_semconv_opt_in_inside_a_comma_list(monkeypatch, raw, expected):
    monkeypatch.setenv("OTEL_SEMCONV_STABILITY_OPT_IN", raw)
    assert Config.resolve({}).semconv == expected


def test_semconv_kwarg_latest_beats_environment_without_opt_in(monkeypatch):
    monkeypatch.setenv("OTEL_SEMCONV_STABILITY_OPT_IN", "http")
    assert Config.resolve({"semconv": "latest"}).semconv == "latest"


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("4096", 4096), (" 25 ", 25)])
def test_max_content_length_from_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("GENOTEL_MAX_CONTENT_LENGTH", raw)
    assert Config.resolve({}).max_content_length == expected


@pytest.mark.parametrize("raw", ["0", "-5", "ten", "1.5"])
def test_bad_max_content_length_environment_warns_and_means_unlimited(monkeypatch, caplog, raw):
    monkeypatch.setenv("GENOTEL_MAX_CONTENT_LENGTH", raw)
    with caplog.at_level(logging.WARNING):
        assert Config.resolve({}).max_content_length is None
    assert len(caplog.records) == 1
    assert "GENOTEL_MAX_CONTENT_LENGTH" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("on", True), ("0", False), ("no", False), ("off", False)]
)
def test_use_legacy_attributes_environment_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("GENOTEL_USE_LEGACY_ATTRIBUTES", raw)
    assert Config.resolve({}).use_legacy_attributes is expected


def test_bad_use_legacy_attributes_environment_warns_and_keeps_default(monkeypatch, caplog):
    monkeypatch.setenv("GENOTEL_USE_LEGACY_ATTRIBUTES", "sometimes")
    with caplog.at_level(logging.WARNING):
        assert Config.resolve({}).use_legacy_attributes is True
    assert len(caplog.records) == 1
    assert "GENOTEL_USE_LEGACY_ATTRIBUTES" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"use_legacy_attributes": "false"}, "use_legacy_attributes must be True or False, not 'false'"),
        ({"use_legacy_attributes": 0}, "use_legacy_attributes must be True or False, not 0"),
        ({"capture_content": "yes"}, "capture_content must be True or False, not 'yes'"),
        ({"capture_content": 1}, "capture_content must be True or False, not 1"),
        ({"semconv": "1.37"}, "semconv must be '1.36' or 'latest', not '1.37'"),
        ({"semconv": 1.36}, "semconv must be '1.36' or 'latest', not 1.36"),
        ({"max_content_length": 0}, "max_content_length must be a positive integer, not 0"),
        ({"max_content_length": -3}, "max_content_length must be a positive integer, not -3"),
        ({"max_content_length": "10"}, "max_content_length must be a positive integer, not '10'"),
        ({"max_content_length": True}, "max_content_length must be a positive integer, not True"),
        ({"max_content_length": 2.5}, "max_content_length must be a positive integer, not 2.5"),
    ],
)
def test_bad_kwargs_raise_config_error(kwargs, message):
    with pytest.raises(ConfigError) as raised:
        Config.resolve(kwargs)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_config_is_frozen():
    config = Config.resolve({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.capture_content = True  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        config.extra = 1  # type: ignore[attr-defined]
    assert config.capture_content is False
