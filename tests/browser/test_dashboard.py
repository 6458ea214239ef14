"""The dashboard in a real browser: each page loads, shows the story, logs nothing."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#_pages_content", state="attached")


def test_overview_puts_the_red_flag_on_top_and_shows_the_week(page, demo_url):
    _open(page, demo_url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_WEEK}")
    red = page.inner_text(f"#{ids.OVERVIEW_RED_FLAGS}")
    assert "URGENT · Bone-stress symptoms during a ramp" in red
    assert "runs" in page.inner_text(f"#{ids.OVERVIEW_WEEK}")
    assert "not a diagnosis" in page.inner_text("footer")
    screenshot(page, "overview")
    assert page.console_log == []


def test_load_page_charts_and_ratio_switch(page, demo_url):
    _open(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_DAILY} .main-svg")
    titles = page.locator(".gtitle").all_text_contents()
    assert "Weekly running distance against the 10% rule" in titles
    assert any("acute:chronic" in t for t in titles)
    page.locator(f"#{ids.LOAD_METHOD} input[value='coupled']").check()
    page.wait_for_function(
        f"document.querySelector('#{ids.LOAD_DAILY}').textContent.includes('ACWR (coupled)')")
    screenshot(page, "load")
    assert page.console_log == []
