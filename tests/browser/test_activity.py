"""An activity's page in Chromium: its charts, corrections, and deleting with a confirm step."""

from __future__ import annotations

import re

import pytest

from dashboards import ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import SCREENSHOTS, open_page, screenshot, serving
from tests.browser.test_activities import STICKING_OUT
from tests.conftest import corpus_dir

pytestmark = pytest.mark.browser


def test_activities_table_leads_to_an_activity_page_that_can_be_edited(page, demo_url):
    open_page(page, demo_url + "/activities")
    page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} .ag-row")
    page.get_by_role("link", name="Trail running").first.click()
    page.wait_for_selector(f"#{ids.ACTIVITY_TRACE} .main-svg")
    page.wait_for_selector(f"#{ids.ACTIVITY_ROUTE} .main-svg")
    strip = page.inner_text(f"#{ids.ACTIVITY_STATS}")
    assert "Trail" in strip
    assert "as the file records it" in strip
    assert "sub_sport" not in page.inner_text("#_pages_content")  # no internal names
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
    page.fill(f"#{ids.ACTIVITY_NAME}", "Not this either")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Not saved")
    beside = page.wait_for_selector(f"#{ids.ACTIVITY_RPE_MESSAGE}", state="visible")
    assert beside.inner_text() == "A number from 1 to 10 (1 very easy, 10 maximal), not 15."
    assert "is-invalid" in page.get_attribute(f"#{ids.ACTIVITY_RPE}", "class")
    stored = store.activity("me", first)
    assert stored.rpe is None
    assert stored.name != "Not this either"  # nothing of the edit was saved
    page.fill(f"#{ids.ACTIVITY_RPE}", "7")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Saved.")
    page.wait_for_selector(f"#{ids.ACTIVITY_RPE_MESSAGE}", state="hidden")
    assert store.activity("me", first).rpe == 7
    assert page.console_log == []


@pytest.fixture
def tab(chromium, request):
    """A page ``request.param`` pixels wide that records console messages and errors."""
    browser_context = chromium.new_context(viewport={"width": request.param, "height": 900})
    page = browser_context.new_page()
    page.console_log = []
    page.on("console", lambda m: page.console_log.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: page.console_log.append(f"pageerror: {error}"))
    page.width = request.param
    yield page
    browser_context.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width}.png"), full_page=True)


def _longest_run(store) -> int:
    return max(store.activities("me"), key=lambda a: a.distance_m or 0).id


@pytest.mark.parametrize("tab", [1366, 390], indirect=True)
def test_a_run_shows_its_numbers_splits_and_zones_and_refuses_rpe_14_beside_it(tab, demo_url):
    open_page(tab, demo_url + "/activities")
    tab.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} .ag-row")
    tab.get_by_role("link", name="Track running").first.click()
    tab.wait_for_selector(f"#{ids.ACTIVITY_TRACE} .main-svg")
    strip = tab.inner_text(f"#{ids.ACTIVITY_STATS}")
    for label in ("DISTANCE", "MOVING TIME", "AVERAGE PACE", "HEART RATE", "ASCENT", "LOAD",
                  "SURFACE"):
        assert label in strip.upper()
    assert re.search(r"\b\d+:[0-5]\d/km\b", strip)  # a pace as a watch shows it
    assert re.search(r"elapsed \d+:\d\d:\d\d", strip)
    # how the load was found, in words
    assert "heart rate against an hour at threshold (hrTSS)" in strip
    rows = tab.locator(f"#{ids.ACTIVITY_SPLITS} tbody tr")
    assert rows.count() >= 2
    assert re.fullmatch(r"\d+:[0-5]\d", rows.first.locator("td").nth(2).inner_text())
    tab.wait_for_selector(f"#{ids.ACTIVITY_ZONES} .main-svg")
    assert "threshold heart rate (170 bpm)" in tab.inner_text(f"#{ids.ACTIVITY_ZONES_NOTE}")
    ticks = tab.eval_on_selector_all(f"#{ids.ACTIVITY_TRACE} .ytick text",
                                     "texts => texts.map((text) => text.textContent)")
    assert any(re.fullmatch(r"\d+:[0-5]\d", t) for t in ticks)  # the pace axis in m:ss
    before = tab.input_value(f"#{ids.ACTIVITY_RPE}")
    tab.fill(f"#{ids.ACTIVITY_RPE}", "14")
    tab.click(f"#{ids.ACTIVITY_SAVE}")
    beside = tab.wait_for_selector(f"#{ids.ACTIVITY_RPE_MESSAGE}", state="visible")
    assert beside.inner_text().startswith("A number from 1 to 10")
    assert "Saved." not in tab.inner_text(f"#{ids.ACTIVITY_SAVED}")
    assert tab.evaluate(STICKING_OUT) == []
    _shot(tab, "activity-demo")
    tab.reload(wait_until="networkidle")
    assert tab.wait_for_selector(f"#{ids.ACTIVITY_RPE}").input_value() == before  # not saved
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [1366, 390], indirect=True)
def test_a_row_of_a_real_activity_list_shows_its_numbers_without_a_recording(tab, tmp_path):
    path = corpus_dir("csv") / "running_stats__Activities.csv"
    store = Store(f"sqlite:///{tmp_path / 'real.db'}")
    import_paths(store, athlete="me", paths=[path], workers=1, units="km")
    longest = _longest_run(store)
    with serving(create_app(store, "me").server) as url:
        open_page(tab, f"{url}/activities/{longest}")
        strip = tab.wait_for_selector(f"#{ids.ACTIVITY_STATS}").inner_text()
        assert re.search(r"\b\d+:[0-5]\d/km\b", strip)
        assert re.search(r"\d+:\d\d:\d\d", strip)
        assert "no recording to chart" in tab.inner_text("#_pages_content")
        assert tab.locator(f"#{ids.ACTIVITY_SPLITS}").count() == 0
        assert tab.evaluate(STICKING_OUT) == []
        _shot(tab, "activity-real-history")
        assert tab.console_log == []
    store.close()


def test_a_new_rpe_shows_in_the_load_card_at_once(page, own):
    # No heart-rate settings: the runs' loads are estimated from time alone until an RPE is
    # given; saving one changes the card on the spot, not only after the next page.
    store, url = own
    first = min(a.id for a in store.activities("me"))
    open_page(page, f"{url}/activities/{first}")
    page.wait_for_selector(f"#{ids.ACTIVITY_LOAD}")
    assert "estimated from the time alone" in page.inner_text(f"#{ids.ACTIVITY_LOAD}")
    page.fill(f"#{ids.ACTIVITY_RPE}", "9")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_LOAD} >> text=from your RPE 9")
    shown = int(re.search(r"(\d+) points", page.inner_text(f"#{ids.ACTIVITY_LOAD}")).group(1))
    timer_min = store.activity("me", first).timer_s / 60
    assert shown == round(9 * timer_min * 100 / 420)  # session RPE, 1 h at RPE 7 = 100
    open_page(page, f"{url}/activities/{first}")  # the history computed anew agrees
    page.wait_for_selector(f"#{ids.ACTIVITY_LOAD} >> text={shown} points")
    assert page.console_log == []
