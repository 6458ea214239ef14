"""The dashboard's snapshots: computed once, shared through the store as JSON, dropped on change."""

from __future__ import annotations

import pickle
import zlib
from datetime import date

import orjson
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly
from sqlalchemy import update

from dashboards import data as data_module
from dashboards.data import DashboardData, snapshot_from_json, snapshot_to_json
from loadwatch.diary import TriagedEntry
from loadwatch.flags import Flag
from loadwatch.service import views
from loadwatch.service.imports import import_paths
from loadwatch.settings import Settings
from loadwatch.store import Store, schema
from loadwatch.store.migrations import MIGRATIONS
from tests.conftest import SAMPLE_RUNS


@pytest.fixture
def filled(store_url):
    with Store(store_url) as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("*.fit"))[:12], workers=1)
        store.set_settings("me", {"max_hr": "190", "resting_hr": "50", "threshold_hr": "170"})
        store.add_entry("me", {"date": "2026-07-20", "location": "groin", "pain": 4,
                               "side": "right", "onset": "gradual", "character": [],
                               "when": ["during_run"], "signs": [], "trigger": None,
                               "weeks": 1.5, "notes": None})
        yield store


def _no_computing(*_args, **_kwargs):
    raise AssertionError("computed again, though another worker had saved the view")


def _figure(snapshot) -> go.Figure:
    return go.Figure(go.Scatter(x=snapshot.view.days.index, y=snapshot.view.days["load"]))


def _assert_same_snapshot(read, computed) -> None:
    for name in ("activities", "days", "weeks"):
        pd.testing.assert_frame_equal(getattr(read.view, name), getattr(computed.view, name),
                                      check_exact=True, check_freq=True)
    assert read.view.settings == computed.view.settings
    assert (read.diary, read.flags, read.comments) == (computed.diary, computed.flags,
                                                       computed.comments)


def test_a_second_worker_takes_the_view_the_first_saved(filled, monkeypatch):
    first = DashboardData(filled).snapshot("me")
    figure = DashboardData(filled).figure(first, "chart", _figure)
    monkeypatch.setattr(data_module, "athlete_report", _no_computing)
    second = DashboardData(filled)
    _assert_same_snapshot(second.snapshot("me"), first)
    assert isinstance(second.snapshot("me").view.days.index, pd.DatetimeIndex)
    read = second.figure(second.snapshot("me"), "chart", _no_computing)
    assert to_json_plotly(read) == to_json_plotly(figure)
    assert figure["data"][0]["type"] == "scatter"


def test_a_figure_is_sent_to_the_browser_as_plotly_writes_it(filled):
    snapshot = DashboardData(filled, share=False).snapshot("me")
    figure = DashboardData(filled, share=False).figure(snapshot, "chart", _figure)
    assert to_json_plotly(figure) == _figure(snapshot).to_json()
    assert figure["data"][0]["x"].dtype.kind == "U"  # dates as one numpy array


def test_the_json_round_trip_keeps_every_frame_dtype_and_value(filled):
    computed = DashboardData(filled, share=False).snapshot("me")
    text = orjson.dumps(snapshot_to_json(computed))
    read = snapshot_from_json(orjson.loads(text), computed.key, "me")
    _assert_same_snapshot(read, computed)
    assert read.view.activities["start_time"].dtype == computed.view.activities[
        "start_time"].dtype
    # The typed results come back as themselves, dates as dates.
    assert isinstance(read.view.settings, Settings)
    assert read.flags
    assert all(isinstance(f, Flag) for f in read.flags)
    assert isinstance(read.diary[0], TriagedEntry)
    assert isinstance(read.diary[0].entry.date, date)
    assert read.diary[0].triage.conditions == computed.diary[0].triage.conditions


def test_the_shared_view_is_json_never_pickle(filled):
    DashboardData(filled).snapshot("me")
    with filled.engine.connect() as conn:
        payload = conn.execute(schema.view_cache.select()).mappings().first()["payload"]
    envelope = orjson.loads(zlib.decompress(payload))
    assert envelope["kind"] == data_module.PAYLOAD_KIND
    assert envelope["name"] == "snapshot"


def test_a_change_anywhere_makes_every_worker_compute_again(filled, monkeypatch):
    worker = DashboardData(filled)
    before = worker.snapshot("me")
    filled.set_settings("me", {"units": "mi"})  # another process's write
    after = worker.snapshot("me")
    assert after is not before
    assert after.view.settings.units == "mi"
    monkeypatch.setattr(data_module, "athlete_report", _no_computing)
    assert DashboardData(filled).snapshot("me").view.settings.units == "mi"


class _Exploding:
    def __reduce__(self):
        raise AssertionError("a payload from the cache was unpickled")


@pytest.mark.parametrize("payload", [
    b"not zlib at all",
    zlib.compress(b"not json"),
    zlib.compress(b'{"kind": "loadwatch-view"}'),
    zlib.compress(orjson.dumps({"kind": "something-else", "name": "snapshot", "value": {}})),
    zlib.compress(orjson.dumps([1, 2, 3])),
    pickle.dumps({"an": "old pickled view"}),
], ids=["damaged", "not-json", "no-value", "foreign", "a-list", "old-pickle"])
def test_a_damaged_or_foreign_view_is_a_miss_and_computed_again(filled, payload):
    computed = DashboardData(filled).snapshot("me")
    with filled.engine.begin() as conn:
        conn.execute(update(schema.view_cache).values(payload=payload))
    _assert_same_snapshot(DashboardData(filled).snapshot("me"), computed)


def test_a_view_of_the_right_envelope_but_wrong_shape_is_a_miss(filled):
    computed = DashboardData(filled).snapshot("me")
    with filled.engine.connect() as conn:
        row = conn.execute(schema.view_cache.select()).mappings().first()
    envelope = orjson.loads(zlib.decompress(row["payload"]))
    envelope["value"]["weeks"]["data"][0]["dtype"] = "no-such-dtype"
    with filled.engine.begin() as conn:
        conn.execute(update(schema.view_cache).values(
            payload=zlib.compress(orjson.dumps(envelope))))
    _assert_same_snapshot(DashboardData(filled).snapshot("me"), computed)


def test_local_dashboard_downloads_the_athletes_export(filled):
    import io
    import json
    import zipfile

    from dashboards import context
    from dashboards.app import create_app

    app = create_app(filled, "me")
    with app.server.test_client().get("/download/export.zip?athlete=me") as response:
        assert response.status_code == 200
        assert "loadwatch-me.zip" in response.headers["Content-Disposition"]
        data = response.data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["athlete"] == "me"
    assert manifest["counts"]["activities"] == 12
    context.of(app.server).data.ready()  # the warm-up is done with the store


def test_the_shared_view_is_keyed_by_the_stores_schema_version(filled, monkeypatch):
    latest = max(version for version, _, _ in MIGRATIONS)
    assert latest == views.SCHEMA_VERSION
    DashboardData(filled).snapshot("me")  # saved under this schema
    monkeypatch.setattr(data_module, "athlete_report", _no_computing)
    DashboardData(filled).snapshot("me")  # taken, not computed
    before = views.view_format(data_module.VIEW_LAYOUT)
    monkeypatch.setattr(views, "SCHEMA_VERSION", views.SCHEMA_VERSION + 1)  # a new column
    assert views.view_format(data_module.VIEW_LAYOUT) != before
    with pytest.raises(AssertionError, match="computed again"):
        DashboardData(filled).snapshot("me")  # the older schema's view is stale
