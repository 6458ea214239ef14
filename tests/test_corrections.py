"""Activities a runner can correct: delete (undone by importing again), merge, split."""

from __future__ import annotations

import pytest

from loadwatch.errors import UsageError
from loadwatch.service import activities as service
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import training
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS

RUNS = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:4]


def _ids(store: Store) -> list[int]:
    return sorted(a.id for a in store.activities("me"))


def test_deleting_an_activity_is_undone_by_importing_its_file_again(store):
    import_paths(store, athlete="me", paths=RUNS, workers=1)
    first = store.activities("me")[-1]
    service.delete_activity(store, athlete="me", activity_id=first.id)
    assert first.id not in _ids(store)
    assert len(training(store, athlete="me").activities) == 3
    (again,) = import_paths(store, athlete="me", paths=[SAMPLE_RUNS / first.source_name], workers=1)
    assert again.status == "imported"
    assert [a.start_time for a in store.activities("me")][-1] == first.start_time
    # The other files are still known: importing them again adds nothing.
    assert {r.status for r in import_paths(store, athlete="me", paths=RUNS,
                                           workers=1)} == {"duplicate"}


def test_deleting_one_row_of_an_activity_list_brings_back_only_that_row(store, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,distance_km,duration\n2026-05-01,8,0:45:00\n2026-05-03,10,0:55:00\n"
                   "2026-05-05,12,1:05:00\n")
    import_paths(store, athlete="me", paths=[log], workers=1)
    middle = sorted(store.activities("me"), key=lambda a: a.start_time)[1]
    service.delete_activity(store, athlete="me", activity_id=middle.id)
    (result,) = import_paths(store, athlete="me", paths=[log], workers=1)
    assert result.status == "imported"
    assert len(result.activities) == 1
    distances = sorted(a.distance_m for a in store.activities("me"))
    assert distances == [8000, 10000, 12000]  # no duplicate of the rows that stayed


def test_rows_without_samples_are_of_unknown_surface_not_treadmill(store, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("date,distance_km,duration\n2026-05-01,8,0:45:00\n")
    import_paths(store, athlete="me", paths=[log], workers=1)
    assert list(training(store, athlete="me").activities["surface"]) == ["unknown"]


def test_a_wrong_merge_is_split_and_a_missed_one_merged(store, tmp_path):
    import_paths(store, athlete="me", paths=RUNS[:1], workers=1)
    (run,) = store.activities("me")
    # A training-log row of the same run: merged into the FIT record at import.
    log = tmp_path / "log.csv"
    start = run.start_time.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    log.write_text(f"start_time,distance_km,duration,rpe\n{start},"
                   f"{run.distance_m / 1000:.3f},{run.timer_s:.0f},6\n")
    (merged,) = import_paths(store, athlete="me", paths=[log], workers=1)
    assert merged.status == "duplicate"
    assert "merged" in merged.message
    (new_id,) = service.split_activity(store, athlete="me", activity_id=run.id)
    assert _ids(store) == [run.id, new_id]
    assert store.activity("me", new_id).source_format == "csv"
    assert store.activity("me", run.id).source_format == "fit"
    service.merge_activities(store, athlete="me", keep_id=run.id, other_id=new_id)
    assert _ids(store) == [run.id]
    assert store.activity("me", run.id).rpe == 6  # the row's RPE fills what the file lacked
    import_paths(store, athlete="me", paths=RUNS[1:2], workers=1)
    single = max(_ids(store))
    with pytest.raises(UsageError, match="one file only"):
        service.split_activity(store, athlete="me", activity_id=single)


def test_two_runs_days_apart_are_not_merged(store):
    import_paths(store, athlete="me", paths=RUNS[:2], workers=1)
    first, second = _ids(store)
    with pytest.raises(UsageError, match="hours apart: not one run"):
        service.merge_activities(store, athlete="me", keep_id=first, other_id=second)
    assert _ids(store) == [first, second]


def test_rows_of_unknown_surface_raise_no_surface_change(store, tmp_path):
    """A list of summary rows after weeks of road runs is no change of surface."""
    import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*road.fit")),
                 workers=1)
    log = tmp_path / "log.csv"
    # A few list rows among July's road runs, then a month of list rows only.
    log.write_text("date,distance_km,duration\n2026-07-08,5,0:28:00\n2026-07-15,5,0:28:00\n"
                   "2026-07-22,5,0:28:00\n" + "".join(
                       f"2026-08-{day:02},10,0:55:00\n" for day in range(3, 30, 2)))
    import_paths(store, athlete="me", paths=[log], workers=1)
    from loadwatch.service.reports import risk_report

    assert not [f for f in risk_report(store, athlete="me") if f.rule == "surface_change"]


def test_a_switch_to_a_surface_never_run_on_is_a_change_of_surface(store, tmp_path):
    log = tmp_path / "log.csv"
    rows = [f"2026-06-{day:02},8,0:45:00,road" for day in range(1, 29, 2)]
    rows += [f"2026-07-{day:02},8,0:50:00,trail" for day in range(1, 15, 2)]
    log.write_text("date,distance_km,duration,surface\n" + "\n".join(rows) + "\n")
    import_paths(store, athlete="me", paths=[log], workers=1)
    from loadwatch.service.reports import risk_report

    changes = [f for f in risk_report(store, athlete="me") if f.rule == "surface_change"]
    assert changes
    assert "(trail)" in changes[0].title
