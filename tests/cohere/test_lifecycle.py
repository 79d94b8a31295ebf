"""CohereInstrumentor lifecycle: the patch table, exact restore, re-instrument, no double wrap, and
zero-code loading through ``opentelemetry-instrument``."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from genotel.core.testing import LifecycleSuite, locate
from genotel.instrumentation.cohere import CohereInstrumentor
from genotel.instrumentation.cohere.patch_table import ENDPOINTS
from tests.auto_instrumentation import console_spans, run_auto_instrumented
from tests.cohere.scenarios import HELLO, MODEL, TEXT_ID, TEXT_REQUEST, hello_expected

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "cohere"
PATCHED = {
    ("cohere.v2.client", "V2Client.chat", False),
    ("cohere.v2.client", "AsyncV2Client.chat", True),
    ("cohere.v2.client", "V2Client.chat_stream", False),
    ("cohere.v2.client", "AsyncV2Client.chat_stream", False),  # an async generator function: not awaited
    ("cohere.v2.client", "V2Client.embed", False),
    ("cohere.v2.client", "AsyncV2Client.embed", True),
    ("cohere.client", "Client.embed", False),
    ("cohere.client", "AsyncClient.embed", True),
    ("cohere.base_client", "BaseCohere.chat", False),
    ("cohere.base_client", "AsyncBaseCohere.chat", True),
    ("cohere.base_client", "BaseCohere.chat_stream", False),
    ("cohere.base_client", "AsyncBaseCohere.chat_stream", False),
}


def test_patch_table_names_the_sdk_methods():
    assert {(e.module, e.attribute, e.is_async) for e in ENDPOINTS} == PATCHED
    assert all(locate(endpoint) is not None for endpoint in ENDPOINTS)


class TestLifecycle(LifecycleSuite):
    instrumentor_class = CohereInstrumentor
    endpoints = ENDPOINTS
    cassette = "v2_chat_text"
    span_name = f"chat {MODEL}"
    provider_latest = "cohere"

    def make_call(self, sdk):
        """Through a client made now: cohere's ``Client.__init__`` binds ``chat``/``chat_stream`` to each
        client as it is created (argument checks), so a client keeps the method it was made with
        (docs/providers.md, Cohere)."""
        return type(sdk)(api_key="test-cohere-key-not-real").chat(**TEXT_REQUEST)

    def check_result(self, result):
        assert result.id == TEXT_ID and result.message.content[0].text == HELLO


def test_a_client_made_while_instrumented_is_untraced_after_uninstrument(otel, replay):
    """The client's own ``chat`` (bound at its creation) is genotel's wrapper: it goes inert, the call still works."""
    import cohere

    instrumentor = CohereInstrumentor()
    instrumentor.instrument(**otel.providers)
    client = cohere.ClientV2(api_key="test-cohere-key-not-real")
    with replay("v2_chat_text"):
        client.chat(**TEXT_REQUEST)
    instrumentor.uninstrument()
    with replay("v2_chat_text"):
        after = client.chat(**TEXT_REQUEST)
    assert after.id == TEXT_ID
    assert [span.name for span in otel.spans()] == [f"chat {MODEL}"]


def test_instrumentation_dependencies_name_the_sdk():
    assert list(CohereInstrumentor().instrumentation_dependencies()) == ["cohere >= 5.15.0"]


SCRIPT = """
import sys

import cohere
import vcr

recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
with recorder.use_cassette({cassette!r}):
    client = cohere.ClientV2(api_key="test-cohere-key-not-real")
    response = client.chat(**{request!r})
print("completion:", response.message.content[0].text, file=sys.stderr)
"""


def test_entry_point_is_registered():
    (entry,) = [e for e in entry_points(group="opentelemetry_instrumentor") if e.name == "genotel_cohere"]
    assert entry.value == "genotel.instrumentation.cohere:CohereInstrumentor"
    assert entry.load() is CohereInstrumentor


@pytest.mark.parametrize(
    ("extra_env", "with_content"),
    [({}, False), ({"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, True)],
    ids=["default", "capture_from_environment"],
)
def test_opentelemetry_instrument_loads_genotel(tmp_path, extra_env, with_content):
    script = SCRIPT.format(cassette=str(CASSETTES / "v2_chat_text.yaml"), request=TEXT_REQUEST)
    result = run_auto_instrumented(tmp_path, script, **extra_env)
    assert result.returncode == 0, result.stderr
    assert f"completion: {HELLO}" in result.stderr
    (span,) = console_spans(result.stdout)
    assert span["name"] == f"chat {MODEL}"
    assert span["kind"] == "SpanKind.CLIENT"
    assert span["status"]["status_code"] == "UNSET"
    expected = hello_expected(TEXT_ID)
    assert span["attributes"] == {**expected.base, **(expected.legacy if with_content else {})}
    if not with_content:
        assert "CANARY" not in result.stdout
