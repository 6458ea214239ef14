"""The Overview in Chromium: red flags first, with or without runs."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards import ids
from loadwatch.triage.context import OPEN_DAYS
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_overview_pins_a_red_flag_while_it_is_open_and_shows_the_week(page, demo_url):
    open_page(page, demo_url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_WEEK}")
    red = page.inner_text(f"#{ids.OVERVIEW_RED_FLAGS}")
    # The sample's 31 Aug 2026 entry stays on top for six weeks, then leaves the top.
    still_open = (date.today() - date(2026, 8, 31)).days <= OPEN_DAYS
    assert ("URGENT · Bone-stress symptoms during a ramp" in red) == still_open
    week = page.inner_text(f"#{ids.OVERVIEW_WEEK}")
    assert "Runs" in week
    assert "Last week" in week
    assert "4-week average" in week
    assert "Longest next run" in page.inner_text(f"#{ids.OVERVIEW_AHEAD}")
    assert "not a diagnosis" in page.inner_text("footer")
    screenshot(page, "overview")
    # Open or not, the history keeps it whatever the day.
    page.click(f"#{ids.OVERVIEW_HISTORY} a")
    page.wait_for_selector(f"#{ids.FLAGS_ALL}")
    assert "URGENT · Bone-stress symptoms during a ramp" in page.inner_text(f"#{ids.FLAGS_ALL}")
    screenshot(page, "flags")
    assert page.console_log == []


def test_a_red_flag_in_the_diary_shows_on_the_overview_with_no_runs(page, empty):
    _, url = empty
    open_page(page, url + "/diary")
    page.click(f"#{ids.DIARY_LOCATION}")
    page.get_by_role("option", name="Hip · groin", exact=True).click()
    page.click(f"#{ids.DIARY_PAIN} label:has(input[value='3'])")
    page.check(f"#{ids.DIARY_SIGNS} input[value='cannot_bear_weight']")
    page.click(f"#{ids.DIARY_SAVE}")
    page.wait_for_selector(".urgency-urgent")
    page.click(f"#{ids.nav('overview')}")
    page.wait_for_selector(f"#{ids.OVERVIEW_RED_FLAGS} .flag-urgent")
    red = page.inner_text(f"#{ids.OVERVIEW_RED_FLAGS}")
    assert red.startswith("URGENT · ")
    assert "No runs yet" in page.inner_text("#_pages_content")
    screenshot(page, "overview-red-flag-no-runs")
    assert page.console_log == []
