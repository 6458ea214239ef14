"""The same run from a zone-less source and a zoned one is one run (case B7 and its kind)."""

from __future__ import annotations

import pytest

from loadwatch.service.imports import import_paths
from loadwatch.service.reports import training
from tests.conftest import CORPUS

TRAVEL = CORPUS.parent / "regressions" / "imports" / "travel_nyc"


def _berlin(store) -> None:
    store.set_settings("me", {"timezone": "Europe/Berlin"})


def test_a_run_abroad_from_a_garmin_list_and_its_fit_file_is_one_run(store):
    if not TRAVEL.is_dir():
        pytest.skip(f"{TRAVEL} is absent (../shared ships beside the project only in CI)")
    _berlin(store)
    results = import_paths(store, athlete="me", paths=[TRAVEL], units="km", workers=1)
    assert {r.status for r in results} <= {"imported", "duplicate"}
    (run,) = store.activities("me")
    assert run.source_format == "fit"  # the richer record is kept
    assert run.start_time.isoformat() == "2024-05-04T11:30:00+00:00"
    days = training(store, athlete="me").days
    assert days.loc["2024-05-04", "distance_km"] == pytest.approx(9.0, abs=0.01)


@pytest.mark.parametrize("zoned_first", [True, False])
def test_wall_clock_rows_match_a_zoned_record_of_the_same_run(store, tmp_path, zoned_first):
    """New York 07:30 in a file with its offset, and 07:30 in a list without one."""
    _berlin(store)
    zoned = tmp_path / "watch.csv"
    zoned.write_text("start_time,distance_km,duration,avg_hr\n"
                     "2024-05-04T07:30:00-04:00,9.0,0:50:00,150\n")
    wall = tmp_path / "list.csv"
    wall.write_text("start_time,distance_km,duration\n2024-05-04 07:30:00,9.02,0:50:10\n")
    order = [zoned, wall] if zoned_first else [wall, zoned]
    import_paths(store, athlete="me", paths=order, workers=1)
    (run,) = store.activities("me")
    assert run.start_time.isoformat() == "2024-05-04T11:30:00+00:00" or not zoned_first


def test_two_runs_at_the_same_wall_clock_time_on_different_days_stay_apart(store, tmp_path):
    _berlin(store)
    first = tmp_path / "a.csv"
    first.write_text("start_time,distance_km,duration\n2024-05-04T07:30:00-04:00,9,0:50:00\n")
    second = tmp_path / "b.csv"
    second.write_text("start_time,distance_km,duration\n2024-05-05 07:30:00,9,0:50:00\n")
    import_paths(store, athlete="me", paths=[first, second], workers=1)
    assert len(store.activities("me")) == 2
