"""The load engine through the command line: settings, days, weeks, activities."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from loadwatch.cli import main
from tests.conftest import SAMPLE_RUNS
from tests.fitbuild import START, run_file


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def sample_store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 's.db'}"
    _run(url, "import", str(SAMPLE_RUNS))
    _run(url, "settings", "set", "timezone=Europe/Amsterdam", "max_hr=190", "resting_hr=50",
         "threshold_hr=170", "threshold_pace=4:30/km")
    return url


def test_the_sample_story_shows_in_weeks(sample_store):
    weeks = {w["week_start"]: w for w in json.loads(_run(sample_store, "weeks", "--json"))}
    assert weeks["2026-07-06"]["band"] is None  # the first week
    assert weeks["2026-08-03"]["band"] == ">30%"  # the ramp's first week: 32 -> 43 km
    assert weeks["2026-08-03"]["exceeds_10pct"] is True
    assert weeks["2026-08-31"]["band"] == "regression"  # the cut-back
    assert weeks["2026-08-24"]["longest_run_km"] == pytest.approx(33, abs=0.05)
    assert weeks["2026-08-24"]["spike_band"] == "large"  # the 33 km long run
    assert set(weeks["2026-07-13"]["surface_km"]) == {"road", "track", "treadmill"}
    assert sum(weeks["2026-08-03"]["intensity"].values()) == pytest.approx(1.0)
    table = _run(sample_store, "weeks")
    assert "2026-08-03" in table
    assert ">30%" in table
    assert "Nielsen" in table
    assert "2.06 large" in table


def test_the_frames_are_tidy_and_the_json_groups_their_columns(sample_store):
    from loadwatch.metrics.records import week_records
    from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS, WEEK_ZONE_COLUMNS
    from loadwatch.service.reports import training
    from loadwatch.store import Store

    with Store(sample_store) as store:
        view = training(store, "me")
    weeks, activities = view.weeks, view.activities
    tidy = [*SURFACE_COLUMNS.values(), *SHARE_COLUMNS.values(), *WEEK_ZONE_COLUMNS]
    assert all(weeks[column].dtype == float for column in tidy)
    assert "surface_km" not in weeks
    assert "time_in_hr_zones_s" not in activities
    week = weeks.loc["2026-07-13"]
    assert week["surface_track_km"] == pytest.approx(7.0, abs=0.01)
    assert week["surface_trail_km"] == 0
    assert week[list(SHARE_COLUMNS.values())].sum() == pytest.approx(1.0)
    (record,) = [r for r in week_records(weeks) if r["week_start"] == "2026-07-13"]
    assert list(record["surface_km"]) == ["road", "track", "treadmill"]  # by name, km > 0
    assert record["surface_km"]["track"] == week["surface_track_km"]
    assert record["intensity"] == {name: week[column] for name, column in SHARE_COLUMNS.items()}
    assert record["zone_seconds"] == week[list(WEEK_ZONE_COLUMNS)].tolist()


def test_the_long_run_spike_shows_in_activities(sample_store):
    activities = json.loads(_run(sample_store, "activities", "--json"))
    longest = max(activities, key=lambda a: a["distance_m"])
    assert longest["spike_band"] == "large"  # 33 km after a longest of 16 km: 2.06
    assert longest["spike_ratio"] == pytest.approx(33 / 16, rel=0.01)
    assert longest["load_method"] == "hrtss"
    assert longest["load_note"] == "TRIMP with the men's constants: set sex to use your own"
    assert longest["gap_speed"] == pytest.approx(longest["distance_m"] / longest["timer_s"],
                                                 rel=0.02)  # a flat road run
    assert len(longest["time_in_hr_zones_s"]) == 5
    treadmill = [a for a in activities if a["sub_sport"] == "treadmill"]
    assert {a["surface"] for a in treadmill} == {"treadmill"}


def test_a_setting_change_recomputes_without_reimporting(sample_store):
    before = json.loads(_run(sample_store, "activities", "--json"))[0]
    _run(sample_store, "settings", "set", "threshold_hr=160")
    after = json.loads(_run(sample_store, "activities", "--json"))[0]
    assert after["hrtss"] > before["hrtss"]  # a lower threshold: the same run costs more
    assert after["trimp"] == pytest.approx(before["trimp"])


def test_days_cover_every_day_and_ratios_start_on_day_28(sample_store):
    days = json.loads(_run(sample_store, "days", "--json", "--from", "2026-07-07",
                           "--to", "2026-08-05"))
    assert [d["date"] for d in days][:2] == ["2026-07-07", "2026-07-08"]
    assert len(days) == 30
    assert days[1]["distance_km"] == 0
    assert days[1]["load"] == 0
    first_ratio = next(d for d in days if d["acwr_ewma"] is not None)
    assert first_ratio["date"] == "2026-08-03"  # 28th day counting 2026-07-07
    expected = {"date", "distance_km", "load", "acute_load", "chronic_load", "acwr_ewma",
                "acwr_coupled", "acwr_uncoupled",
                "distance_acwr_ewma", "distance_acwr_coupled", "distance_acwr_uncoupled",
                "ctl", "atl", "tsb", "ramp"}
    assert set(days[0]) == expected


def test_editing_an_activity_changes_its_surface_and_load(sample_store):
    _run(sample_store, "settings", "set", "threshold_hr=180")
    first = json.loads(_run(sample_store, "activities", "--json"))[-1]
    _run(sample_store, "activity", str(first["id"]), "set", "surface=grass", "rpe=7")
    edited = next(a for a in json.loads(_run(sample_store, "activities", "--json"))
                  if a["id"] == first["id"])
    assert (edited["surface"], edited["surface_source"], edited["rpe"]) == ("grass", "user", 7.0)
    assert edited["srpe"] == pytest.approx(7 * first["timer_s"] / 60)


def test_units_change_the_display_not_the_json(sample_store):
    _run(sample_store, "settings", "set", "units=mi")
    assert " mi " in _run(sample_store, "weeks").splitlines()[0] + " "
    weeks = json.loads(_run(sample_store, "weeks", "--json"))
    assert weeks[0]["distance_km"] == pytest.approx(30, abs=0.05)


def test_rides_are_not_running_distance_and_count_as_load_only_when_asked(tmp_path):
    from loadwatch.testing.fit_writer import FitWriter

    url = f"sqlite:///{tmp_path / 's.db'}"
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "run.fit").write_bytes(run_file(3600, speed=3.0))
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", product=1,
                   time_created=START + 86_400)
    writer.message("session", start_time=START + 86_400, timestamp=START + 90_000,
                   sport="cycling", total_distance=30_000.0, total_timer_time=3600,
                   total_elapsed_time=3600)
    (folder / "ride.fit").write_bytes(writer.to_bytes())
    _run(url, "import", str(folder))
    _run(url, "settings", "set", "timezone=UTC")
    days = json.loads(_run(url, "days", "--json"))
    assert sum(d["distance_km"] for d in days) == pytest.approx(10.797)  # the run only
    assert days[1]["load"] == 0  # the ride's day
    _run(url, "settings", "set", "count_cross_training_load=true")
    days = json.loads(_run(url, "days", "--json"))
    assert days[1]["load"] == pytest.approx(56.25)  # an hour at the default intensity
