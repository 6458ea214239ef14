"""The dashboard's snapshots: computed once, shared through the store, dropped on change."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from dashboards import data as data_module
from dashboards.data import DashboardData
from loadwatch.service.imports import import_paths
from loadwatch.store import Store, schema
from tests.conftest import SAMPLE_RUNS


@pytest.fixture
def filled(store_url):
    with Store(store_url) as store:
        import_paths(store, "me", sorted(SAMPLE_RUNS.glob("*.fit"))[:12], workers=1)
        yield store


def _no_computing(*_args, **_kwargs):
    raise AssertionError("computed again, though another worker had saved the view")


def test_a_second_worker_takes_the_view_the_first_saved(filled, monkeypatch):
    first = DashboardData(filled).snapshot("me")
    figure = DashboardData(filled).figure(first, "chart", lambda s: _Figure(len(s.flags)))
    monkeypatch.setattr(data_module, "athlete_report", _no_computing)
    second = DashboardData(filled)
    assert second.snapshot("me").flags == first.flags
    assert second.snapshot("me").view.weeks.equals(first.view.weeks)
    assert second.figure(second.snapshot("me"), "chart", _no_computing) == figure


def test_a_change_anywhere_makes_every_worker_compute_again(filled, monkeypatch):
    worker = DashboardData(filled)
    before = worker.snapshot("me")
    filled.set_settings("me", {"units": "mi"})  # another process's write
    after = worker.snapshot("me")
    assert after is not before
    assert after.view.settings.units == "mi"
    monkeypatch.setattr(data_module, "athlete_report", _no_computing)
    assert DashboardData(filled).snapshot("me").view.settings.units == "mi"


def test_a_damaged_view_is_computed_again(filled):
    DashboardData(filled).snapshot("me")
    with filled.engine.begin() as conn:
        conn.execute(update(schema.view_cache).values(payload=b"not a pickle"))
    assert DashboardData(filled).snapshot("me").view.weeks.shape[0] > 0


class _Figure:
    """Stands in for a plotly figure: the cache keeps ``to_plotly_json()``."""

    def __init__(self, value):
        self.value = value

    def to_plotly_json(self):
        return {"data": [], "layout": {"title": str(self.value)}}


def test_local_dashboard_downloads_the_athletes_export(filled):
    import io
    import json
    import zipfile

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
    app.server.config["loadwatch"][0].snapshot("me")  # the warm-up thread is done with the store
