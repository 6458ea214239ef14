"""An activity's page in Chromium: its charts, corrections, and deleting with a confirm step."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_activities_table_leads_to_an_activity_page_that_can_be_edited(page, demo_url):
    open_page(page, demo_url + "/activities")
    page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} td")
    page.get_by_role("link", name="Trail running").first.click()
    page.wait_for_selector(f"#{ids.ACTIVITY_TRACE} .main-svg")
    page.wait_for_selector(f"#{ids.ACTIVITY_ROUTE} .main-svg")
    assert "surface trail (sub_sport)" in page.inner_text("#_pages_content")
    page.fill(f"#{ids.ACTIVITY_RPE}", "6")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Saved.")
    screenshot(page, "activity")
    assert page.console_log == []


def test_an_activity_is_deleted_only_after_the_runner_confirms(page, own):
    store, url = own
    first, *rest = sorted(a.id for a in store.activities("me"))
    open_page(page, f"{url}/activities/{first}")
    page.wait_for_selector(f"#{ids.ACTIVITY_DELETE}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(f"#{ids.ACTIVITY_DELETE}")
    page.wait_for_timeout(300)
    assert sorted(a.id for a in store.activities("me")) == [first, *rest]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#{ids.ACTIVITY_DELETE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_DELETED} >> text=Deleted.")
    assert sorted(a.id for a in store.activities("me")) == rest
    screenshot(page, "activity-deleted")
    assert page.console_log == []


def test_an_unknown_activity_says_so(page, own):
    _, url = own
    open_page(page, url + "/activities/99999")
    page.wait_for_selector("text=No activity 99999.")
    assert page.console_log == []


def test_renaming_a_run_leaves_its_surface_as_detected(page, own):
    store, url = own
    first = min(a.id for a in store.activities("me"))
    open_page(page, f"{url}/activities/{first}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SURFACE}")
    assert "road (as detected)" in page.inner_text(f"#{ids.ACTIVITY_SURFACE}")
    page.fill(f"#{ids.ACTIVITY_NAME}", "Easy loop")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Saved.")
    renamed = store.activity("me", first)
    assert (renamed.name, renamed.surface_override) == ("Easy loop", None)
    screenshot(page, "activity-renamed")
    page.click(f"#{ids.ACTIVITY_SURFACE}")
    page.get_by_role("option", name="grass", exact=True).click()
    with page.expect_response(lambda r: "_dash-update-component" in r.url):
        page.click(f"#{ids.ACTIVITY_SAVE}")
    assert store.activity("me", first).surface_override == "grass"
    open_page(page, f"{url}/activities/{first}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SURFACE}")
    assert "Surface (your choice)" in page.inner_text("#_pages_content")
    assert "grass" in page.inner_text(f"#{ids.ACTIVITY_SURFACE}")
    assert page.console_log == []


def test_an_impossible_rpe_typed_in_the_browser_is_refused_with_the_reason(page, own):
    store, url = own
    first = min(a.id for a in store.activities("me"))
    open_page(page, f"{url}/activities/{first}")
    page.wait_for_selector(f"#{ids.ACTIVITY_RPE}")
    page.fill(f"#{ids.ACTIVITY_RPE}", "15")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Not saved")
    assert "a number from 0 to 10" in page.inner_text(f"#{ids.ACTIVITY_SAVED}")
    assert store.activity("me", first).rpe is None
    assert page.console_log == []
