"""Settings in Chromium: the unit choice reaches every chart."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_unit_switch_reaches_the_charts(page, demo_url):
    open_page(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='mi']")
    page.wait_for_selector("text=Saved: distances in miles")
    screenshot(page, "settings")
    open_page(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_WEEKLY} .main-svg")
    assert "distance (mi)" in page.locator(f"#{ids.LOAD_WEEKLY} .ytitle").first.text_content()
    open_page(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='km']")
    page.wait_for_selector("text=Saved: distances in kilometres")
    assert page.console_log == []
