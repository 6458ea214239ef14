"""The Activities table in Chromium: sorted, filtered, each row linking to its page."""

from __future__ import annotations

import pytest

from dashboards import ids
from dashboards.app import create_app
from loadwatch.store import Store
from tests.browser.conftest import open_page, screenshot, serving
from tests.cli.conftest import run
from tests.dashboards.test_pages import EIGHT_UTC
from tests.fitbuild import run_file

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


@pytest.fixture
def watch_run(tmp_path):
    """A run recorded at 08:00 UTC by a watch set to +1 h, for an athlete in New York."""
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    (tmp_path / "watch.fit").write_bytes(run_file(600, start=EIGHT_UTC, local_offset=3600))
    run(url, "import", str(tmp_path / "watch.fit"))
    run(url, "settings", "set", "timezone=America/New_York")
    store = Store(url)
    with serving(create_app(store, "me").server) as address:
        yield url, address
    store.close()


def test_a_start_shows_on_the_runners_clock_as_in_the_terminal(page, watch_run):
    url, address = watch_run
    assert " 2024-11-08 09:00 " in run(url, "activities")
    open_page(page, address + "/activities")
    cell = page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} td[data-dash-column='date']")
    assert cell.inner_text() == "2024-11-08 09:00"
    page.locator(f"#{ids.ACTIVITIES_TABLE} td[data-dash-column='name'] a").first.click()
    summary = page.wait_for_selector(f"#{ids.ACTIVITY_SUMMARY}")
    assert summary.inner_text().startswith("Friday 08 November 2024, 09:00 · ")
    assert page.console_log == []
