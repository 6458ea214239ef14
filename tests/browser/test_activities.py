"""The Activities grid in Chromium, at a laptop's width and a phone's.

On the sample data and on a real multi-year history (the ``running_stats``
Garmin export of ../shared/corpus): paces as m:ss, starts on the runner's
clock, sorting by pace sorts the numbers (a string sort puts 10:05 before
4:30), a pace typed as 5:35 filters, a row links to its page, deleting asks
first and then removes the row, the page never scrolls sideways, and the
console stays empty.
"""

from __future__ import annotations

import re

import pytest

from dashboards import context, ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import SCREENSHOTS, open_page, screenshot, serving
from tests.cli.conftest import run
from tests.conftest import corpus_dir
from tests.dashboards.test_pages import EIGHT_UTC
from tests.fitbuild import run_file

pytestmark = pytest.mark.browser

GRID = f"#{ids.ACTIVITIES_TABLE}"
CLOCK = re.compile(r"^\d+:[0-5]\d$")
GARMIN = "running_stats__Activities.csv"  # 760 runs, April 2022 to September 2024


def column(page, col: str) -> list[str]:
    """The text of a column's rendered cells, top to bottom."""
    return page.evaluate("""(col) => [...document.querySelectorAll(
            '#activities-table .ag-center-cols-container .ag-row')]
        .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
        .map((row) => row.querySelector(`[col-id="${col}"]`)?.textContent ?? '')""", col)


def row_count(page) -> int:
    """The rows the grid holds after its filters (its paging summary: "1 to 50 of 77")."""
    return int(page.inner_text(f"{GRID} .ag-paging-row-summary-panel").split()[-1])


def seconds(clock: str) -> int:
    minutes, second = clock.split(":")
    return int(minutes) * 60 + int(second)


def open_grid(page, url: str) -> None:
    open_page(page, url + "/activities")
    page.wait_for_selector(f"{GRID} .ag-row [col-id='pace_s']")


def sort_by(page, col: str) -> None:
    before = column(page, col)
    page.click(f"{GRID} .ag-header-cell[col-id='{col}'] .ag-header-cell-label")
    page.wait_for_function("""([col, before]) => {
        const rows = [...document.querySelectorAll(
            '#activities-table .ag-center-cols-container .ag-row')]
            .sort((a, b) => Number(a.getAttribute('row-index')) -
                            Number(b.getAttribute('row-index')))
            .map((row) => row.querySelector(`[col-id="${col}"]`)?.textContent ?? '');
        return rows.join('|') !== before.join('|');
    }""", arg=[col, before])


# Elements of the page's own content that stick out of the window, leaving out
# those inside a box that scrolls or clips them (the grid scrolls in its own box).
STICKING_OUT = """() => [...document.querySelectorAll('#_pages_content *')].filter((element) => {
    if (element.getBoundingClientRect().right <= window.innerWidth + 0.5) return false;
    for (let box = element.parentElement; box && box.id !== '_pages_content';
         box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== 'visible') return false;
    }
    return true;
}).map((element) => `${element.tagName}.${element.className}`)"""


def no_sideways_scroll(page) -> None:
    """Nothing of the page's content makes the page wider than the window.

    The frame around it (the navigation bar, the athlete selector) is the
    frame's own tests' business.
    """
    assert page.evaluate(STICKING_OUT) == []


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


@pytest.fixture(scope="module")
def real_history(tmp_path_factory):
    """The dashboard over a real Garmin activity list, imported as ``--units km``."""
    path = corpus_dir("csv") / GARMIN
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}")
    import_paths(store, athlete="me", paths=[path], workers=1, units="km")
    app = create_app(store, "me")
    with serving(app.server) as url:
        yield url, context.of(app.server).data
    store.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width}.png"))


@pytest.mark.parametrize("tab", [1366, 390], indirect=True)
def test_the_grid_shows_clocks_filters_a_typed_pace_and_links_to_a_run(tab, demo_url):
    open_grid(tab, demo_url)
    paces, rows = column(tab, "pace_s"), row_count(tab)
    assert paces
    assert all(CLOCK.match(p) for p in paces), paces
    assert all(re.match(r"^\d+:\d\d:\d\d$", t) for t in column(tab, "moving_s"))
    dates = column(tab, "date")
    assert dates == sorted(dates, reverse=True)  # newest first
    no_sideways_scroll(tab)
    shot(tab, "activities")
    tab.click(f"{GRID} .ag-header-cell[col-id='pace_s'] .ag-header-cell-filter-button")
    tab.fill(".ag-filter-body input", "5:35")  # as a watch shows a pace, not 335 or 5.58
    tab.wait_for_function("""() => [...document.querySelectorAll(
        '#activities-table .ag-center-cols-container [col-id="pace_s"]')]
        .every((cell) => cell.textContent === '5:35')""")
    assert 0 < row_count(tab) < rows
    tab.keyboard.press("Escape")
    tab.locator(f"{GRID} [col-id='name'] a").first.click()
    tab.wait_for_selector(f"#{ids.ACTIVITY_STATS}")
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [1366, 390], indirect=True)
def test_a_real_history_sorts_paces_and_times_as_numbers(tab, real_history):
    url, data = real_history
    open_grid(tab, url)
    rows = data.snapshot("me").memo["activities_grid"]  # what the page was sent
    paces = sorted(r["pace_s"] for r in rows if r["pace_s"] is not None)
    # What makes a string sort wrong: paces on both sides of 10:00 a km.
    assert paces[0] < 600 <= paces[-1]
    sort_by(tab, "pace_s")  # ascending: the fastest first
    shown = [seconds(p) for p in column(tab, "pace_s") if p]
    assert shown[0] == paces[0]
    assert shown == sorted(shown)
    sort_by(tab, "pace_s")  # descending: the slowest first, 10:00 and beyond
    shown = [seconds(p) for p in column(tab, "pace_s") if p]
    assert shown[0] == paces[-1]
    assert shown == sorted(shown, reverse=True)
    no_sideways_scroll(tab)
    shot(tab, "activities-real-history")
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [1366, 390], indirect=True)
def test_deleting_from_the_grid_asks_first_then_removes_the_row(tab, own):
    store, url = own
    ids_before = sorted(a.id for a in store.activities("me"))
    open_grid(tab, url)
    newest = column(tab, "date")[0]
    # On a phone the Delete column is a swipe away, inside the grid's own box.
    tab.evaluate("document.querySelector('#activities-table "
                 ".ag-body-horizontal-scroll-viewport').scrollLeft = 5000")
    tab.locator(f"{GRID} [col-id='delete'] button").first.click()
    dialog = tab.wait_for_selector(f"#{ids.ACTIVITIES_DELETE_DIALOG}", state="visible")
    assert newest in dialog.inner_text()
    shot(tab, "activities-delete-asks")
    tab.click(f"#{ids.ACTIVITIES_DELETE_CANCEL}")
    tab.wait_for_selector(f"#{ids.ACTIVITIES_DELETE_DIALOG}", state="detached")
    assert sorted(a.id for a in store.activities("me")) == ids_before
    assert column(tab, "date")[0] == newest
    tab.locator(f"{GRID} [col-id='delete'] button").first.click()
    tab.click(f"#{ids.ACTIVITIES_DELETE_CONFIRM}")
    tab.wait_for_selector(f"#{ids.ACTIVITIES_DELETED} >> text=Deleted.")
    tab.wait_for_function(f"""() => ![...document.querySelectorAll(
        '{GRID} .ag-center-cols-container [col-id="date"]')]
        .some((cell) => cell.textContent === {newest!r})""")
    assert len(store.activities("me")) == len(ids_before) - 1
    assert row_count(tab) == len(ids_before) - 1
    assert tab.console_log == []


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
    open_grid(page, address)
    assert column(page, "date") == ["2024-11-08 09:00"]
    page.locator(f"{GRID} [col-id='name'] a").first.click()
    summary = page.wait_for_selector(f"#{ids.ACTIVITY_SUMMARY}")
    assert summary.inner_text().startswith("Friday 08 November 2024, 09:00 · ")
    screenshot(page, "activities-watch-run")
    assert page.console_log == []
