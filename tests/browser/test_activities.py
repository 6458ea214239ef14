"""The Activities table in Chromium: sorted, filtered, each row linking to its page."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_the_table_filters_and_links_to_an_activity(page, demo_url):
    open_page(page, demo_url + "/activities")
    page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} td")
    page.fill(f"#{ids.ACTIVITIES_TABLE} th.dash-filter[data-dash-column='surface'] input",
              "track")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"[...document.querySelectorAll('#{ids.ACTIVITIES_TABLE} "
        "td[data-dash-column=surface]')].every(td => td.textContent === 'track')")
    screenshot(page, "activities")
    page.locator(f"#{ids.ACTIVITIES_TABLE} td[data-dash-column='name'] a").first.click()
    page.wait_for_selector(f"#{ids.ACTIVITY_TRACE} .main-svg")
    assert "surface track" in page.inner_text("#_pages_content")
    assert page.console_log == []
