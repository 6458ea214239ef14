"""The frame around every page in Chromium: each page loads, the athlete selector switches."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/load", "/diary", "/guidance", "/upload",
                                  "/activities", "/intensity", "/activities/1", "/summary",
                                  "/guidance/stress_fracture", "/settings", "/no-such-page"])
def test_every_page_loads_with_an_empty_console(page, demo_url, path):
    open_page(page, demo_url + path)
    page.wait_for_timeout(500)  # let late callbacks and charts finish
    assert page.inner_text("#_pages_content").strip()
    assert page.console_log == []


def test_athlete_selector_switches_whose_data_is_shown(page, demo_url):
    open_page(page, demo_url + "/")
    assert page.locator(f"#{ids.ATHLETE}").is_visible()  # the store holds two athletes
    page.click(f"#{ids.ATHLETE}")
    page.get_by_role("option", name="coach-demo", exact=True).click()
    page.wait_for_url("**/?athlete=coach-demo")
    page.wait_for_selector("text=No runs yet")
    page.click(f"#{ids.nav('load')}")  # the choice travels with the links
    page.wait_for_url("**/load?athlete=coach-demo")
    screenshot(page, "athlete-selector")
    assert page.console_log == []


def test_one_athlete_gets_no_selector(page, own):
    _, url = own
    open_page(page, url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_WEEK}")
    assert not page.locator(f"#{ids.ATHLETE}").is_visible()
    assert page.console_log == []


def test_an_address_naming_an_athlete_sets_the_selector(page, demo_url):
    """Opened from a link or a bookmark, the selector names whose data the page shows."""
    open_page(page, demo_url + "/load?athlete=coach-demo")
    page.wait_for_selector("text=No runs yet")
    selector = page.locator(f"#{ids.ATHLETE}")
    selector.locator("text=coach-demo").wait_for()
    assert "coach-demo" in selector.inner_text()
    assert page.url.endswith("/load?athlete=coach-demo")
    assert page.console_log == []
