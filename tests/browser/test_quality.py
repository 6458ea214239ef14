"""Data quality in Chromium: the Overview counts the runs left out, the activity page confirms.

A bike ride logged as a run, among a few real-looking runs: the Overview says
one run is left out of the risk rules and why, and links to it; its page
says why and confirms it; a correction (the sport) answers it too. At phone
width nothing scrolls sideways.
"""

from __future__ import annotations

import pytest

from dashboards import ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import open_page, screenshot, serving
from tests.suspectbuild import bike_ride_as_run, easy_run, fit_file

pytestmark = pytest.mark.browser


@pytest.fixture
def ride(tmp_path):
    """A dashboard over two runs and a bike ride logged as a run; yields the ride's id."""
    for day, samples in enumerate((easy_run(), easy_run(), bike_ride_as_run())):
        (tmp_path / f"{day}.fit").write_bytes(fit_file(samples, day=day))
    store = Store(f"sqlite:///{tmp_path / 'ride.db'}")
    import_paths(store, athlete="me", paths=[tmp_path], workers=1)
    ride_id = max(a.id for a in store.activities("me"))
    with serving(create_app(store, "me").server) as url:
        yield store, url, ride_id
    store.close()


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_run_is_confirmed_on_its_page_after_the_overview_names_it(page, ride):
    store, url, ride_id = ride
    open_page(page, url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_QUALITY}")
    told = page.inner_text(f"#{ids.OVERVIEW_QUALITY}")
    assert "1 run is left out of the risk rules: maybe not runs (bike or car? (1), too fast " \
           "for a run (1))" in told
    assert "60 min faster than 25 km/h" in told
    screenshot(page, "quality-overview")
    page.click(f"#{ids.OVERVIEW_QUALITY} a")
    page.wait_for_selector(f"#{ids.ACTIVITY_QUALITY}")
    why = page.inner_text(f"#{ids.ACTIVITY_QUALITY}")
    assert "Maybe not a run" in why
    assert "60 min faster than 25 km/h (30.0 km at 30 km/h, from 0:10:00): a bike or a car?" \
        in why
    assert "Left out of the running numbers and the risk rules" in why
    page.click(f"#{ids.ACTIVITY_CONFIRM}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CONFIRMED} >> text=Confirmed")
    assert store.activity("me", ride_id).quality_review == "confirmed"
    screenshot(page, "quality-confirmed")
    open_page(page, url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_WEEK}")
    assert page.locator(f"#{ids.OVERVIEW_QUALITY}").count() == 0
    open_page(page, f"{url}/activities/{ride_id}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CONFIRM_UNDO}")
    assert "You confirmed it" in page.inner_text(f"#{ids.ACTIVITY_QUALITY}")
    assert page.console_log == []


def test_a_run_is_corrected_to_a_ride_on_its_page(page, ride):
    store, url, ride_id = ride
    open_page(page, f"{url}/activities/{ride_id}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CORRECT_SPORT}")
    page.click(f"#{ids.ACTIVITY_CORRECT}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CORRECTED} >> text=Nothing to correct")
    page.click(f"#{ids.ACTIVITY_CORRECT_SPORT}")
    page.get_by_role("option", name="cycling", exact=True).click()
    page.click(f"#{ids.ACTIVITY_CORRECT}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CORRECTED} >> text=Corrected.")
    assert store.activity("me", ride_id).sport == "cycling"
    page.fill(f"#{ids.ACTIVITY_CORRECT_DISTANCE}", "far")
    page.click(f"#{ids.ACTIVITY_CORRECT}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CORRECTED} >> text=Not saved")
    assert "bad distance 'far'" in page.inner_text(f"#{ids.ACTIVITY_CORRECTED}")
    assert page.console_log == []


def test_nothing_scrolls_sideways_at_phone_width(page, ride):
    _, url, ride_id = ride
    page.set_viewport_size({"width": 390, "height": 900})
    open_page(page, url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_QUALITY}")
    assert not _scrolls_sideways(page)
    screenshot(page, "quality-overview-390")
    open_page(page, f"{url}/activities/{ride_id}")
    page.wait_for_selector(f"#{ids.ACTIVITY_CORRECT}")
    assert not _scrolls_sideways(page)
    screenshot(page, "quality-activity-390")
    assert page.console_log == []
