"""The Overview in Chromium at 1366 and 390 px: the look ahead, and acknowledging a red flag.

The histories are written relative to this week's Monday (seven steady 40 km
weeks, 12, 12 and 16 km, the last one finished yesterday or before), so the
numbers are the same whatever the day: a range of 40.0 to 44.0 km from last
week's 40.0 km, a longest next run of 17.6 km (16 km x 1.1), and the ramp
the CTL recursion gives for today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboards import ids
from dashboards.app import create_app
from dashboards.components import ACK_BUTTON
from loadwatch.service import diary as diary_service
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import open_page, screenshot, serving
from tests.history import STEADY_WEEK, ctl_ramp, weeks_of, write_log

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def _today():
    return datetime.now(UTC).date()  # the athlete's zone is UTC


def _runs():
    today = _today()
    monday = today - timedelta(days=today.weekday() + 7 * 7)
    return weeks_of(monday, *[STEADY_WEEK] * 7)


def _store(tmp_path, red_flags: bool):
    store = Store(f"sqlite:///{tmp_path / 'ahead.db'}")
    import_paths(store, athlete="me", workers=1,
                 paths=[write_log(tmp_path / "log.csv", _runs())])
    store.set_settings("me", {"timezone": "UTC"})
    if red_flags:  # yesterday's heel, then today's shin: neither can bear weight
        for days_ago, location in ((1, "heel"), (0, "shin_inner")):
            diary_service.add_entry(store, athlete="me", values={
                "date": _today() - timedelta(days=days_ago), "location": location,
                "pain": 6, "signs": ("cannot_bear_weight",)})
    return store


@pytest.fixture
def steady(tmp_path):
    store = _store(tmp_path, red_flags=False)
    with serving(create_app(store, "me").server) as url:
        yield store, url
    store.close()


@pytest.fixture
def flagged(tmp_path):
    store = _store(tmp_path, red_flags=True)
    with serving(create_app(store, "me").server) as url:
        yield store, url
    store.close()


def _tab(chromium, width: int):
    browser_context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = browser_context.new_page()
    tab.console_log = []
    tab.on("console", lambda message: tab.console_log.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.console_log.append(f"pageerror: {error}"))
    return browser_context, tab


def _fits(tab, width: int) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("width", "units"), [(1366, "km"), (390, "mi")])
def test_the_overview_looks_ahead(chromium, steady, width, units):
    store, url = steady
    store.set_settings("me", {"units": units})
    browser_context, tab = _tab(chromium, width)
    try:
        open_page(tab, url + "/")
        tab.wait_for_selector(f"#{ids.OVERVIEW_AHEAD}")
        ahead = " ".join(tab.inner_text(f"#{ids.OVERVIEW_AHEAD}").split())
        sunday = _today() - timedelta(days=_today().weekday() + 1)
        limit, longest, low, high = {"km": ("17.6 km", "16.0 km", "40.0 km", "44.0 km"),
                                     "mi": ("10.9 mi", "9.9 mi", "24.9 mi", "27.3 mi")}[units]
        assert (f"Longest next run Up to {limit}: within 10% of your longest run of the last "
                f"30 days ({longest} on {sunday:%d %b})") in ahead
        ramp = ctl_ramp(_runs(), _today())
        assert f"Fitness ramp {ramp:+.1f} points a week (CTL, 42-day fitness): within 8" in ahead
        assert (f"This week You can build gently: at most 10% more, a rule of thumb. Aim for "
                f"{low} to {high}: 100-110% of last week's {low}.") in ahead
        assert f"Looking ahead: the week of {_today() - timedelta(days=_today().weekday()):%d %b}" \
            in ahead
        _fits(tab, width)
        screenshot(tab, f"overview-ahead-{width}")
        assert tab.console_log == []
    finally:
        browser_context.close()


def test_acknowledging_a_red_flag_keeps_it_below_the_open_one(chromium, flagged):
    store, url = flagged
    for width, acknowledged in zip(WIDTHS, (1, 2), strict=True):
        browser_context, tab = _tab(chromium, width)
        try:
            open_page(tab, url + "/")
            cards = f"#{ids.OVERVIEW_RED_FLAGS} .flag"
            tab.wait_for_selector(cards)
            assert tab.locator(cards).count() == 2
            first = tab.locator(cards).first
            assert "URGENT · " in first.inner_text()
            # No run length while a red flag stands, and the range says why.
            ahead = " ".join(tab.inner_text(f"#{ids.OVERVIEW_AHEAD}").split())
            assert "Longest next run None until a clinician has seen you" in ahead
            assert "See a clinician before you run again" in ahead
            _fits(tab, width)
            screenshot(tab, f"overview-red-flags-{width}-{acknowledged - 1}-acknowledged")
            first.get_by_role("button", name=ACK_BUTTON).click()
            tab.wait_for_function(
                f"document.querySelectorAll('#{ids.OVERVIEW_RED_FLAGS} .flag-acknowledged')"
                f".length === {acknowledged}")
            texts = [tab.locator(cards).nth(i).inner_text() for i in range(2)]
            assert all(t.startswith("URGENT · ") for t in texts)  # never softened
            assert "Acknowledged by me on" in texts[1]  # moved below the open one
            assert ("Acknowledged by me on" in texts[0]) == (acknowledged == 2)
            assert tab.locator(f"#{ids.OVERVIEW_RED_FLAGS} button").count() == 2 - acknowledged
            _fits(tab, width)
            screenshot(tab, f"overview-acknowledged-{width}")
            tab.click(f"#{ids.OVERVIEW_HISTORY} a")
            tab.wait_for_selector(f"#{ids.FLAGS_ALL}")
            history = tab.inner_text(f"#{ids.FLAGS_ALL}")
            assert history.count("URGENT · Cannot bear weight") == 2
            assert tab.inner_text(f"#{ids.FLAGS_OPEN}").count("Acknowledged by me on") \
                == acknowledged
            _fits(tab, width)
            screenshot(tab, f"flags-{width}")
            assert tab.console_log == []
        finally:
            browser_context.close()
    assert [row["author"] for row in store.acknowledgements("me")] == ["me", "me"]
