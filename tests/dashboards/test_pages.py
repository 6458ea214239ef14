"""The pages as the router sends them: the same rows and times as the command line.

Layouts are read as JSON from the Flask app (no browser): what each page
would draw, compared with what ``loadwatch`` prints for the same store.
"""

from __future__ import annotations

import ast
import pkgutil
from datetime import datetime
from pathlib import Path

import dash
import pytest

from dashboards import context, ids, pages
from dashboards.app import create_app
from loadwatch.store import Store
from tests.cli.conftest import run
from tests.conftest import ROOT
from tests.fitbuild import START, run_file
from tests.team_client import TeamClient
from tests.trackbuild import gpx_text, synthetic_run

EIGHT_UTC = START - (3 * 3600 + 33 * 60 + 20)  # FIT seconds: 2024-11-08T08:00:00Z


def components(tree):
    """Every Dash component in a layout's JSON, depth first."""
    if isinstance(tree, list):
        for item in tree:
            yield from components(item)
    elif isinstance(tree, dict):
        if "props" in tree:
            yield tree
            yield from components(tree["props"].get("children"))
        else:
            for value in tree.values():
                yield from components(value)


def component(layout, component_id: str) -> dict:
    """The props of the component with this id."""
    return next(c["props"] for c in components(layout) if c["props"].get("id") == component_id)


def text_of(layout) -> str:
    """The words a page shows (its text children), joined."""
    words = []
    for c in components(layout):
        children = c["props"].get("children")
        for child in children if isinstance(children, list) else [children]:
            if isinstance(child, str | int | float):
                words.append(str(child))
    return " ".join(words)


@pytest.fixture
def two_clocks(tmp_path):
    """A watch run at 08:00 UTC with a +1 h offset, a GPX run without one, in New York."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "watch.fit").write_bytes(run_file(600, start=EIGHT_UTC, local_offset=3600))
    (tmp_path / "utc.gpx").write_text(gpx_text(synthetic_run(600)))  # 06:00 UTC, no offset
    run(url, "import", str(tmp_path / "watch.fit"), str(tmp_path / "utc.gpx"))
    run(url, "settings", "set", "timezone=America/New_York")
    store = Store(url)
    app = create_app(store, "me")
    yield url, store, TeamClient(app.server.test_client())
    context.of(app.server).data.ready()
    store.close()


def _cli_starts(url: str) -> dict[int, str]:
    """Activity id -> the start ``loadwatch activities`` prints."""
    lines = run(url, "activities").splitlines()[2:]
    return {int(line.split()[0]): " ".join(line.split()[1:3]) for line in lines if line.strip()}


def test_the_activities_page_shows_the_start_times_the_command_line_shows(two_clocks):
    url, _, client = two_clocks
    cli = _cli_starts(url)
    assert sorted(cli.values()) == ["2024-06-01 02:00", "2024-11-08 09:00"]
    layout = client.page("/activities").get_json()
    rows = component(layout, ids.ACTIVITIES_TABLE)["rowData"]
    assert {row["id"]: row["date"] for row in rows} == cli
    assert [row["id"] for row in rows] == list(cli)  # newest first, as listed


def test_an_activity_page_starts_when_the_command_line_says(two_clocks):
    url, store, client = two_clocks
    cli = _cli_starts(url)
    for activity in store.activities("me"):
        layout = client.page(f"/activities/{activity.id}").get_json()
        start = datetime.strptime(cli[activity.id], "%Y-%m-%d %H:%M")
        assert component(layout, ids.ACTIVITY_SUMMARY)["children"].startswith(
            f"{start:%A %d %B %Y, %H:%M} · ")
    watch = next(a for a in store.activities("me") if a.utc_offset_s == 3600)
    layout = client.page(f"/activities/{watch.id}").get_json()
    assert component(layout, ids.ACTIVITY_SUMMARY)["children"].startswith(
        "Friday 08 November 2024, 09:00 · ")
    assert "08 November 2024" in component(layout, ids.ACTIVITY_DELETE_CONFIRM)["message"]


def test_the_surface_field_holds_only_the_athletes_choice(two_clocks):
    _, store, client = two_clocks
    watch = next(a for a in store.activities("me") if a.utc_offset_s == 3600)
    layout = client.page(f"/activities/{watch.id}").get_json()
    surface = component(layout, ids.ACTIVITY_SURFACE)
    assert surface["value"] is None  # detected, not chosen: nothing is sent on saving
    assert surface["placeholder"] == "road (as detected)"
    store.update_activity("me", watch.id, {"surface": "grass"})
    layout = client.page(f"/activities/{watch.id}").get_json()
    assert component(layout, ids.ACTIVITY_SURFACE)["value"] == "grass"
    assert "Surface (your choice)" in text_of(layout)


def test_saving_a_new_name_leaves_the_surface_as_detected(two_clocks):
    url, store, client = two_clocks
    watch = next(a for a in store.activities("me") if a.utc_offset_s == 3600)
    layout = client.page(f"/activities/{watch.id}").get_json()
    surface = component(layout, ids.ACTIVITY_SURFACE)["value"]  # what the browser sends back
    saved = client.callback(ids.ACTIVITY_SAVED, {f"{ids.ACTIVITY_SAVE}.n_clicks": 1}, state={
        f"{ids.ACTIVITY_ID}.data": watch.id, f"{ids.ACTIVITY_SURFACE}.value": surface,
        f"{ids.ACTIVITY_RPE}.value": None, f"{ids.ACTIVITY_NAME}.value": "Tempo"})
    assert "Saved." in saved.get_data(as_text=True)
    renamed = store.activity("me", watch.id)
    assert (renamed.name, renamed.surface_override) == ("Tempo", None)
    assert "surface as detected" in run(url, "activity", str(watch.id), "set", "rpe=5")


def test_every_module_of_the_pages_package_is_a_page_in_its_order(two_clocks):
    modules = [f"dashboards.pages.{m.name}" for m in pkgutil.iter_modules(pages.__path__)]
    assert modules
    assert set(modules) <= set(dash.page_registry)
    orders = [dash.page_registry[m]["supplied_order"] for m in modules]
    assert all(isinstance(order, int) for order in orders)  # each states its place
    assert len(set(orders)) == len(orders)
    registered = [page["module"] for page in dash.page_registry.values()]
    assert registered == sorted(registered, key=lambda m: dash.page_registry[m]["order"])


def test_a_module_of_the_pages_package_that_registers_no_page_is_refused(monkeypatch):
    monkeypatch.setattr(pages, "page_modules", lambda: ["dashboards.ids"])
    with pytest.raises(RuntimeError, match="registers no page"):
        pages.register_all()


SHELLS = [ROOT / "dashboards", ROOT / "loadwatch" / "cli"]


def _store_calls(path: Path) -> list[str]:
    """``store.method(...)`` and ``x.store.method(...)`` calls in one module, but close()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        named = (isinstance(owner, ast.Name) and owner.id == "store") or (
            isinstance(owner, ast.Attribute) and owner.attr == "store")
        if named and node.func.attr != "close":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}()")
    return found


def test_no_shell_calls_a_store_method():
    calls = [call for shell in SHELLS for path in sorted(shell.rglob("*.py"))
             for call in _store_calls(path)]
    assert calls == []  # through loadwatch.service instead


def test_an_impossible_rpe_is_refused_with_the_reason_not_saved_silently(two_clocks):
    _, store, client = two_clocks
    watch = next(a for a in store.activities("me") if a.utc_offset_s == 3600)
    saved = client.callback(ids.ACTIVITY_SAVED, {f"{ids.ACTIVITY_SAVE}.n_clicks": 1}, state={
        f"{ids.ACTIVITY_ID}.data": watch.id, f"{ids.ACTIVITY_SURFACE}.value": None,
        f"{ids.ACTIVITY_RPE}.value": "15", f"{ids.ACTIVITY_NAME}.value": None})
    said = saved.get_json()["response"]
    assert "Not saved" in str(said[ids.ACTIVITY_SAVED])
    assert said[ids.ACTIVITY_RPE] == {"invalid": True}  # the field is marked, its reason beside it
    assert said[ids.ACTIVITY_RPE_MESSAGE]["children"].startswith("A number from 1 to 10")
    assert store.activity("me", watch.id).rpe is None


def test_a_link_without_the_athlete_stays_on_the_athlete_last_named(tmp_path):
    """A run clicked in another athlete's Activities table opens their run, not 'me'."""
    from loadwatch.service.imports import import_paths

    (tmp_path / "ann.fit").write_bytes(run_file(900))
    (tmp_path / "me.fit").write_bytes(run_file(600, start=START + 86_400))
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="ann", paths=[tmp_path / "ann.fit"], workers=1)
        import_paths(store, athlete="me", paths=[tmp_path / "me.fit"], workers=1)
        (ann_run,) = [a.id for a in store.activities("ann")]
        app = create_app(store, "me")
        client = TeamClient(app.server.test_client())
        client.page("/activities", "?athlete=ann")  # chosen in the selector or a link
        opened = client.page(f"/activities/{ann_run}").get_data(as_text=True)
        context.of(app.server).data.ready()
    assert "No activity" not in opened
    assert "No athlete named" not in opened
    assert "Save" in opened  # the run's page, with its edit form
