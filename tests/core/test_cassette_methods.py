"""The replay kit matches HTTP methods whatever their case (aiohttp sends the caller's spelling)."""

from __future__ import annotations

import pytest
from vcr.request import Request

from genotel.core.testing.harness import same_method

URI = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"


def test_a_lowercase_method_matches_the_recorded_one():
    same_method(Request("post", URI, b"{}", {}), Request("POST", URI, None, {}))


def test_another_method_does_not_match():
    with pytest.raises(AssertionError):
        same_method(Request("get", URI, None, {}), Request("POST", URI, None, {}))
