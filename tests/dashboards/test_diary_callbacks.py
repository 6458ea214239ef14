"""The Diary's callbacks sent what no page would: ids that are not numbers, another
athlete's entries, values no form holds. Each answers with a message, never a 500,
and no entry changes; a reader sees no Edit or Delete buttons."""

from __future__ import annotations

import json

import pytest

from dashboards import context, ids
from dashboards.app import create_app
from loadwatch.service import diary as diary_service
from loadwatch.store import Store
from tests.dashboards.test_pages import components
from tests.team_client import TeamClient

ENTRY = {"date": "2026-07-10", "location": "calf", "pain": 3, "signs": ["swelling"]}
FORM = {"diary-date.value": "2026-07-11", "diary-location.value": "heel",
        "diary-pain.value": 2, "diary-signs.value": [], "diary-when.value": [],
        "diary-character.value": [], "diary-worsening.value": []}


@pytest.fixture
def diary_app(tmp_path):
    """A local dashboard where me and ann each have one entry; (store, client, me, ann)."""
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        mine = diary_service.add_entry(store, athlete="me", values=ENTRY).id
        anns = diary_service.add_entry(store, athlete="ann", values=ENTRY).id
        app = create_app(store, "me")
        yield store, TeamClient(app.server.test_client()), mine, anns
        context.of(app.server).data.ready()


def _pattern_click(client: TeamClient, kind: str, index):
    """Click the Edit or Delete button of entry ``index`` (any value), as dash-renderer would."""
    spec = next(s for s in client.dependencies() if any(f'"{kind}"' in i["id"]
                                                        for i in s["inputs"]))
    button = {"index": index, "type": kind}
    body = {"output": spec["output"],
            "outputs": [client._split(o) for o in spec["output"].strip(".").split("...")],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]
                       if isinstance(i["id"], str) and i["id"].startswith("{") else
                       {"id": i["id"], "property": i["property"], "value": None}
                       for i in spec["inputs"]],
            "state": [{"id": s["id"], "property": s["property"], "value": None}
                      for s in spec["state"]],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True)
                               + ".n_clicks"]}
    return client.client.post("/_dash-update-component", data=json.dumps(body),
                              content_type="application/json")


MALFORMED = (True, None, [1])


@pytest.mark.parametrize("index", ["7", 9999, *MALFORMED], ids=repr)
@pytest.mark.parametrize(("kind", "said"), [(ids.DIARY_EDIT, "Not loaded"),
                                            (ids.DIARY_DELETE, "Not deleted")],
                         ids=["edit", "delete"])
def test_an_edit_or_delete_of_no_entry_of_this_athlete_is_a_message(diary_app, index, kind,
                                                                     said):
    store, client, _, anns = diary_app
    for wanted in (index, anns):
        response = _pattern_click(client, kind, wanted)
        # No id at all: refused before any callback (dashboards.guard).
        if any(wanted is bad for bad in MALFORMED):
            assert response.status_code == 400, response.get_data(as_text=True)[:300]
            assert "pattern-matching id" in response.get_json()["error"]
            continue
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert said in response.get_data(as_text=True)
    assert len(store.entries("me")) == len(store.entries("ann")) == 1


def test_a_confirmed_delete_of_another_athletes_entry_deletes_nothing(diary_app):
    store, client, _, anns = diary_app
    for chosen in (anns, "1", None):
        response = client.callback("diary-list-message", {
            "diary-delete-confirm.submit_n_clicks": 1}, {"diary-delete-id.data": chosen})
        assert "Not deleted" in response.get_data(as_text=True)
    assert len(store.entries("ann")) == 1


@pytest.mark.parametrize("editing", ["x", True, "ann's"], ids=repr)
def test_saving_changes_to_no_entry_of_this_athlete_is_a_message(diary_app, editing):
    store, client, _, anns = diary_app
    before = store.entries("ann"), store.entries("me")
    for chosen in (editing, anns):
        response = client.callback("diary-result", {"diary-save.n_clicks": 1},
                                   {**FORM, "diary-editing.data": chosen})
        if chosen is editing:  # not an entry id at all: refused before any callback
            assert response.status_code == 400
            assert "diary-editing.data" in response.get_json()["error"]
            continue
        assert response.status_code == 200
        assert "Not saved" in response.get_data(as_text=True)
    assert (store.entries("ann"), store.entries("me")) == before


@pytest.mark.parametrize("values", [
    {"diary-pain.value": "lots"}, {"diary-pain.value": 11}, {"diary-signs.value": 5},
    {"diary-weeks.value": "two"}, {"diary-date.value": "yesterday"},
    {"diary-location.value": "elbow"}], ids=lambda v: "=".join(map(str, *v.items())))
def test_values_no_form_holds_are_a_message(diary_app, values):
    store, client, _, _ = diary_app
    response = client.callback("diary-result", {"diary-save.n_clicks": 1}, {**FORM, **values})
    assert response.status_code == 200
    assert "Not saved" in response.get_data(as_text=True)
    assert len(store.entries("me")) == 1


def test_the_buttons_of_each_entry_are_for_who_may_write(diary_app):
    _, client, mine, _ = diary_app
    layout = json.loads(client.page("/diary").get_data(as_text=True))
    drawn = [c["props"]["id"] for c in components(layout)
             if isinstance(c["props"].get("id"), dict)]
    assert drawn == [ids.diary_edit(mine), ids.diary_delete(mine)]


@pytest.mark.parametrize(("values", "field"), [
    ({"diary-date.value": "2099-01-01"}, "diary-date-message"),
    ({"diary-date.value": "1969-12-31"}, "diary-date-message"),
    ({"diary-pain.value": 11}, "diary-pain-message")], ids=["future", "before 1970", "pain"])
def test_a_refused_value_is_explained_beside_its_field(diary_app, values, field):
    """A date in 2099 is refused at the Date field, as a blank one is, not under the button."""
    store, client, _, _ = diary_app
    response = client.callback("diary-result", {"diary-save.n_clicks": 1}, {**FORM, **values})
    said = response.get_json()["response"]
    assert said[field]["children"].startswith("Not saved: ")
    assert "see above" in json.dumps(said["diary-save-message"])
    assert len(store.entries("me")) == 1
