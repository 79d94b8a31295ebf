"""Headless Chromium driven by Selenium through Debian's chromedriver (no browser download: .ci/run apt-installs it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:  # a failure, not a skip: CI installs both, and so must a developer
        raise AssertionError(f"{', '.join(missing)} missing: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: webdriver.Chrome, condition: Callable[[webdriver.Chrome], Any], timeout: float = 20) -> Any:
    return WebDriverWait(driver, timeout).until(condition)


def screenshot(driver: webdriver.Chrome, path: Path) -> Path:
    """A PNG of the whole page as it is now; the path is printed so it can be found after the run."""
    height = driver.execute_script("return Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)")
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(1280, min(max(1000, int(height) + int(chrome) + 24), 6000))
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def severe_console_messages(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


__all__ = ["chromium", "screenshot", "severe_console_messages", "wait_for"]
