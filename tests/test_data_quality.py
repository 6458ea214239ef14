"""Data quality before risk, end to end: a "run" that is something else raises no flag.

A history of ten even runs, then a suspect one imported as a watch's FIT
file: the import marks it, the load engine leaves it out of the running
numbers and every risk rule, and only the runner's answer (confirm, or
correct the sport or the distance) lets it count. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest

from loadwatch.errors import NotFound, UsageError
from loadwatch.metrics.ahead import run_distances
from loadwatch.service.activities import correct_distance, edit_activity
from loadwatch.service.imports import import_paths
from loadwatch.service.listings import activity_listing
from loadwatch.service.quality import confirm_activity, held_out, quality_marks_of
from loadwatch.service.reports import athlete_report
from tests.suspectbuild import bike_ride_as_run, easy_run, fit_file, track

SUSPECT_DAY = 31  # Monday 9 December 2024: a week of its own
TODAY = date(2024, 12, 10)


def _import(store, tmp_path, suspect) -> int:
    paths = []
    for number, day in enumerate(range(0, 30, 3)):
        path = tmp_path / f"run-{number}.fit"
        path.write_bytes(fit_file(easy_run(), day=day))
        paths.append(path)
    path = tmp_path / "suspect.fit"
    path.write_bytes(fit_file(suspect, day=SUSPECT_DAY))
    paths.append(path)
    import_paths(store, athlete="me", paths=paths, workers=1)
    return max(a.id for a in store.activities("me"))


def _spikes(store, activity_id: int) -> list[str]:
    return [f.rule for f in athlete_report(store, athlete="me", today=TODAY).flags
            if f.rule.startswith("spike_") and activity_id in f.activities]


def _week_km(store) -> float:
    weeks = athlete_report(store, athlete="me", today=TODAY).training.weeks
    return float(weeks["distance_km"].iloc[-1])


def test_a_bike_ride_raises_no_spike_until_the_runner_confirms_it(store, tmp_path):
    suspect = _import(store, tmp_path, bike_ride_as_run())
    (mark,) = quality_marks_of(store, athlete="me")
    assert (mark.activity_id, mark.held_out) == (suspect, True)
    assert [r["check"] for r in mark.reasons] == ["vehicle_speed", "average_speed"]
    assert _spikes(store, suspect) == []
    report = athlete_report(store, athlete="me", today=TODAY)
    assert not any(suspect in f.activities for f in report.flags)
    # Nor is it the longest run the look ahead measures the next one against.
    assert run_distances(report.training.activities, "UTC").max() == pytest.approx(9900.0)
    held_week = _week_km(store)

    confirm_activity(store, athlete="me", activity_id=suspect)
    assert _spikes(store, suspect) == ["spike_large"]
    assert _week_km(store) == pytest.approx(held_week + 31.8)
    row = next(r for r in activity_listing(store, athlete="me").rows if r["id"] == suspect)
    assert (row["held_out"], row["quality_review"], row["spike_band"]) == (
        False, "confirmed", "large")
    assert held_out(store, athlete="me") == []

    confirm_activity(store, athlete="me", activity_id=suspect, undo=True)
    assert _spikes(store, suspect) == []


def test_a_bike_ride_corrected_to_cycling_is_no_run_at_all(store, tmp_path):
    suspect = _import(store, tmp_path, bike_ride_as_run())
    edit_activity(store, athlete="me", activity_id=suspect, sport="cycling")
    assert quality_marks_of(store, athlete="me") == []
    assert _spikes(store, suspect) == []


def test_a_watch_left_on_counts_at_the_distance_the_runner_gives(store, tmp_path):
    # An hour's run (10.8 km), then an hour's walk home (5 km): a 1.6 spike that never was.
    suspect = _import(store, tmp_path, track((3600, 3.0), (3600, 5 / 3.6)))
    (mark,) = quality_marks_of(store, athlete="me")
    assert [r["check"] for r in mark.reasons] == ["walking_tail"]
    assert _spikes(store, suspect) == []
    correct_distance(store, athlete="me", activity_id=suspect, distance="10.8")
    assert store.activity("me", suspect).quality_review == "corrected"
    assert quality_marks_of(store, athlete="me") == []  # the samples' mark no longer holds
    row = next(r for r in activity_listing(store, athlete="me").rows if r["id"] == suspect)
    assert (row["held_out"], row["spike_band"]) == (False, "reference")
    assert _spikes(store, suspect) == []


def test_a_corrected_distance_is_still_judged_by_the_summary(store, tmp_path):
    suspect = _import(store, tmp_path, track((3600, 3.0), (3600, 5 / 3.6)))
    correct_distance(store, athlete="me", activity_id=suspect, distance="48km")
    (mark,) = quality_marks_of(store, athlete="me")
    assert ([r["check"] for r in mark.reasons], mark.held_out) == (["record_pace"], True)


def test_answers_are_refused_with_the_reason(store, tmp_path):
    suspect = _import(store, tmp_path, bike_ride_as_run())
    first = min(a.id for a in store.activities("me"))
    with pytest.raises(UsageError, match="is not marked: there is nothing to confirm"):
        confirm_activity(store, athlete="me", activity_id=first)
    with pytest.raises(UsageError, match="has no answer to take back"):
        confirm_activity(store, athlete="me", activity_id=suspect, undo=True)
    with pytest.raises(NotFound):
        confirm_activity(store, athlete="me", activity_id=99_999)
    with pytest.raises(UsageError, match="bad distance 'far'"):
        correct_distance(store, athlete="me", activity_id=suspect, distance="far")
    with pytest.raises(UsageError, match="at most 5,000 km"):
        correct_distance(store, athlete="me", activity_id=suspect, distance="6000km")
    edit_activity(store, athlete="me", activity_id=suspect, sport="cycling")
    with pytest.raises(UsageError, match="is cycling, not a run"):
        confirm_activity(store, athlete="me", activity_id=suspect)
