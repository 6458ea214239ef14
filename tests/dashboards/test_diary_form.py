"""The diary's fields in every shell: an Entry's field missing from one is caught here."""

from __future__ import annotations

import dataclasses
import importlib
import json

import pytest
from plotly.io.json import to_json_plotly

from dashboards import context
from dashboards.app import create_app
from loadwatch.cli.diary import entry_values
from loadwatch.diary import Entry
from loadwatch.store import Store
from tests.cli.conftest import run
from tests.dashboards.test_pages import components

FIELDS = {f.name for f in dataclasses.fields(Entry)} - {"id"}


@pytest.fixture(scope="module")
def diary_page(tmp_path_factory):
    """The Diary page's module (Dash registers pages only once an app exists)."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('diary') / 's.db'}")
    app = create_app(store, "me")
    yield importlib.import_module("dashboards.pages.diary")
    context.of(app.server).data.ready()
    store.close()


def test_the_dashboard_form_has_a_control_for_every_field_of_an_entry(diary_page):
    assert set(diary_page.FORM) == FIELDS
    drawn = {c["props"].get("id")
             for c in components(json.loads(to_json_plotly(diary_page.form())))}
    assert set(diary_page.FORM.values()) <= drawn


@pytest.mark.parametrize("command", [("diary", "add"), ("triage",)], ids=" ".join)
def test_the_command_line_has_an_option_for_every_field_of_an_entry(command):
    help_text = run(None, *command, "--help")
    assert [name for name in sorted(FIELDS) if f"--{name} " not in help_text] == []


def test_the_command_lines_options_become_every_field_of_an_entry():
    assert set(entry_values({})) == FIELDS


def test_the_forms_values_become_an_entry_as_the_command_lines_do(diary_page):
    blank = {name: None for name in diary_page.FORM}
    ticked = diary_page.entry_values({**blank, "worsening": [diary_page.WORSENING]})
    assert ticked["worsening"] is True
    assert diary_page.entry_values({**blank, "worsening": []})["worsening"] is False
    assert diary_page.entry_values(blank)["worsening"] is False
