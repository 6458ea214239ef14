"""Guidance in Chromium: the list of conditions, and a condition's page with its sources."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_the_guidance_list_leads_to_each_condition(page, demo_url):
    open_page(page, demo_url + "/guidance")
    page.wait_for_selector(f"#{ids.GUIDANCE_PAGE} li")
    page.get_by_role("link", name="Hip stress fracture (bone stress injury)").click()
    page.wait_for_url("**/guidance/stress_fracture")
    page.wait_for_selector("text=When to see a clinician")
    text = page.inner_text(f"#{ids.GUIDANCE_PAGE}")
    assert "Sources:" in text
    assert "not a diagnosis" in text
    screenshot(page, "guidance")
    assert page.console_log == []
