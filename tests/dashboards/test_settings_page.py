"""The Settings page without a browser: a field per setting, saved or refused by the
command line's checks, and the frame's heart-rate banner."""

from __future__ import annotations

import importlib
import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboards import context, ids
from dashboards.app import create_app
from loadwatch.service.settings import athlete_settings
from loadwatch.settings import SETTINGS, Setting
from loadwatch.store import Store
from tests.dashboards.test_pages import component, components, text_of
from tests.team_client import TeamClient


@pytest.fixture
def app(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.set_settings("me", {"units": "km"})
    dashboard = create_app(store, "me")
    yield store, TeamClient(dashboard.server.test_client())
    context.of(dashboard.server).data.ready()
    store.close()


def settings_page():
    """The page's module (importable once an app has registered the pages)."""
    return importlib.import_module("dashboards.pages.settings")


def save(client: TeamClient, key: str, value):
    """What the browser sends when the field of ``key`` changes (the others as they are)."""
    return client.callback(ids.SETTINGS_SAVED, {f"{ids.setting(key)}.value": value})


def test_every_setting_has_a_field_and_the_save_reads_each(app):
    _, client = app
    layout = client.page("/settings").get_json()
    fields = {c["props"]["id"] for c in components(layout)
              if str(c["props"].get("id", "")).startswith("settings-")}
    assert {ids.setting(key) for key in SETTINGS} <= fields
    (save_spec,) = [spec for spec in client.dependencies()
                    if spec["output"].lstrip(".").startswith(ids.SETTINGS_SAVED)]
    assert {i["id"] for i in save_spec["inputs"]} == {ids.setting(key) for key in SETTINGS}
    assert component(layout, ids.setting("units"))["value"] == "km"
    assert component(layout, ids.setting("max_hr"))["value"] == ""  # not set: empty


def test_a_setting_added_later_appears_under_more_settings(app, monkeypatch):
    page = settings_page()
    added = Setting("shoe_rotation", "how many pairs you run in", str)
    monkeypatch.setitem(SETTINGS, added.key, added)
    placed = dict(page.groups())
    assert placed[page.MORE] == ("shoe_rotation",)
    assert "pace" not in placed[page.MORE]


def test_a_value_is_saved_refused_with_its_reason_or_cleared(app):
    store, client = app
    before = store.data_version("me")
    refused = save(client, "max_hr", "300").get_data(as_text=True)
    assert "Not saved: a whole number from 100 to 240." in refused
    assert "max_hr" not in store.settings("me")
    assert store.data_version("me") == before
    saved = save(client, "max_hr", "190").get_data(as_text=True)
    assert "Saved: 190." in saved
    assert "Saved: maximum heart rate 190 bpm." in saved
    assert store.settings("me")["max_hr"] == "190"
    assert store.data_version("me") > before  # every view is computed again
    order = save(client, "threshold_hr", "195").get_data(as_text=True)
    assert ("Not saved: threshold heart rate (195) must be below maximum heart rate (190)."
            in order)
    cleared = save(client, "max_hr", "").get_data(as_text=True)
    assert "Removed: the default applies." in cleared
    assert "max_hr" not in store.settings("me")
    assert "Saved: distances in miles." in save(client, "units", "mi").get_data(as_text=True)
    save(client, "units", "")  # the radio's "not set"
    assert "units" not in store.settings("me")


def test_the_banner_says_what_is_lost_until_the_heart_rates_are_set(app):
    _, client = app
    banner = client.callback(ids.HR_BANNER, {"_pages_location.pathname": "/load",
                                             "_pages_location.search": ""})
    text = banner.get_data(as_text=True)
    assert "Not set: maximum heart rate, resting heart rate and threshold heart rate." in text
    assert "heart-rate zone charts are empty" in text
    assert "estimated from its duration" in text
    link = component(banner.get_json()["response"], f"{ids.HR_BANNER}-link")
    assert link["href"] == "/settings?athlete=me"
    for key, value in (("max_hr", "190"), ("resting_hr", "50"), ("threshold_hr", "170")):
        save(client, key, value)
    banner = client.callback(ids.HR_BANNER, {"_pages_location.pathname": "/load",
                                             "_pages_location.search": ""})
    assert banner.get_json()["response"][ids.HR_BANNER]["children"] == []


def test_who_may_only_read_sees_the_values(app):
    store, _ = app
    store.set_settings("me", {"max_hr": "190"})
    stored, settings = athlete_settings(store, athlete="me")
    del stored["units"]
    table = settings_page().read_only(stored, settings)
    layout = json.loads(json.dumps(table, cls=PlotlyJSONEncoder))
    words = text_of(layout)
    assert "Maximum heart rate (bpm) 190" in words
    assert "Distances in not set (default: km)" in words


def test_the_page_speaks_of_choices_not_of_typed_values(app):
    """The command line's "true if ..." and "--send-due" have no place beside a dropdown."""
    store, client = app
    text = text_of(client.page("/settings").get_json())
    assert "Yes if you have had a stress fracture" in text
    assert "true if" not in text
    assert "true to" not in text
    assert "--send-due" not in text
    saved = save(client, "count_cross_training_load", "true").get_data(as_text=True)
    assert "Saved: yes." in saved
    assert "Saved: true." not in saved
    assert store.settings("me")["count_cross_training_load"] == "true"


@pytest.mark.parametrize("value", [[1, 2], ["a@b.org"], {"a": 1}], ids=repr)
def test_a_list_sent_for_a_setting_is_refused_not_stored_as_its_text(app, value):
    store, client = app
    response = save(client, "email", value)
    assert response.status_code == 400
    assert "settings-email.value" in response.get_json()["error"]  # what was refused
    assert "email" not in store.settings("me")
