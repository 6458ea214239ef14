"""The chart pages' window through the Flask app: the address, the callback, the cookie.

Dates depend on the machine's today only through ``snapshot.today``: every
expected window is worked out from the same history the page uses.
"""

from __future__ import annotations

import json
from datetime import date

import plotly
import pytest

from dashboards import context, ids, window
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS
from tests.dashboards.test_pages import component, text_of
from tests.team_client import TeamClient


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample's sixteen weeks of runs, and a client of the dashboard over them."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('window') / 's.db'}")
    import_paths(store, athlete="me", paths=[SAMPLE_RUNS], workers=1)
    app = create_app(store, "me")
    data = context.of(app.server).data
    data.ready()
    snapshot = data.snapshot("me")
    yield app, window.history(snapshot.view.weeks, snapshot.view.days, snapshot.today)
    store.close()


def _bars(figure: dict) -> int:
    return len(figure["data"][0]["x"])


def test_a_page_opens_on_16_weeks_and_the_address_keeps_it(sample):
    app, history = sample
    layout = TeamClient(app.server.test_client()).page("/load").get_json()
    chosen = window.choose(history)
    assert component(layout, ids.window("load", "preset"))["value"] == "16w"
    assert component(layout, ids.window_query("load"))["data"] == {"window": "16w"}
    weekly = component(layout, ids.LOAD_WEEKLY)["figure"]
    assert _bars(weekly) == chosen.weeks <= 16
    assert "title" not in weekly["layout"]  # shown above the chart instead
    assert "Weekly running distance against the 10% rule" in text_of(layout)
    assert window.caption(history, chosen) in text_of(layout)


def test_a_bookmark_opens_on_its_window(sample):
    app, history = sample
    client = TeamClient(app.server.test_client())
    layout = client.page("/intensity", "?window=4w").get_json()
    assert _bars(component(layout, ids.INTENSITY_TIME)["figure"]) == 4
    start = window.choose(history, "4w").start
    ranged = client.page("/load", f"?from={start}&to=2099-01-01").get_json()
    assert component(ranged, ids.window("load", "preset"))["value"] is None
    daily = component(ranged, ids.LOAD_DAILY)["figure"]["data"][0]["x"]
    assert date.fromisoformat(str(daily[0])) >= start


def test_a_preset_redraws_the_charts_moves_the_slider_and_is_remembered(sample):
    app, history = sample
    client = TeamClient(app.server.test_client())
    response = client.callback(ids.INTENSITY_TIME, {
        f"{ids.window('intensity', 'preset')}.value": "4w"})
    answer = response.get_json()["response"]
    assert _bars(answer[ids.INTENSITY_TIME]["figure"]) == 4
    assert answer[ids.window("intensity", "range")]["value"] == window.slider_value(
        window.choose(history, "4w"))
    assert answer[ids.window("intensity", "caption")]["children"].startswith("4 weeks: ")
    assert client.client.get_cookie(window.COOKIE).value == "window=4w"
    # Another chart page, reached by its link (no window in it), opens on the same weeks.
    layout = client.page("/load").get_json()
    assert component(layout, ids.window("load", "preset"))["value"] == "4w"
    assert _bars(component(layout, ids.LOAD_WEEKLY)["figure"]) == 4


def test_the_slider_chooses_weeks_and_the_ratio_method_redraws_only_its_chart(sample):
    app, history = sample
    client = TeamClient(app.server.test_client())
    first, last = window.slider_value(window.choose(history, "all"))
    response = client.callback(ids.LOAD_WEEKLY, {
        f"{ids.window('load', 'range')}.value": [first + 7, last - 7],
        f"{ids.LOAD_METHOD}.value": "ewma"})
    answer = response.get_json()["response"]
    assert _bars(answer[ids.LOAD_WEEKLY]["figure"]) == window.from_slider(
        history, [first + 7, last - 7]).weeks
    assert answer[ids.window("load", "preset")]["value"] is None
    query = answer['{"page":"load","type":"window-query"}']["data"]
    assert set(query) == {"from", "to"}
    switched = client.callback(ids.LOAD_WEEKLY, {
        f"{ids.LOAD_METHOD}.value": "coupled"}).get_json()["response"]
    assert list(switched) == [ids.LOAD_DAILY]
    assert any(t["name"] == "ACWR (coupled)" for t in switched[ids.LOAD_DAILY]["figure"]["data"])


def test_switching_athletes_keeps_the_browsers_window_not_the_addresss_older_one(sample):
    app, _ = sample
    client = TeamClient(app.server.test_client())
    client.client.set_cookie(window.COOKIE, "window=1y")
    response = client.callback("_pages_location.search", {
        f"{ids.ATHLETE}.value": "me", "_pages_location.search": "?window=4w&athlete=other"})
    address = response.get_json()["response"]["_pages_location"]["search"]
    assert address == "?athlete=me"


def test_intensity_lists_only_the_flags_dated_in_its_window(sample):
    """A hill jump two years ago is not among "the flags these raised" in the last 16 weeks."""
    from types import SimpleNamespace

    from dashboards.pages.intensity import raised_list  # a page: after the app (``sample``)
    from loadwatch.flags import Flag

    def flag(day: date, title: str, rule: str = "hill_share_jump") -> Flag:
        return Flag(day, None, "overuse", "caution", rule, title, "why", "evidence")

    snapshot = SimpleNamespace(flags=[
        flag(date(2024, 5, 5), "Old hill jump"), flag(date(2026, 10, 4), "Recent hill jump"),
        flag(date(2026, 10, 11), "Weekly distance up", "weekly_change_over_20"),
        flag(date(2026, 10, 18), "Hard share up", "hard_share_jump")])
    chosen = window.Window(date(2026, 7, 6), date(2026, 10, 25), "16w")
    def shown(chosen: window.Window) -> str:
        return text_of(json.loads(json.dumps(raised_list(snapshot, chosen),
                                             cls=plotly.utils.PlotlyJSONEncoder)))

    text = shown(chosen)
    assert "Old hill jump" not in text
    assert "Weekly distance up" not in text  # not an intensity or terrain rule
    assert text.index("Hard share up") < text.index("Recent hill jump")  # newest first
    older = window.Window(date(2024, 1, 1), date(2024, 1, 28), "4w")
    assert shown(older) == "None in this window."
