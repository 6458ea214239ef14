"""The chart pages' time window in Chromium, at a laptop's width and a phone's.

On the sample data and on a real multi-year history (the ``running_stats``
Garmin export of ../shared/corpus, its last run in September 2024): the page
opens on 16 weeks (an old history's last 16 weeks of data, saying when the
last run was), a preset redraws the charts and goes into the address, the
other chart page and a reload keep it, nothing scrolls sideways, and the
console stays empty. The expected windows come from the same history the
server works from, so the test holds whatever today is.
"""

from __future__ import annotations

import pytest

from dashboards import context, ids, window
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import SCREENSHOTS, click_nav, serving
from tests.conftest import SAMPLE_RUNS, corpus_dir

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
GARMIN = "running_stats__Activities.csv"  # 760 runs, April 2022 to September 2024


@pytest.fixture(scope="module")
def real_history(tmp_path_factory):
    """The dashboard over a real Garmin activity list, imported as ``--units km``."""
    path = corpus_dir("csv") / GARMIN
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}")
    import_paths(store, athlete="me", paths=[path], workers=1, units="km")
    app = create_app(store, "me")
    with serving(app.server) as url:
        yield url, _history(app)
    store.close()


@pytest.fixture(scope="module")
def sample_history(tmp_path_factory):
    """The dashboard over the sample data (as the demo's), and its history."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.db'}")
    import_paths(store, athlete="me", paths=[SAMPLE_RUNS], workers=1)
    app = create_app(store, "me")
    with serving(app.server) as url:
        yield url, _history(app)
    store.close()


def _history(app) -> window.History:
    data = context.of(app.server).data
    snapshot = data.snapshot("me")
    return window.history(snapshot.view.weeks, snapshot.view.days, snapshot.today)


@pytest.fixture
def tab(chromium, request):
    """A page of ``request.param`` pixels wide that records console messages and errors."""
    browser_context = chromium.new_context(viewport={"width": request.param, "height": 900})
    page = browser_context.new_page()
    page.console_log = []
    page.on("console", lambda message: page.console_log.append(
        f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.console_log.append(f"pageerror: {error}"))
    page.width = request.param
    yield page
    browser_context.close()


def _charts_drawn(page, name: str) -> None:
    page.wait_for_selector(f"#{ids.window(name, 'preset')}", state="attached")
    page.wait_for_function("""() => {
        const plots = [...document.querySelectorAll('#_pages_content .chart .js-plotly-plot')];
        return plots.length > 0 && plots.every((p) => p.querySelector('.cartesianlayer .trace'));
    }""")


def _bars(page, graph: str) -> int:
    """The weekly chart's bars (its first trace: one a week)."""
    return page.locator(f"#{graph} .trace.bars").first.locator(".point").count()


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width}.png"), full_page=True)


def _check_window(page, url: str, history: window.History, name: str, label: str) -> None:
    """Open ``name``'s page, check the default window, pick 4 weeks, follow to the other page."""
    weekly = ids.LOAD_WEEKLY if name == "load" else ids.INTENSITY_TIME
    other = "intensity" if name == "load" else "load"
    page.goto(f"{url}/{name}", wait_until="networkidle")
    _charts_drawn(page, name)
    chosen = window.choose(history)
    assert page.locator(f"#{ids.window(name, 'preset')} input:checked").get_attribute(
        "value") == "16w"
    assert "window=16w" in page.url
    assert page.locator(f"#{ids.window(name, 'caption')}").text_content() == window.caption(
        history, chosen)
    assert _bars(page, weekly) == chosen.weeks
    _no_sideways_scroll(page)
    _shot(page, f"window-{label}-{name}")

    page.locator(f"#{ids.window(name, 'preset')} label").filter(
        has=page.locator("input[value='4w']")).click()
    page.wait_for_function(f"""() => document.querySelector('#{ids.window(name, "caption")}')
        .textContent.startsWith('4 weeks')""")
    page.wait_for_function("() => window.location.search.includes('window=4w')")
    page.wait_for_function(f"""() => document.querySelectorAll(
        '#{weekly} .trace.bars')[0].querySelectorAll('.point').length === 4""")
    _no_sideways_scroll(page)

    click_nav(page, other)  # the other chart page opens on the same weeks
    _charts_drawn(page, other)
    assert page.locator(f"#{ids.window(other, 'preset')} input:checked").get_attribute(
        "value") == "4w"
    page.reload(wait_until="networkidle")  # as a bookmark of the address would
    _charts_drawn(page, other)
    assert "window=4w" in page.url
    assert page.locator(f"#{ids.window(other, 'caption')}").text_content().startswith(
        "4 weeks")
    _no_sideways_scroll(page)
    _shot(page, f"window-{label}-{other}-4w")
    assert page.console_log == []


@pytest.mark.parametrize("tab", WIDTHS, indirect=True)
@pytest.mark.parametrize("name", ["load", "intensity"])
def test_load_and_intensity_window_on_the_sample(tab, sample_history, name):
    url, history = sample_history
    _check_window(tab, url, history, name, "sample")


@pytest.mark.parametrize("tab", WIDTHS, indirect=True)
@pytest.mark.parametrize("name", ["load", "intensity"])
def test_load_and_intensity_window_on_a_real_multi_year_history(tab, real_history, name):
    url, history = real_history
    assert history.stale  # its last run two years back: the window ends there
    assert window.caption(history, window.choose(history)).endswith(
        "Last run: 7 Sep 2024 (" f"{(history.today - history.last_run).days // 7} weeks ago).")
    _check_window(tab, url, history, name, "real")
