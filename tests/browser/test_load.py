"""The Load page in Chromium: its charts, and the ratio's method switched."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_load_page_charts_and_ratio_switch(page, demo_url):
    open_page(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_DAILY} .main-svg")
    titles = page.locator(".chart-title").all_text_contents()
    assert "Weekly running distance against the 10% rule" in titles
    assert any("acute:chronic" in t for t in titles)
    page.locator(f"#{ids.LOAD_METHOD} input[value='coupled']").check()
    page.wait_for_function(
        f"document.querySelector('#{ids.LOAD_DAILY}').textContent.includes('ACWR (coupled)')")
    screenshot(page, "load")
    assert page.console_log == []
