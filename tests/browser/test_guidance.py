"""Guidance in Chromium: conditions by body region, and a condition's page with linked sources."""

from __future__ import annotations

import pytest

from dashboards import ids
from loadwatch.guidance import load_guidance
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_the_guidance_list_leads_to_each_condition(page, demo_url):
    open_page(page, demo_url + "/guidance")
    page.wait_for_selector(f"#{ids.GUIDANCE_PAGE} li")
    headings = page.locator(f"#{ids.GUIDANCE_PAGE} h3").all_inner_texts()
    assert headings == ["Hip", "Knee", "Lower leg", "Foot", "Any joint"]
    links = page.locator(f"#{ids.GUIDANCE_PAGE} li a").all_inner_texts()
    assert sorted(links) == sorted(c.name for c in load_guidance().values())
    page.get_by_role("link", name="Hip stress fracture (bone stress injury)").click()
    page.wait_for_url("**/guidance/stress_fracture")
    page.wait_for_selector("text=When to see a clinician")
    text = page.inner_text(f"#{ids.GUIDANCE_PAGE}")
    assert "Sources" in text
    assert "not a diagnosis" in text
    screenshot(page, "guidance")
    assert page.console_log == []


@pytest.mark.parametrize("width", [1366, 390])
def test_a_condition_cites_its_sources_with_links_at_desktop_and_phone_width(
        page, demo_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, demo_url + "/guidance")
    page.wait_for_selector(f"#{ids.GUIDANCE_PAGE} h3")
    assert not _scrolls_sideways(page)
    screenshot(page, f"guidance-list-{width}")
    open_page(page, demo_url + "/guidance/tibial_bone_stress")
    page.wait_for_selector("text=When to see a clinician")
    condition = load_guidance()["tibial_bone_stress"]
    links = page.locator(f"#{ids.GUIDANCE_PAGE} .sources a")
    assert links.count() == len(condition.sources)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [s["url"] for s in condition.sources]
    assert all(h.startswith(("https://", "http://")) for h in hrefs)
    assert not _scrolls_sideways(page)
    screenshot(page, f"guidance-condition-{width}")
    assert page.console_log == []
