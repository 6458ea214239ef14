"""The Diary in Chromium: an entry's urgency and guidance on saving."""

from __future__ import annotations

import pytest

from dashboards import ids
from loadwatch.vocabulary import URGENCY_TEXT
from tests.browser.conftest import open_page, screenshot
from tests.cli.conftest import run

pytestmark = pytest.mark.browser


def test_a_diary_entry_shows_its_urgency_and_guidance(page, demo_url):
    open_page(page, demo_url + "/diary")
    page.fill(f"#{ids.DIARY_DATE}", "2026-10-20")
    page.click(f"#{ids.DIARY_LOCATION}")
    page.get_by_role("option", name="Hip · outer", exact=True).click()
    page.click(f"#{ids.DIARY_PAIN} label:has(input[value='3'])")
    page.check(f"#{ids.DIARY_WHEN} input[value='hills_or_sprints']")
    page.check(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    page.click(f"#{ids.DIARY_SAVE}")
    page.wait_for_selector(".urgency-self_care")
    result = page.inner_text(f"#{ids.DIARY_RESULT}")
    assert "Gluteal tendinopathy" in result
    assert "not a diagnosis" in result
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text=2026-10-20")  # redrawn after
    screenshot(page, "diary")
    page.get_by_role("link", name="Gluteal tendinopathy (greater trochanteric pain syndrome, "
                                   "outer hip)").first.click()
    page.wait_for_url("**/guidance/gluteal_tendinopathy")
    page.wait_for_selector("text=When to see a clinician")
    assert "Sources" in page.inner_text(f"#{ids.GUIDANCE_PAGE}")
    assert page.locator(f"#{ids.GUIDANCE_PAGE} .sources a").count() >= 2
    assert page.console_log == []


def test_an_entry_that_does_not_check_says_why(page, own):
    _, url = own
    open_page(page, url + "/diary")
    page.fill(f"#{ids.DIARY_DATE}", "2026-07-10")
    page.click(f"#{ids.DIARY_PAIN} label:has(input[value='2'])")
    page.click(f"#{ids.DIARY_SAVE}")  # no location
    page.wait_for_selector(f"#{ids.DIARY_SAVE_MESSAGE} .error")
    assert "Not saved" in page.inner_text(f"#{ids.DIARY_SAVE_MESSAGE}")
    assert page.inner_text(f"#{ids.DIARY_LOCATION_MESSAGE}") == "Choose where it hurts."
    assert page.console_log == []


def test_a_worsening_pain_is_as_urgent_on_the_page_as_in_the_terminal(page, own):
    _, url = own
    # Pain 3/10: urgent only because it is getting worse.
    entry = ("triage", "--date", "2026-07-10", "--location", "groin", "--pain", "3")
    assert run(None, *entry).splitlines()[0] == URGENCY_TEXT["self_care"]
    terminal = run(None, *entry, "--worsening").splitlines()[0]
    assert terminal == URGENCY_TEXT["urgent"]
    open_page(page, url + "/diary")
    page.fill(f"#{ids.DIARY_DATE}", "2026-07-10")
    page.click(f"#{ids.DIARY_LOCATION}")
    page.get_by_role("option", name="Hip · groin", exact=True).click()
    page.click(f"#{ids.DIARY_PAIN} label:has(input[value='3'])")
    page.check(f"#{ids.DIARY_WORSENING} input[type='checkbox']")
    page.click(f"#{ids.DIARY_SAVE}")
    shown = page.wait_for_selector(f"#{ids.DIARY_RESULT} .urgency-urgent").inner_text()
    assert shown == terminal
    assert "worsening" in page.inner_text(f"#{ids.DIARY_RESULT}")
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text=urgent")
    screenshot(page, "diary-worsening")
    assert page.console_log == []
