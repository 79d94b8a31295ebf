"""Test helpers for every genotel provider package (a pytest plugin).

Load it from a conftest with ``pytest_plugins = ["genotel.core.testing.plugin"]``. It gives
in-memory exporters (``otel``), the ``mode`` fixture that runs a test in all eight
combinations of semconv x legacy attributes x content capture, vcrpy cassettes, and
:func:`assert_telemetry`, which checks the whole exported telemetry of one call against
expectations written once per scenario.
"""

from .expectations import Expected, assert_no_canary, assert_telemetry, strip_content
from .harness import MODES, Mode, OtelHarness, cassette, instrumented, sent_json
from .lifecycle import LifecycleSuite
from .patches import locate, own_attributes
from .provider import Call, provider_fixtures

__all__ = [
    "MODES",
    "Call",
    "Expected",
    "LifecycleSuite",
    "Mode",
    "OtelHarness",
    "assert_no_canary",
    "assert_telemetry",
    "cassette",
    "instrumented",
    "locate",
    "own_attributes",
    "provider_fixtures",
    "sent_json",
    "strip_content",
]
