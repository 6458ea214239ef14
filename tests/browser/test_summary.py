"""The Summary page in Chromium: any week, worded as `loadwatch summary` words it."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_summary_page_shows_any_week_like_the_command(page, demo_url):
    open_page(page, demo_url + "/summary?week=2026-08-31")
    page.wait_for_selector(f"#{ids.SUMMARY_BODY} table")
    body = page.inner_text(f"#{ids.SUMMARY_BODY}")
    assert "Your week of 2026-08-31 to 2026-09-06" in body
    assert body.index("Red flag") < body.index("This week")
    assert "See a clinician before you run again" in body
    page.click(f"#{ids.SUMMARY_WEEK}")
    page.get_by_role("option", name="2026-08-24", exact=True).click()
    page.wait_for_selector("text=Your week of 2026-08-24 to 2026-08-30")
    assert "a large spike" in page.inner_text(f"#{ids.SUMMARY_BODY}")
    screenshot(page, "summary")
    assert page.console_log == []
