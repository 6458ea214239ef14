"""What a new user broke on a fresh install, each now a test of its whole kind.

Bad stored settings, impossible dates in tracks and the diary, a summary made
from one impossible point, a zone-less list after a change of time zone, and
runs that `check --repair` removed coming back with their files.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from loadwatch.cli import main
from loadwatch.errors import UsageError
from loadwatch.service.activities import check
from loadwatch.service.diary import import_entries
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import training
from loadwatch.service.summaries import send_due
from loadwatch.settings import effective
from loadwatch.store import Store, schema
from tests.conftest import SAMPLE_RUNS
from tests.test_summary import _free_port, _mail_settings, smtp  # noqa: F401 - a fixture

BAD_SETTINGS = {"max_hr": "inf", "timezone": "Mars/Olympus", "week_start": "someday",
                "threshold_pace": "0:00/km"}


def _plant(store: Store, athlete: str, key: str, value: str) -> None:
    """A setting as an older version (or a hand edit) could leave it: unchecked."""
    table = schema.athlete_settings
    with store.engine.begin() as conn:
        conn.execute(table.delete().where(table.c.athlete_id == store.athlete_id(athlete),
                                          table.c.key == key))
        conn.execute(table.insert(), {"athlete_id": store.athlete_id(athlete), "key": key,
                                      "value": value})


@pytest.mark.parametrize(("key", "value"), sorted(BAD_SETTINGS.items()))
def test_one_athletes_bad_setting_stops_nobody_and_check_removes_it(tmp_path, smtp, key,  # noqa: F811
                                                                     value):
    controller, inbox = smtp
    monday = datetime(2026, 9, 7, 8, tzinfo=UTC)
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for athlete in ("ann", "ben"):
            import_paths(store, athlete=athlete, paths=sorted(SAMPLE_RUNS.glob("2026-08-3*.fit")),
                         workers=1)
            store.set_settings(athlete, _mail_settings(controller, summary_day="monday",
                                                       email=f"{athlete}@example.org"))
        _plant(store, "ben", key, value)
        assert getattr(effective(store.settings("ben")), key) != value  # ignored: the default
        results = {r["athlete"]: r["status"] for r in send_due(store, monday)}
        assert results == {"ann": "sent", "ben": "sent"}
        assert len(inbox.messages) == 2
        (finding,) = check(store)
        assert finding.what == f"setting {key}"
        assert value in finding.problem
        check(store, repair=True)
        assert check(store) == []
        assert key not in store.settings("ben")


@pytest.mark.parametrize("pace", ["0:01/km", "99:59/km", "1:00/mi"])
def test_a_threshold_pace_no_runner_holds_is_refused(tmp_path, pace):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 's.db'}", "settings",
                                       "set", f"threshold_pace={pace}"])
    assert result.exit_code == 1
    assert "2:00/km to 20:00/km" in result.output


TRACK = ('<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
         "<trk><trkseg>{points}</trkseg></trk></gpx>")
POINT = '<trkpt lat="{lat}" lon="5.0"><time>{time}</time>{hr}</trkpt>'
HR = ("<extensions><gpxtpx:TrackPointExtension xmlns:gpxtpx="
      '"http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><gpxtpx:hr>{}</gpxtpx:hr>'
      "</gpxtpx:TrackPointExtension></extensions>")


def _gpx(path, times, heart_rates) -> None:
    points = "".join(POINT.format(lat=52 + i * 0.0001, time=t, hr=HR.format(h))
                     for i, (t, h) in enumerate(zip(times, heart_rates, strict=True)))
    path.write_text(TRACK.format(points=points))


def test_an_impossible_date_on_one_point_costs_that_point_not_the_file(tmp_path):
    times = [f"2024-02-28T07:00:{s:02}Z" for s in range(0, 60, 5)]
    times[3] = "2024-02-30T07:00:15Z"
    track = tmp_path / "run.gpx"
    _gpx(track, times, [140] * len(times))
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        (result,) = import_paths(store, athlete="me", paths=[track], workers=1)
        assert result.status == "imported", result.message
        assert "point 4" in result.message
        assert "unexpected" not in result.message


def test_one_impossible_heart_rate_leaves_the_averages_of_the_rest(tmp_path):
    times = [f"2024-02-28T07:00:{s:02}Z" for s in range(0, 60, 5)]
    rates = [140, 150, 4294967295, 160] + [150] * (len(times) - 4)
    track = tmp_path / "run.gpx"
    _gpx(track, times, rates)
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        (result,) = import_paths(store, athlete="me", paths=[track], workers=1)
        (run,) = store.activities("me")
        assert run.max_hr == 160
        assert 140 <= run.avg_hr <= 160
        assert "computed again from the samples" in result.message


@pytest.mark.parametrize("day", ["0001-01-01", "1000-01-01", "9999-12-31", "2020-02-30"])
def test_a_diary_date_outside_1970_to_tomorrow_is_refused(tmp_path, day):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        with pytest.raises(UsageError, match="diary entry 2"):
            import_entries(store, athlete="me", items=[{"date": "2026-08-01", "location": "groin",
                                             "pain": 3},
                                            {"date": day, "location": "groin", "pain": 3}])
        assert store.entries("me") == []  # nothing half-added


def test_a_summary_week_far_away_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 's.db'}", "summary",
                                       "--week", "9999-12-27"])
    assert result.exit_code == 1
    assert "Error: --week takes a date" in result.output.splitlines()[-1]


def test_a_zone_less_list_keeps_its_days_when_the_time_zone_changes(tmp_path):
    garmin = tmp_path / "Activities.csv"
    garmin.write_text("Activity Type,Date,Title,Distance,Time\n"
                      "Running,2024-08-19 18:57:00,Evening,9.98,00:50:00\n")
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.set_settings("me", {"timezone": "UTC"})
        import_paths(store, athlete="me", paths=[garmin], units="km", workers=1)
        store.set_settings("me", {"timezone": "Asia/Kathmandu"})  # UTC+5:45
        days = training(store, athlete="me").days
        assert days.loc["2024-08-19", "distance_km"] == pytest.approx(9.98)
        assert days.loc["2024-08-20", "distance_km"] == 0


def test_runs_removed_by_repair_come_back_with_their_files(tmp_path):
    runs = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:2]
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="me", paths=runs, workers=1)
        first = min(a.id for a in store.activities("me"))
        with store.engine.begin() as conn:
            conn.execute(update(schema.activities).where(schema.activities.c.id == first)
                         .values(start_time=datetime(9999, 12, 31)))
        check(store, repair=True)
        assert len(store.activities("me")) == 1
        statuses = [r.status for r in import_paths(store, athlete="me", paths=runs, workers=1)]
        assert sorted(statuses) == ["duplicate", "imported"]
        assert len(store.activities("me")) == 2


@pytest.mark.parametrize("kind", ["garmin", "strava"])
def test_cells_with_no_usable_value_are_named_in_every_kind_of_list(tmp_path, kind):
    lists = {
        "garmin": "Activity Type,Date,Title,Distance,Time,Avg HR\n"
                  "Running,2024-05-02 08:00:00,A,inf,00:45:00,140\n"
                  "Running,2024-05-03 08:00:00,B,5.0,abc,1e308\n"
                  "Running,2024-05-04 08:00:00,C,5.0,00:45:00,--\n",
        "strava": "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,"
                  "Distance,Moving Time,Distance,Average Heart Rate\n"
                  '1,"May 2, 2024, 8:00:00 AM",A,Run,2700,5.0,2700,inf,140\n'
                  '2,"May 3, 2024, 8:00:00 AM",B,Run,abc,5.0,2700,5000,1e308\n'
                  '3,"May 4, 2024, 8:00:00 AM",C,Run,2700,5.0,2700,5000,\n'}
    path = tmp_path / "list.csv"
    path.write_text(lists[kind])
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        (result,) = import_paths(store, athlete="me", paths=[path], units="km", workers=1)
        assert result.status == "imported"
        assert len(result.activities) == 3
        assert "distance: 1 cell with no usable value (row 2)" in result.message
        assert "avg hr: 1 cell with no usable value (row 3)" in result.message
        assert "row 4" not in result.message  # an empty or '--' cell is no value, not a bad one


TCX = ('<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
       'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running">'
       "<Id>2024-02-28T07:00:00Z</Id>{laps}</Activity></Activities></TrainingCenterDatabase>")
LAP = ("<Lap StartTime=\"2024-02-28T07:{m:02}:00Z\"><TotalTimeSeconds>{time}</TotalTimeSeconds>"
       "<DistanceMeters>{distance}</DistanceMeters><Track>{points}</Track></Lap>")
TRACKPOINT = ("<Trackpoint><Time>2024-02-28T07:{m:02}:{s:02}Z</Time>"
              "<DistanceMeters>{d}</DistanceMeters></Trackpoint>")


@pytest.mark.parametrize("bad", ["-600", "NaN", "1e999"])
def test_one_bad_lap_total_leaves_the_totals_to_the_track_points(tmp_path, bad):
    laps = "".join(LAP.format(
        m=lap * 5, time=bad if lap == 0 else "300", distance="1000",
        points="".join(TRACKPOINT.format(m=lap * 5 + s // 60, s=s % 60, d=lap * 1000 + s * 10 / 3)
                       for s in range(0, 300, 10)))
        for lap in range(2))
    path = tmp_path / "run.tcx"
    path.write_text(TCX.format(laps=laps))
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        (result,) = import_paths(store, athlete="me", paths=[path], workers=1)
        (run,) = store.activities("me")
        assert "lap 1: TotalTimeSeconds" in result.message
        assert run.timer_s == pytest.approx(590, abs=15)  # the points' time, not 300 - 600


def test_a_dropped_value_is_written_as_a_reader_writes_it():
    """One heart rate of 4294967295 (a sensor's all-ones): "1 heart rate value ... 4294967295"."""
    import numpy as np

    from loadwatch.plausible import clean_samples

    samples = {"time": np.arange(5.0), "heart_rate": np.array([140, 141, 4294967295.0, 142, 143])}
    _cleaned, notes = clean_samples(samples, "run.fit")
    (note,) = notes
    assert "1 heart rate value outside 25-250 bpm dropped" in note
    assert "first: 4294967295 at point 3" in note
    assert "e+09" not in note
