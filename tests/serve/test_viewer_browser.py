"""The trace viewer in a real browser, against a store the demo filled: what a person sees and clicks.

The screenshots are kept under pytest's tmp dir; their paths are printed (run with -s or -rA to see them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.serve.browser import chromium, screenshot, severe_console_messages, wait_for
from tests.serve.conftest import IFRAME_JSON, IMAGE_COMPLETION, SCRIPT_PROMPT, SVG_EVENT, TOKEN


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


def open_page(browser: WebDriver, url: str) -> None:
    browser.get("about:blank")
    browser.get(url)
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def rows(browser: WebDriver) -> list[str]:
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, "#trace-list a.trace-link")]


def span_row(browser: WebDriver, name: str):
    return next(row for row in browser.find_elements(By.CSS_SELECTOR, ".span-row") if row.text.startswith(name))


def test_list_then_a_trace_tree_with_its_conversation(browser, server, tmp_path):
    open_page(browser, server.url + "/")
    assert rows(browser) == ["patch_generation", "plan_trip"]  # newest first
    listed = browser.find_element(By.CSS_SELECTOR, "#trace-list tbody").text
    assert "genotel-demo" in listed and "crs-worker" in listed and "1 failed" in listed
    browser.find_element(By.LINK_TEXT, "plan_trip").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#span-tree .span-row"))
    tree = browser.find_element(By.ID, "span-tree").text
    for seen in (
        "chat gpt-4o-mini",
        "gpt-4o-mini-2024-07-18",
        "84 in / 16 out tokens",
        "finish: tool_calls",
        "chat claude-sonnet-4-5-20250929",
        "31 in / 22 out tokens",
        "finish: end_turn",
        "generate_content gemini-2.5-flash",
        "chat us.amazon.nova-lite-v1:0",
        "embeddings text-embedding-3-small",
        "execute_tool get_weather",
    ):
        assert seen in tree, seen
    assert len(browser.find_elements(By.CSS_SELECTOR, "#span-tree .span-row")) == 8
    head = browser.find_element(By.ID, "trace-head").text
    assert head.startswith("plan_trip\n") and "genotel-demo" in head and "8 span(s)" in head
    assert "null" not in head and "undefined" not in head
    assert browser.find_element(By.ID, "task-meta").text == ""  # the demo ran no CRS task

    first_call, second_call = [
        r for r in browser.find_elements(By.CSS_SELECTOR, ".span-row") if r.text.startswith("chat gpt-4o-mini")
    ]
    first_call.click()
    bubbles = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chat .bubble"))
    roles = [bubble.get_attribute("class").split()[1] for bubble in bubbles]
    assert roles == ["system", "user", "assistant"]
    assert "You are a concise travel assistant" in bubbles[0].text
    assert "I'm in Lisbon tomorrow" in bubbles[1].text
    call = bubbles[2].find_element(By.CSS_SELECTOR, ".tool-call")
    assert "→ get_weather" in call.text and '{"city":"Lisbon"}' in call.text
    second_call.click()
    results = wait_for(browser, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, ".bubble.tool")])
    assert results[0].find_element(By.CSS_SELECTOR, ".call-id").text == "call_lisbonW3aTh9rQ2vX5kLm8Np"
    assert '"temp_c": 21' in results[0].find_element(By.CSS_SELECTOR, ".text").text
    assert severe_console_messages(browser) == []
    assert screenshot(browser, tmp_path / "viewer-trace.png").stat().st_size > 10_000


def test_untrusted_prompt_is_shown_as_text_and_never_runs(browser, server, served_store, tmp_path):
    open_page(browser, f"{server.url}/#/trace/{served_store[1]}")
    span_row(browser, "chat gpt-4o").click()
    texts = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".chat .bubble .text"))
    browser.execute_script("return new Promise((done) => setTimeout(done, 300))")  # time for an onerror to fire
    assert [text.get_attribute("textContent") for text in texts] == [SCRIPT_PROMPT, IMAGE_COMPLETION]
    assert browser.find_elements(By.CSS_SELECTOR, "main script, main img, .chat b") == []
    assert browser.execute_script("return window.__genotel_pwned === undefined")
    # the CRS side of the same trace: task metadata, action badges, the failed test run
    assert "task.id\ntask-42" in browser.find_element(By.ID, "task-meta").text
    assert "CRS patch_generation" in span_row(browser, "patch_generation").text
    failed = span_row(browser, "run_tests")
    assert "failed" in failed.get_attribute("class") and "TestFailure" in failed.text
    span_row(browser, "patch_generation").click()
    action = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".crs-action"))[0].text
    assert "crs.action.code.file\nsrc/parser.c" in action
    screenshot(browser, tmp_path / "viewer-untrusted.png")


def bubbles_of(browser: WebDriver, span_name: str) -> list[tuple[str, str, str]]:
    """(role class, text, tool calls) of each bubble of a span, after opening it."""
    span_row(browser, span_name).click()
    node = wait_for(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, ".span-row[aria-expanded=true] + .span-detail .chat")
    )
    found = []
    for bubble in node.find_elements(By.CSS_SELECTOR, ".bubble"):
        texts = bubble.find_elements(By.CSS_SELECTOR, ".text")
        calls = " ".join(call.text for call in bubble.find_elements(By.CSS_SELECTOR, ".tool-call"))
        found.append(
            (bubble.get_attribute("class").split()[1], texts[0].get_attribute("textContent") if texts else "", calls)
        )
    span_row(browser, span_name).click()  # closed again, so the next span's chat is the only one open
    return found


def test_conversations_recorded_as_events_or_json_attributes_are_bubbles_too(browser, server, served_store):
    open_page(browser, f"{server.url}/#/trace/{served_store[1]}")
    from_events = bubbles_of(browser, "chat claude-sonnet-4-5")
    assert [(role, text) for role, text, _ in from_events] == [
        ("system", "Be brief."),
        ("user", SVG_EVENT),
        ("assistant", ""),
        ("tool", "3 failed"),
    ]
    assert "→ run_tests" in from_events[2][2] and '{"suite": "unit"}' in from_events[2][2]
    from_json = bubbles_of(browser, "chat gemini-2.5-flash")
    assert [(role, text) for role, text, _ in from_json] == [
        ("system", "You review patches."),
        ("user", IFRAME_JSON),
        ("tool", "+1 -1"),
        ("assistant", "One line changed."),
    ]
    assert browser.find_elements(By.CSS_SELECTOR, "main svg, main iframe") == []
    assert browser.execute_script("return window.__genotel_pwned === undefined")


def test_filters_narrow_the_trace_list(browser, server):
    open_page(browser, server.url + "/")

    def apply(**fields: str) -> list[str]:
        form = browser.find_element(By.ID, "filters")
        for name in ("service", "model", "key", "value"):
            box = form.find_element(By.NAME, name)
            box.clear()
            box.send_keys(fields.get(name, ""))
        for name in ("status", "since", "op"):
            browser.execute_script(
                "arguments[0].value = arguments[1]",
                form.find_element(By.NAME, name),
                fields.get(name, "eq" if name == "op" else ""),
            )
        browser.execute_script("document.body.dataset.ready = 'false'")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
        return rows(browser)

    assert apply(service="crs-worker") == ["patch_generation"]
    assert apply(model="us.amazon.nova-lite-v1:0") == ["plan_trip"]
    assert apply(model="gemini-2.5-flash") == ["patch_generation", "plan_trip"]
    assert apply(status="error") == ["patch_generation"]
    assert apply(status="ok", since="3600") == ["plan_trip"]
    assert apply(key="gen_ai.usage.output_tokens", op="gt", value="20") == ["plan_trip"]
    assert apply(key="task.id", value="task-42") == ["patch_generation"]
    assert apply(service="nobody") == []
    assert browser.find_element(By.ID, "trace-list-empty").is_displayed()


def test_metrics_panel_draws_tokens_and_latency_per_model(browser, server, tmp_path):
    open_page(browser, server.url + "/#/metrics")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart-latency svg circle")) >= 5)
    tokens = browser.find_element(By.ID, "chart-tokens")
    assert len(tokens.find_elements(By.CSS_SELECTOR, "svg circle")) == 5  # one bucket per model: all ran just now
    legend = [item.text for item in tokens.find_elements(By.CSS_SELECTOR, ".legend-item")]
    assert "gpt-4o-mini 250 tokens" in legend and "claude-sonnet-4-5-20250929 53 tokens" in legend
    latency = browser.find_element(By.ID, "chart-latency").text
    assert "Latency per model (mean)" in latency and " ms" in latency
    screenshot(browser, tmp_path / "viewer-metrics.png")


def test_a_guarded_server_asks_for_its_token(browser, guarded):
    browser.get("about:blank")
    browser.get(guarded.url + "/")
    prompt = wait_for(
        browser, lambda d: d.find_element(By.ID, "auth") if d.find_element(By.ID, "auth").is_displayed() else None
    )
    assert "401" in browser.find_element(By.ID, "error").text
    prompt.find_element(By.ID, "auth-token").send_keys(TOKEN)
    prompt.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    assert rows(browser) == ["patch_generation", "plan_trip"]
    browser.execute_script("sessionStorage.clear()")
