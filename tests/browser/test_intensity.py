"""Intensity and terrain in Chromium: its four weekly charts."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_intensity_and_terrain_page(page, demo_url):
    open_page(page, demo_url + "/intensity")
    page.wait_for_selector(f"#{ids.INTENSITY_SURFACE} .main-svg")
    titles = page.locator(".chart-title").all_text_contents()
    assert "Surface mix per week" in titles
    assert "Time in easy, moderate and hard zones" in titles
    assert "Time in zones per week (heart rate, else pace)" in titles
    screenshot(page, "intensity")
    assert page.console_log == []
