"""The load engine on the command line: ``days`` and ``weeks`` on the sample story."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import run, said
from tests.fitbuild import START, run_file


def test_the_sample_story_shows_in_weeks(sample_store):
    weeks = {w["week_start"]: w for w in json.loads(run(sample_store, "weeks", "--json"))}
    assert weeks["2026-07-06"]["band"] is None  # the first week
    assert weeks["2026-08-03"]["band"] == ">30%"  # the ramp's first week: 32 -> 43 km
    assert weeks["2026-08-03"]["exceeds_10pct"] is True
    assert weeks["2026-08-31"]["band"] == "regression"  # the cut-back
    assert weeks["2026-08-24"]["longest_run_km"] == pytest.approx(33, abs=0.05)
    assert weeks["2026-08-24"]["spike_band"] == "large"  # the 33 km long run
    assert set(weeks["2026-07-13"]["surface_km"]) == {"road", "track", "treadmill"}
    assert sum(weeks["2026-08-03"]["intensity"].values()) == pytest.approx(1.0)


def test_the_weeks_table_shows_the_ramp_the_spike_and_where_the_bands_come_from(sample_store):
    table = run(sample_store, "weeks")
    header, rule, *rows = table.splitlines()
    assert header.split()[:4] == ["week", "of", "km", "runs"]
    assert set(rule) == {"-", " "}
    ramp = next(row for row in rows if row.startswith("2026-08-03"))
    assert ramp.split()[1:6] == ["43.00", "5", "14.00", "+34%", ">30%"]
    spike = next(row for row in rows if row.startswith("2026-08-24"))
    assert "2.06 large" in spike
    assert "Nielsen" in table


def test_the_frames_are_tidy_and_the_json_groups_their_columns(sample_store):
    from loadwatch.metrics.json_rows import week_records
    from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS, WEEK_ZONE_COLUMNS
    from loadwatch.service import open_store
    from loadwatch.service.reports import training

    with open_store(sample_store) as store:
        view = training(store, athlete="me")
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
    (listed,) = [r for r in json.loads(run(sample_store, "weeks", "--json"))
                 if r["week_start"] == "2026-07-13"]
    assert listed["surface_km"] == record["surface_km"]  # the command prints the records


def test_days_cover_every_day_and_ratios_start_on_day_28(sample_store):
    days = json.loads(run(sample_store, "days", "--json", "--from", "2026-07-07",
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


def test_the_days_table_names_the_zone_and_says_the_ratio_is_contested(sample_store):
    table = run(sample_store, "days", "--from", "2026-08-29", "--to", "2026-08-31")
    rows = table.splitlines()[2:5]
    assert [row.split()[0] for row in rows] == ["2026-08-29", "2026-08-30", "2026-08-31"]
    assert rows[1].split()[1] == "33.00"  # the long run's day
    assert "danger" in rows[1]
    assert rows[2].split()[1:3] == ["0.00", "0"]  # a rest day is a day
    assert "read it as a trend" in said(table)


def test_units_change_the_display_not_the_json(sample_store):
    run(sample_store, "settings", "set", "units=mi")
    assert run(sample_store, "weeks").splitlines()[0].split()[2] == "mi"
    assert run(sample_store, "days").splitlines()[0].split()[1] == "mi"
    weeks = json.loads(run(sample_store, "weeks", "--json"))
    assert weeks[0]["distance_km"] == pytest.approx(30, abs=0.05)
    assert run(sample_store, "weeks").splitlines()[2].split()[1] == "18.64"  # 29.99 km and a bit


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
    run(url, "import", str(folder))
    run(url, "settings", "set", "timezone=UTC")
    days = json.loads(run(url, "days", "--json"))
    assert sum(d["distance_km"] for d in days) == pytest.approx(10.797)  # the run only
    assert days[1]["load"] == 0  # the ride's day
    run(url, "settings", "set", "count_cross_training_load=true")
    days = json.loads(run(url, "days", "--json"))
    assert days[1]["load"] == pytest.approx(56.25)  # an hour at the default intensity
    ride = next(line for line in run(url, "activities").splitlines() if "cycling" in line)
    assert ride.split()[4:6] == ["30.00", "1:00:00"]
    assert "/km" not in ride  # no pace for a ride


def test_an_empty_store_says_how_to_begin(empty_url):
    for command in ("days", "weeks"):
        assert run(empty_url, command).startswith("No activities for me yet")
        assert run(empty_url, command, "--json") == "[]\n"


def test_an_empty_range_of_days_is_told_apart_from_an_empty_history(sample_store):
    assert run(sample_store, "days", "--from", "2030-01-01").startswith("No days in that range")
    backwards = run(sample_store, "days", "--from", "2026-08-10", "--to", "2026-08-01", code=1)
    assert "--to (2026-08-01) is before --from (2026-08-10)" in backwards
