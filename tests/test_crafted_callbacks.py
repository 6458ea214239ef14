"""Crafted callback requests against the team server: every one answers 400, none 500.

Each registered callback (every entry of ``/_dash-dependencies``, which is
``app.callback_map``) gets malformed requests a tampering client could send;
a few well-formed but out-of-range ones (an activity id of 2**70, on the page
address, in a store, as text) must be refused too. Nothing of ann's changes.
"""

from __future__ import annotations

import copy
import json

import pytest

from dashboards import ids
from tests.team_client import TeamClient
from tests.test_team_server import client, team  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres
HUGE = 2**70


def _body(spec: dict) -> dict:
    """A well-formed request for ``spec``: the ids and properties it declares, no values."""
    def item(declared: dict) -> dict | list:
        if declared["id"].startswith("{"):  # a pattern-matching id: one match, index 1
            keys = json.loads(declared["id"])
            match = {k: (v if not isinstance(v, list) else 1) for k, v in keys.items()}
            return [{"id": match, "property": declared["property"], "value": None}]
        return {"id": declared["id"], "property": declared["property"], "value": None}
    several = spec["output"].startswith("..")
    outputs = ([TeamClient._split(o) for o in spec["output"].strip(".").split("...")]
               if several else TeamClient._split(spec["output"]))
    return {"output": spec["output"], "outputs": outputs,
            "inputs": [item(i) for i in spec["inputs"]],
            "state": [item(s) for s in spec["state"]], "changedPropIds": []}


def _set_values(body: dict, value) -> dict:
    crafted = copy.deepcopy(body)
    for item in crafted["inputs"] + crafted["state"]:
        for one in item if isinstance(item, list) else [item]:
            one["value"] = value
    return crafted


def _nested(depth: int):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _malformed(body: dict) -> dict[str, object]:
    """Name to a crafted body (or raw bytes) that must be refused."""
    wrong_property = copy.deepcopy(body)
    first = wrong_property["inputs"][0]
    for one in first if isinstance(first, list) else [first]:
        one["property"] = "children"
    return {
        "not JSON": b"{output:",
        "not an object": b"[1, 2]",
        "NaN": json.dumps(body).replace('"changedPropIds": []', '"changedPropIds": NaN').encode(),
        "unknown output": {**body, "output": "no-such-component.children"},
        "output of another type": {**body, "output": ["a", "list"]},
        "too few inputs": {**body, "inputs": body["inputs"][:-1]},
        "too many inputs": {**body, "inputs": [*body["inputs"], body["inputs"][0]]},
        "inputs not a list": {**body, "inputs": {"a": 1}},
        "state not a list": {**body, "state": "x"},
        "another property": wrong_property,
        "a huge number": _set_values(body, HUGE),
        "a huge negative number": _set_values(body, -HUGE),
        "nested too deep": _set_values(body, _nested(40)),
        "an object for every value": _set_values(body, {"$where": [HUGE]}),
        "item not an object": {**body, "inputs": ["x"] * len(body["inputs"])},
        "changedPropIds not texts": {**body, "changedPropIds": [1, {}]},
    }


def _send(browser: TeamClient, crafted) -> tuple[int, str]:
    data = crafted if isinstance(crafted, bytes) else json.dumps(crafted)
    response = browser.client.post("/_dash-update-component", data=data,
                                   content_type="application/json",
                                   headers={"X-CSRFToken": browser.csrf()})
    return response.status_code, response.get_data(as_text=True)


def test_every_callback_answers_malformed_requests_with_400(team):  # noqa: F811
    ann = client(team, "ann")
    specs = ann.dependencies()
    server_side = [s for s in specs if not s.get("clientside_function")]
    assert len(server_side) >= 20  # every page's callbacks are there
    refused = 0
    for spec in server_side:
        for name, crafted in _malformed(_body(spec)).items():
            status, text = _send(ann, crafted)
            assert status == 400, f"{spec['output']}, {name}: {status} {text[:200]}"
            reason = json.loads(text)["error"]
            assert 0 < len(reason) < 200
            assert "Traceback" not in reason
            refused += 1
    assert refused == len(server_side) * 16


def test_a_huge_activity_id_is_refused_wherever_it_is_sent(team):  # noqa: F811
    store = team[0]
    ann = client(team, "ann")
    before = [vars(a) for a in store.activities("ann")]
    # On the address: /activities/<id> with 2**70, as digits, or a slip of the keyboard:
    # a page that says there is no such activity (a 400 would leave the page blank).
    for address in (f"/activities/{HUGE}", "/activities/not-a-number"):
        response = ann.page(address)
        assert response.status_code == 200
        assert "No activity" in json.dumps(response.get_json()), address
    # In the page's store of the activity shown, as a number and as text.
    for value in (HUGE, str(HUGE), -1, 0, True, "1e3", [1]):
        response = ann.callback(ids.ACTIVITY_SAVED, {f"{ids.ACTIVITY_SAVE}.n_clicks": 1},
                                state={f"{ids.ACTIVITY_ID}.data": value,
                                       f"{ids.ACTIVITY_NAME}.value": "renamed"})
        assert response.status_code == 400, (value, response.get_data(as_text=True)[:200])
        assert "activity-id.data" in response.get_json()["error"]
    assert [vars(a) for a in store.activities("ann")] == before
    # A real id still works: the guard refuses only what is malformed.
    real = store.activities("ann")[0].id
    assert ann.page(f"/activities/{real}").status_code == 200


def test_a_callback_with_clicks_that_are_not_counts_is_refused(team):  # noqa: F811
    ann = client(team, "ann")
    for clicks in (-1, "1", 1.5, {"a": 1}):
        response = ann.callback(ids.ACTIVITY_SAVED, {f"{ids.ACTIVITY_SAVE}.n_clicks": clicks})
        assert response.status_code == 400, clicks
        assert "clicks" in response.get_json()["error"]


WRONG_VALUES = ("zz", "", 1.5, True, -1, 2**62, [1, 2], [1, 2, 3], [1e308, 1], {"a": 1},
                {"colId": "delete", "rowId": "zz"}, {"jobs": "zz"})


def _one_value(body: dict, index: int, value) -> dict:
    """``body`` with its ``index``-th input or state (counted across both) set to ``value``."""
    crafted = copy.deepcopy(body)
    item = (crafted["inputs"] + crafted["state"])[index]
    items = item if isinstance(item, list) else [item]
    for one in items:
        one["value"] = value
    crafted["changedPropIds"] = [f"{_id_text(one['id'])}.{one['property']}" for one in items]
    return crafted


def _id_text(component_id) -> str:
    """A component id as dash-renderer names it in ``changedPropIds``."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def test_no_value_of_a_wrong_type_in_any_input_gives_a_500(team):  # noqa: F811
    """Every input and state of every callback, one at a time, gets values of the wrong type.

    The answer is the callback's own (200, or 204 when it has nothing to do), a
    400 with a reason, or a 403 (an address naming no athlete ann may read): a
    tampering client never meets a server error.
    """
    ann = client(team, "ann")
    server_side = [s for s in ann.dependencies() if not s.get("clientside_function")]
    errors = []
    for spec in server_side:
        body = _body(spec)
        for index in range(len(body["inputs"]) + len(body["state"])):
            for value in WRONG_VALUES:
                status, text = _send(ann, _one_value(body, index, value))
                if status not in (200, 204, 400, 403):
                    errors.append(f"{spec['output']} #{index} = {value!r}: {status}")
                elif status == 400:
                    assert "Traceback" not in text
                    assert json.loads(text)["error"]
        # The outputs as one object where the callback has several, and the reverse.
        several = spec["output"].startswith("..")
        shape = {**body, "outputs": body["outputs"][0] if several else [body["outputs"]]}
        status, _text = _send(ann, shape)
        if status != 400:
            errors.append(f"{spec['output']}: outputs of the wrong shape answered {status}")
    assert not errors, "\n".join(errors[:40])
