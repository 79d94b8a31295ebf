"""genotel.core.convert: the small converters every adapter shares (no network, no SDK call)."""

from __future__ import annotations

import openai
import pytest

from genotel.core.convert import base64_size, blob, field, modality, server_of, url_part
from genotel.core.kits.stainless import given
from genotel.core.model import BlobPart, UriPart

# base64 of b"", b"a", b"ab", b"abc", b"abcd", b"abcde": every padding case.
BASE64_OF_KNOWN_BYTES = [("", 0), ("YQ==", 1), ("YWI=", 2), ("YWJj", 3), ("YWJjZA==", 4), ("YWJjZGU=", 5)]


@pytest.mark.parametrize(("data", "size"), BASE64_OF_KNOWN_BYTES)
def test_base64_size_of_known_byte_strings(data, size):
    assert base64_size(data) == size


@pytest.mark.parametrize(("data", "size"), [("YQ", 1), ("YWI", 2), ("YWJjZA", 4), ("YWJjZGU", 5)])
def test_base64_size_without_padding(data, size):
    """URL-safe encoders often drop the padding; the size is still the decoded size."""
    assert base64_size(data) == size


def test_base64_size_ignores_a_trailing_newline():
    assert base64_size("YWJjZA==\n") == 4


def test_base64_size_of_eight_binary_bytes():
    assert base64_size("AAECAwQFBgc=") == 8


@pytest.mark.parametrize(
    ("mime_type", "expected"),
    [
        ("image/png", "image"),
        ("image/jpeg", "image"),
        ("audio/wav", "audio"),
        ("audio/mpeg", "audio"),
        ("video/mp4", "video"),
        ("application/pdf", "document"),
        ("text/plain", "document"),
        (None, "document"),
        ("", "document"),
    ],
)
def test_modality_from_mime_type(mime_type, expected):
    assert modality(mime_type) == expected


def test_modality_default_is_used_for_non_media_types():
    assert modality(None, "image") == "image"
    assert modality("application/octet-stream", "audio") == "audio"
    assert modality("video/webm", "image") == "video"


def test_blob_keeps_only_the_shape():
    assert blob("YWJjZGU=", "image/png") == BlobPart("image", "image/png", 5)
    assert blob("YWI=", None, "audio") == BlobPart("audio", None, 2)
    assert blob("YWJj", "application/pdf") == BlobPart("document", "application/pdf", 3)


def test_base64_data_url_becomes_an_elided_blob():
    part = url_part("data:image/png;base64,AAECAwQFBgc=", "image")
    assert part == BlobPart("image", "image/png", 8)


def test_data_url_mime_type_decides_modality_over_the_default():
    assert url_part("data:audio/wav;base64,YWJjZA==", "image") == BlobPart("audio", "audio/wav", 4)
    assert url_part("data:application/pdf;base64,YWJj", "image") == BlobPart("image", "application/pdf", 3)


def test_data_url_with_parameters_before_base64():
    part = url_part("data:text/plain;charset=utf-8;base64,YWI=", "document")
    assert part == BlobPart("document", "text/plain", 2)


def test_data_url_without_mime_type():
    assert url_part("data:;base64,YQ==", "image") == BlobPart("image", None, 1)


def test_plain_data_url_size_is_the_decoded_size():
    """A non-base64 data URL is percent-encoded: ``%20`` is one byte."""
    assert url_part("data:text/plain,hello", "document") == BlobPart("document", "text/plain", 5)
    assert url_part("data:text/plain,hi%20there", "document") == BlobPart("document", "text/plain", 8)
    assert url_part("data:,abc", "document") == BlobPart("document", None, 3)


def test_http_url_is_kept_as_a_uri_part():
    url = "https://example.com/cat.png?size=large"
    assert url_part(url, "image") == UriPart("image", url)
    assert url_part(url, "image").mime_type is None


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://api.openai.com/v1", ("api.openai.com", 443)),
        ("https://api.openai.com/v1/", ("api.openai.com", 443)),
        ("https://api.openai.com:443/v1", ("api.openai.com", 443)),
        ("http://localhost/v1", ("localhost", 80)),
        ("http://localhost:8080/v1", ("localhost", 8080)),
        ("https://genotel-test.openai.azure.com:8443/openai", ("genotel-test.openai.azure.com", 8443)),
        ("http://127.0.0.1:11434", ("127.0.0.1", 11434)),
        ("http://[::1]:8000/v1", ("::1", 8000)),
        ("HTTPS://API.OPENAI.COM/v1", ("api.openai.com", 443)),
        ("ftp://files.example.com/", ("files.example.com", None)),
        ("", (None, None)),
        ("http://host:99999/", ("host", None)),
    ],
)
def test_server_of(base_url, expected):
    assert server_of(base_url) == expected


def test_server_of_accepts_the_sdk_url_objects():
    """openai clients expose ``base_url`` as an httpx URL object, not a string."""
    default = openai.OpenAI(api_key="sk-test-not-a-real-key")
    local = openai.OpenAI(api_key="sk-test-not-a-real-key", base_url="http://localhost:4000/v1")
    assert not isinstance(default.base_url, str)
    assert server_of(default.base_url) == ("api.openai.com", 443)
    assert server_of(local.base_url) == ("localhost", 4000)


def test_given_maps_openai_sentinels_to_none():
    assert given(openai.NOT_GIVEN) is None
    assert given(openai.Omit()) is None
    assert given(None) is None


def test_given_keeps_every_real_value_even_falsy_ones():
    marker = object()
    assert given(marker) is marker
    assert given(0) == 0
    assert given(0.0) == 0.0
    assert given(False) is False
    assert given("") == ""
    assert given([]) == []


def test_field_reads_dicts_and_objects_alike():
    class Usage:
        prompt_tokens = 7
        completion_tokens = None

    assert field({"prompt_tokens": 7}, "prompt_tokens") == 7
    assert field(Usage(), "prompt_tokens") == 7
    assert field({"prompt_tokens": 7}, "missing", "fallback") == "fallback"
    assert field(Usage(), "missing", "fallback") == "fallback"


def test_field_treats_none_as_missing():
    class Usage:
        completion_tokens = None

    assert field({"completion_tokens": None}, "completion_tokens", 0) == 0
    assert field(Usage(), "completion_tokens", 0) == 0
    assert field(None, "anything") is None
    assert field(None, "anything", ()) == ()


def test_field_keeps_falsy_values():
    assert field({"n": 0}, "n", 5) == 0
    assert field({"text": ""}, "text", "x") == ""
