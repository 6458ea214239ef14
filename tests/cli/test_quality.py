"""The command line's data-quality marks: shown, listed by check, confirmed, corrected.

On SQLite and PostgreSQL (``store_url``), as a runner types the commands.
"""

from __future__ import annotations

import json

import pytest

from loadwatch.store import Store
from tests.cli.conftest import invoke, run, said
from tests.suspectbuild import bike_ride_as_run, easy_run, fit_file, track


@pytest.fixture
def marked(store_url, tmp_path):
    """A store with two even runs, a bike ride logged as a run and a watch left on."""
    for day, samples in enumerate((easy_run(), easy_run(), bike_ride_as_run(),
                                   track((3600, 3.0), (3600, 5 / 3.6)))):
        (tmp_path / f"{day}.fit").write_bytes(fit_file(samples, day=day))
    run(store_url, "import", str(tmp_path))
    with Store(store_url) as store:
        ids = sorted(a.id for a in store.activities("me"))
    return store_url, ids


def test_the_activities_table_shows_the_mark_and_what_to_do(marked):
    url, (first, _, ride, tail) = marked
    table = run(url, "activities")
    lines = {line.split()[0]: line for line in table.splitlines() if line[:3].strip().isdigit()}
    assert "? bike or car?, too fast for a run" in lines[str(ride)]
    assert "? watch left on?" in lines[str(tail)]
    assert "?" not in lines[str(first)]
    assert ("? 2 runs are left out of the running numbers and the risk rules until you "
            "confirm (`loadwatch activity ID confirm`)") in said(table)
    rows = {r["id"]: r for r in json.loads(run(url, "activities", "--json"))}
    assert rows[ride]["held_out"] is True
    assert [r["check"] for r in rows[ride]["quality_reasons"]] == ["vehicle_speed",
                                                                   "average_speed"]
    assert rows[ride]["quality_review"] is None
    assert rows[ride]["counts_toward_load"] is False


def test_check_lists_each_marked_run_with_the_reason_and_exits_1(marked):
    url, (_, _, ride, tail) = marked
    result = invoke(url, "check")
    assert result.exit_code == 1
    text = said(result.output)
    assert (f"activity {ride} kept out of the risk rules until you answer: `loadwatch "
            f"activity {ride} confirm`") in text
    assert "maybe not a run: 60 min faster than 25 km/h (30.0 km at 30 km/h" in text
    assert "maybe not a run: 60 min at walking pace after the run (5.0 km from 1:00:00" in text
    assert text.endswith("the store is sound: every row reads; 2 runs are marked as maybe not "
                         "a run, left out of the risk rules until you answer")
    findings = json.loads(invoke(url, "check", "--json").output)
    assert [f["what"] for f in findings] == [f"activity {tail}", f"activity {ride}"]
    assert set(findings[0]) == {"athlete", "what", "problem", "action"}
    assert "1 h 00 min" not in text
    assert "a watch left on?" in text


def test_confirm_correct_and_undo(marked):
    url, (_, _, ride, tail) = marked
    assert run(url, "activity", str(ride), "confirm") == (
        f"{ride}: confirmed as a run; it counts in the running numbers and the risk rules\n")
    run(url, "activity", str(ride), "confirm")  # again: nothing changes
    assert run(url, "activity", str(tail), "set", "distance=10.8km").endswith(
        "distance 10.80 km\n")
    assert invoke(url, "check").exit_code == 0
    table = run(url, "activities")
    assert "confirmed" in table
    assert "corrected" not in table
    assert "left out" not in table
    assert run(url, "activity", str(ride), "confirm", "--undo") == (
        f"{ride}: answer taken back; the data-quality checks hold again\n")
    assert invoke(url, "check").exit_code == 1


def test_answers_that_cannot_be_given_are_one_error_line(marked):
    url, (first, _, ride, _) = marked
    assert run(url, "activity", str(first), "confirm", code=1) == (
        f"Error: activity {first} is not marked: there is nothing to confirm\n")
    assert run(url, "activity", "999", "confirm", code=2) == "Error: me has no activity 999\n"
    assert run(url, "activity", str(ride), "confirm", "please", code=1) == (
        "Error: usage: loadwatch activity ID confirm [--undo]\n")
    assert run(url, "activity", str(first), "confirm", "--undo", code=1) == (
        f"Error: activity {first} has no answer to take back\n")
    assert run(url, "activity", str(ride), "set", "distance=far", code=1).startswith(
        "Error: bad distance 'far': a positive number, in your unit or with km, mi or m")
    run(url, "activity", str(ride), "set", "sport=cycling")
    assert run(url, "activity", str(ride), "confirm", code=1) == (
        f"Error: activity {ride} is cycling, not a run: only runs are checked, there is "
        "nothing to confirm\n")


def test_a_distance_in_miles_follows_the_units_setting(marked):
    url, (_, _, _, tail) = marked
    run(url, "settings", "set", "units=mi")
    assert run(url, "activity", str(tail), "set", "distance=6.71").endswith(
        "distance 6.71 mi\n")
    with Store(url) as store:
        assert store.activity("me", tail).distance_m == pytest.approx(6.71 * 1609.344)


def test_the_help_names_confirm_and_distance():
    help_text = said(run(None, "activity", "--help"))
    assert "confirm: it was a run." in help_text
    assert "change surface, rpe, sport, name or distance" in help_text
