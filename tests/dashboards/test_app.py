"""Two dashboards in one process: each serves its own store, with every callback.

Dash keeps pages and ``dash.callback``'s callbacks in process-wide globals; the
dashboard's per-app objects reach pages and callbacks through ``current_app``
and every app gets every callback, so apps never mix (tests, benchmarks).
"""

from __future__ import annotations

import pytest

from dashboards import context, ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS
from tests.team_client import TeamClient


@pytest.fixture
def two_apps(tmp_path):
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))
    stores = [Store(f"sqlite:///{tmp_path / f'{n}.db'}") for n in ("a", "b")]
    apps = []
    for store, files, secret in zip(stores, (runs[:3], runs[3:5]), ("Alpha run", "Beta run"),
                                    strict=True):
        import_paths(store, athlete="me", paths=files, workers=1)
        store.update_activity("me", store.activities("me")[0].id, {"name": secret})
        apps.append(create_app(store, "me"))
    yield [TeamClient(app.server.test_client()) for app in apps], stores
    for app, store in zip(apps, stores, strict=True):
        context.of(app.server).data.ready()
        store.close()


def test_each_app_shows_its_own_store(two_apps):
    (first, second), _ = two_apps
    one = first.page("/activities").get_data(as_text=True)
    two = second.page("/activities").get_data(as_text=True)
    assert "Alpha run" in one
    assert "Beta run" not in one
    assert "Beta run" in two
    assert "Alpha run" not in two


def test_every_app_gets_every_callback_and_writes_its_own_store(two_apps):
    clients, stores = two_apps
    outputs = [sorted(spec["output"] for spec in c.dependencies()) for c in clients]
    assert outputs[0] == outputs[1]
    assert any(output.lstrip(".").startswith(ids.SETTINGS_SAVED) for output in outputs[0])
    saved = clients[1].callback(ids.SETTINGS_SAVED, {f"{ids.SETTINGS_UNITS}.value": "mi"})
    assert "Saved: distances in miles" in saved.get_data(as_text=True)
    assert stores[1].settings("me")["units"] == "mi"
    assert "units" not in stores[0].settings("me")


def test_the_header_links_every_page_but_the_activitys(two_apps):
    (first, _), _ = two_apps
    layout = first.client.get("/_dash-layout").get_data(as_text=True)
    for page in ("overview", "load", "intensity", "activities", "diary", "guidance",
                 "summary", "upload", "settings"):
        assert f'"id":"{ids.nav(page)}"' in layout
    assert ids.nav("activity") + '"' not in layout
